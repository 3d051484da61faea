package io.stratus.identity.model;

/** A Keystone user inside a domain; passwordHash is an Argon2id string and is never rendered. */
public record User(
    String id,
    String name,
    String domainId,
    String passwordHash,
    boolean enabled,
    String defaultProjectId,
    String email,
    String description) {

  public User withPasswordHash(String hash) {
    return new User(id, name, domainId, hash, enabled, defaultProjectId, email, description);
  }
}
