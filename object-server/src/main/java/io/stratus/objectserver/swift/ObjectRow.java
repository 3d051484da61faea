package io.stratus.objectserver.swift;

/** One object row of a container listing: the newest state of a name (deleted rows are tombstones). */
public record ObjectRow(String name, Timestamp timestamp, long bytes, String contentType, String etag, boolean deleted) {
}
