package io.stratus.compute.kafka;

/** One record read from a topic, as the rest of compute sees it (no Kafka types outside this package). */
public record BusRecord(String topic, int partition, long offset, String key, String value, long timestamp) {
}
