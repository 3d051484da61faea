package io.stratus.identity.model;

import java.time.Instant;
import java.util.List;

/**
 * A Keystone application credential: a secret (stored only as an Argon2id hash) that lets a program
 * act as its user on one project with a subset of the user's roles there, until it expires (never
 * when expiresAt is null). A restricted one may not manage application credentials.
 */
public record ApplicationCredential(
    String id,
    String name,
    String userId,
    String projectId,
    String description,
    String secretHash,
    List<String> roleIds,
    String expiresAt,
    boolean unrestricted) {

  public ApplicationCredential {
    roleIds = List.copyOf(roleIds);
  }

  /** The expiry as an instant, or null for a credential that does not expire. */
  public Instant expiry() {
    return expiresAt == null ? null : Instant.parse(expiresAt);
  }

  /** Whether the credential has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    Instant expiry = expiry();
    return expiry != null && !now.isBefore(expiry);
  }
}
