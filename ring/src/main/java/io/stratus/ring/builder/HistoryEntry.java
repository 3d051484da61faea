package io.stratus.ring.builder;

import java.time.Instant;

/** One change recorded in a builder file: when, the builder version it produced, and what it was. */
public record HistoryEntry(Instant at, long version, String event) {
}
