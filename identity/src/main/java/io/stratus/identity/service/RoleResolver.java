package io.stratus.identity.service;

import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.model.Role;
import io.stratus.identity.store.IdentityStore;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Computes a user's effective roles on a target: the direct grants plus every role they imply. */
public final class RoleResolver {
  private final IdentityStore store;

  public RoleResolver(IdentityStore store) {
    this.store = store;
  }

  /** The effective roles of the user on the target, direct grants first; roles since deleted are skipped. */
  public Future<List<Role>> effectiveRoles(String userId, TargetType type, String targetId) {
    return store.grantsOf(userId).compose(grants -> {
      Set<String> direct = new LinkedHashSet<>();
      for (Assignment a : grants) {
        if (a.targetType() == type && a.targetId().equals(targetId)) direct.add(a.roleId());
      }
      if (direct.isEmpty()) return Future.succeededFuture(List.<Role>of());
      return store.implications().compose(pairs -> loadRoles(expand(direct, pairs)));
    });
  }

  /**
   * The roles a token made from an application credential carries on its project: the credential's
   * roles and the roles they imply, kept only while the user still holds them there.
   */
  public Future<List<Role>> delegatedRoles(String userId, String projectId, List<String> credRoleIds) {
    return effectiveRoles(userId, TargetType.PROJECT, projectId).compose(held -> {
      if (held.isEmpty()) return Future.succeededFuture(held);
      return store.implications().map(pairs -> {
        Set<String> allowed = expand(new LinkedHashSet<>(credRoleIds), pairs);
        return held.stream().filter(role -> allowed.contains(role.id())).toList();
      });
    });
  }

  /** The role ids with every implied role added, following chains (admin, member, reader). */
  public static Set<String> expand(Set<String> roleIds, List<String[]> implications) {
    Map<String, List<String>> implied = implications.stream()
        .collect(Collectors.groupingBy(p -> p[0], Collectors.mapping(p -> p[1], Collectors.toList())));
    Set<String> out = new LinkedHashSet<>(roleIds);
    Deque<String> todo = new ArrayDeque<>(roleIds);
    while (!todo.isEmpty()) {
      for (String next : implied.getOrDefault(todo.pop(), List.of())) {
        if (out.add(next)) todo.add(next);
      }
    }
    return out;
  }

  /** The roles with the ids, in order, skipping ids with no role. */
  public Future<List<Role>> loadRoles(Set<String> roleIds) {
    List<Future<Role>> loads = new ArrayList<>();
    for (String id : roleIds) loads.add(store.roles().find(id));
    return Future.all(loads).map(all -> {
      List<Role> out = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        Role role = all.resultAt(i);
        if (role != null) out.add(role);
      }
      return out;
    });
  }
}
