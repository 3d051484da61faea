package io.stratus.ring.builder;

/**
 * What a rebalance did.
 *
 * @param seed the random seed it used; the same builder and seed give the same ring
 * @param changedPartitions partitions with at least one replica on a new device
 * @param changedReplicas partition-replicas on a new device
 * @param removedDevices devices that were marked for removal and are now gone
 * @param balance the worst device's deviation from its weight's share, in percent
 * @param dispersion the percentage of partitions placed less widely than the tiers allow
 */
public record RebalanceResult(long seed, int changedPartitions, int changedReplicas, int removedDevices,
    double balance, double dispersion) {
}
