package io.stratus.identity.model;

/** A Keystone project (a Swift account, a tenant) inside a domain. */
public record Project(String id, String name, String domainId, String description, boolean enabled) {
}
