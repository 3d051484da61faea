package io.stratus.identity.model;

/** A Keystone domain: a namespace of projects and users. */
public record Domain(String id, String name, String description, boolean enabled) {
}
