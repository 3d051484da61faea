package io.stratus.identity.service;

import io.stratus.common.auth.Secrets;
import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.model.Domain;
import io.stratus.identity.model.Ids;
import io.stratus.identity.model.Project;
import io.stratus.identity.model.Role;
import io.stratus.identity.model.User;
import io.stratus.identity.store.IdentityStore;
import io.vertx.core.Future;
import java.util.List;

/**
 * First start: the domain "default" (named Default), the roles admin, member and reader with
 * admin implying member implying reader, the project admin and the user admin holding admin on it.
 * Runs once; a store that was bootstrapped is left alone.
 */
public final class Bootstrap {
  public static final String DEFAULT_DOMAIN_ID = "default";
  private static final String DONE = "bootstrapped";

  private final IdentityStore store;
  private final PasswordService passwords;

  /** What the first start created, to print for the operator; null fields when nothing was done. */
  public record Result(boolean created, String userName, String password, boolean generatedPassword, String projectName, String userId, String projectId) {
  }

  public Bootstrap(IdentityStore store, PasswordService passwords) {
    this.store = store;
    this.passwords = passwords;
  }

  public Future<Result> run(String adminPassword) {
    return store.meta(DONE).compose(done -> {
      if (done != null) return Future.succeededFuture(new Result(false, null, null, false, null, null, null));
      boolean generate = adminPassword == null || adminPassword.isEmpty();
      String password = generate ? Secrets.password() : adminPassword;
      return bootstrap(password).map(ids -> new Result(true, "admin", password, generate, "admin", ids[0], ids[1]));
    });
  }

  private Future<String[]> bootstrap(String password) {
    return ensureDomain()
        .compose(d -> ensureRole("admin"))
        .compose(admin -> ensureRole("member")
            .compose(member -> ensureRole("reader")
                .compose(reader -> store.imply(admin.id(), member.id())
                    .compose(v -> store.imply(member.id(), reader.id()))
                    .map(admin))))
        .compose(admin -> ensureProject().compose(project -> ensureUser(password).compose(user ->
            store.grant(new Assignment(user.id(), TargetType.PROJECT, project.id(), admin.id()))
                .compose(v -> store.delete(List.of(store.putMeta(DONE, "true"))))
                .map(v -> new String[] {user.id(), project.id()}))));
  }

  private Future<Domain> ensureDomain() {
    return store.domains().find(DEFAULT_DOMAIN_ID).compose(found -> found != null ? Future.succeededFuture(found)
        : store.domains().create(new Domain(DEFAULT_DOMAIN_ID, "Default", "The default domain", true)));
  }

  private Future<Role> ensureRole(String name) {
    return store.roles().findByName("", name).compose(found -> found != null ? Future.succeededFuture(found)
        : store.roles().create(new Role(Ids.random(), name, null)));
  }

  private Future<Project> ensureProject() {
    return store.projects().findByName(DEFAULT_DOMAIN_ID, "admin").compose(found -> found != null ? Future.succeededFuture(found)
        : store.projects().create(new Project(Ids.random(), "admin", DEFAULT_DOMAIN_ID, "Bootstrap project for initializing the cloud.", true, null)));
  }

  private Future<User> ensureUser(String password) {
    return passwords.hash(password).compose(hash -> store.users().findByName(DEFAULT_DOMAIN_ID, "admin").compose(found -> found != null
        ? store.users().update(found, found.withPasswordHash(hash))
        : store.users().create(new User(Ids.random(), "admin", DEFAULT_DOMAIN_ID, hash, true, null, null, null))));
  }
}
