package io.stratus.identity.model;

/** A global role, such as admin, member or reader. */
public record Role(String id, String name, String description) {
}
