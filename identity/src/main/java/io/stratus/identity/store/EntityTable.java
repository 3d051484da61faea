package io.stratus.identity.store;

import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One kind of named entity (domains, projects, users, roles, application credentials): records under "kind/{id}" and a unique
 * name index under "kind-name/{scope}/{name}", kept in step by atomic writes.
 */
public final class EntityTable<T> {
  private final RocksStore store;
  private final String kind;
  private final String label;
  private final Class<T> type;
  private final Function<T, String> id;
  private final Function<T, String> scope;
  private final Function<T, String> name;

  EntityTable(RocksStore store, String kind, String label, Class<T> type,
      Function<T, String> id, Function<T, String> scope, Function<T, String> name) {
    this.store = store;
    this.kind = kind;
    this.label = label;
    this.type = type;
    this.id = id;
    this.scope = scope;
    this.name = name;
  }

  /** The entity, or null when there is none with the id. */
  public Future<T> find(String entityId) {
    if (entityId == null || entityId.isEmpty()) return Future.succeededFuture(null);
    return store.get(key(entityId)).map(bytes -> bytes == null ? null : JsonCodec.decode(bytes, type));
  }

  /** The entity, or NOT_FOUND in Keystone's words. */
  public Future<T> require(String entityId) {
    return find(entityId).map(found -> {
      if (found == null) throw StratusException.notFound("Could not find " + label + ": " + entityId + ".");
      return found;
    });
  }

  /** The entity with the name in the scope, or null. */
  public Future<T> findByName(String entityScope, String entityName) {
    return store.get(nameKey(entityScope, entityName))
        .compose(idBytes -> idBytes == null ? Future.succeededFuture(null) : find(new String(idBytes, StandardCharsets.UTF_8)));
  }

  public Future<List<T>> list() {
    return store.scan(kind + "/").map(entries -> {
      List<T> out = new ArrayList<>(entries.size());
      for (Map.Entry<String, byte[]> entry : entries) out.add(JsonCodec.decode(entry.getValue(), type));
      return out;
    });
  }

  /** The entities of one scope (e.g. one user's application credentials), in name order. */
  public Future<List<T>> listInScope(String entityScope) {
    String prefix = kind + "-name/" + (entityScope == null ? "" : entityScope) + "/";
    return store.scan(prefix).compose(entries -> {
      List<Future<T>> loads = new ArrayList<>(entries.size());
      for (Map.Entry<String, byte[]> entry : entries) loads.add(find(new String(entry.getValue(), StandardCharsets.UTF_8)));
      return Future.all(loads).map(all -> {
        List<T> out = new ArrayList<>(loads.size());
        for (int i = 0; i < all.size(); i++) {
          T found = all.resultAt(i);
          if (found != null) out.add(found);
        }
        return out;
      });
    });
  }

  /** Stores a new entity; CONFLICT when its name is taken in its scope. */
  public Future<T> create(T entity) {
    String nameKey = nameKey(scope.apply(entity), name.apply(entity));
    return store.write(
        List.of(Precondition.absent(nameKey, duplicate(entity)), Precondition.absent(key(id.apply(entity)), duplicate(entity))),
        List.of(Mutation.put(key(id.apply(entity)), JsonCodec.encode(entity)),
            Mutation.put(nameKey, RocksStore.bytes(id.apply(entity)))))
        .map(entity);
  }

  /** Replaces an entity, moving its name index if the name or scope changed. */
  public Future<T> update(T old, T updated) {
    String oldName = nameKey(scope.apply(old), name.apply(old));
    String newName = nameKey(scope.apply(updated), name.apply(updated));
    List<Precondition> checks = new ArrayList<>();
    checks.add(Precondition.present(key(id.apply(old)), StratusException.notFound("Could not find " + label + ": " + id.apply(old) + ".")));
    List<Mutation> writes = new ArrayList<>();
    writes.add(Mutation.put(key(id.apply(updated)), JsonCodec.encode(updated)));
    if (!Objects.equals(oldName, newName)) {
      checks.add(Precondition.absent(newName, duplicate(updated)));
      writes.add(Mutation.delete(oldName));
      writes.add(Mutation.put(newName, RocksStore.bytes(id.apply(updated))));
    }
    return store.write(checks, writes).map(updated);
  }

  /** The mutations that delete the entity and its name index, to combine with a cascade. */
  public List<Mutation> deletions(T entity) {
    return List.of(Mutation.delete(key(id.apply(entity))), Mutation.delete(nameKey(scope.apply(entity), name.apply(entity))));
  }

  private StratusException duplicate(T entity) {
    return StratusException.conflict("Conflict occurred attempting to store " + label
        + " - Duplicate entry found with name " + name.apply(entity) + ".");
  }

  private String key(String entityId) {
    return kind + "/" + entityId;
  }

  private String nameKey(String entityScope, String entityName) {
    return kind + "-name/" + (entityScope == null ? "" : entityScope) + "/" + entityName;
  }
}
