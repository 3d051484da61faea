package io.stratus.identity.model;

/**
 * A Keystone project (a Swift account, a tenant) inside a domain; its parent is another project of the
 * same domain, or null when it sits right under the domain (records stored before parents existed read so).
 */
public record Project(String id, String name, String domainId, String description, boolean enabled, String parentId) {
  /** The parent_id Keystone shows: the parent project, else the domain (which Keystone keeps as a project). */
  public String parentOrDomain() {
    return parentId != null ? parentId : domainId;
  }
}
