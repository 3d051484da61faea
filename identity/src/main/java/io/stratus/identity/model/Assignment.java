package io.stratus.identity.model;

/** A grant of a role to a user on a target: a project or a domain. */
public record Assignment(String userId, TargetType targetType, String targetId, String roleId) {

  /** What a role is granted on. */
  public enum TargetType {
    PROJECT("projects"),
    DOMAIN("domains");

    private final String path;

    TargetType(String path) {
      this.path = path;
    }

    /** The URL collection of the target, as in /v3/projects/{id}/users/{u}/roles/{r}. */
    public String path() {
      return path;
    }
  }
}
