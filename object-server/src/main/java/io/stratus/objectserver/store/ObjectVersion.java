package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;

/**
 * One object's state as replication compares it (what Swift's ssync missing check exchanges):
 * its path hash in hex, data and metadata timestamps, and whether it is a tombstone.
 */
public record ObjectVersion(String hash, Timestamp data, Timestamp meta, boolean deleted) {
}
