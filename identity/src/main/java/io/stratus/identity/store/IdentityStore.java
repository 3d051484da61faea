package io.stratus.identity.store;

import io.stratus.common.auth.RevocationEvent;
import io.stratus.common.error.StratusException;
import io.stratus.identity.model.ApplicationCredential;
import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.model.Domain;
import io.stratus.identity.model.Ec2Credential;
import io.stratus.identity.model.Project;
import io.stratus.identity.model.Role;
import io.stratus.identity.model.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The identity registry on RocksDB: domains, projects, users, roles and application credentials
 * (entity tables; credential names are unique per user), role assignments and implied roles, EC2 credentials,
 * token revocations and revocation events, token keys and bootstrap state.
 */
public final class IdentityStore implements AutoCloseable {
  private static final byte[] EMPTY = new byte[0];

  private final RocksStore store;
  private final EntityTable<Domain> domains;
  private final EntityTable<Project> projects;
  private final EntityTable<User> users;
  private final EntityTable<Role> roles;
  private final EntityTable<ApplicationCredential> appCreds;

  public IdentityStore(RocksStore store) {
    this.store = store;
    this.domains = new EntityTable<>(store, "domain", "domain", Domain.class, Domain::id, d -> "", Domain::name);
    this.projects = new EntityTable<>(store, "project", "project", Project.class, Project::id, Project::domainId, Project::name);
    this.users = new EntityTable<>(store, "user", "user", User.class, User::id, User::domainId, User::name);
    this.roles = new EntityTable<>(store, "role", "role", Role.class, Role::id, r -> "",
        r -> r.name().toLowerCase(Locale.ROOT));
    this.appCreds = new EntityTable<>(store, "appcred", "application credential", ApplicationCredential.class,
        ApplicationCredential::id, ApplicationCredential::userId, ApplicationCredential::name);
  }

  public EntityTable<Domain> domains() {
    return domains;
  }

  public EntityTable<Project> projects() {
    return projects;
  }

  public EntityTable<User> users() {
    return users;
  }

  public EntityTable<Role> roles() {
    return roles;
  }

  public EntityTable<ApplicationCredential> appCreds() {
    return appCreds;
  }

  /** Deletes entities and everything that refers to them in one atomic write. */
  public Future<Void> delete(List<Mutation> mutations) {
    return store.write(mutations);
  }

  // ---- role assignments: "grant/{type}/{target}/{user}/{role}" and "grant-user/{user}/{type}/{target}/{role}"

  public Future<Void> grant(Assignment a) {
    return store.write(List.of(Mutation.put(grantKey(a), EMPTY), Mutation.put(userGrantKey(a), EMPTY)));
  }

  public List<Mutation> revocations(Assignment a) {
    return List.of(Mutation.delete(grantKey(a)), Mutation.delete(userGrantKey(a)));
  }

  public Future<Boolean> hasGrant(Assignment a) {
    return store.get(grantKey(a)).map(v -> v != null);
  }

  public Future<List<Assignment>> grantsOf(String userId) {
    return store.scan("grant-user/" + userId + "/").map(entries -> {
      List<Assignment> out = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : entries) {
        String[] p = e.getKey().split("/", 5);
        out.add(new Assignment(p[1], TargetType.valueOf(p[2]), p[3], p[4]));
      }
      return out;
    });
  }

  /** Assignments on one target, or on every target when targetId is null. */
  public Future<List<Assignment>> grantsOn(TargetType type, String targetId) {
    String prefix = type == null ? "grant/" : "grant/" + type.name() + "/" + (targetId == null ? "" : targetId + "/");
    return store.scan(prefix).map(entries -> {
      List<Assignment> out = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : entries) {
        String[] p = e.getKey().split("/", 5);
        out.add(new Assignment(p[3], TargetType.valueOf(p[1]), p[2], p[4]));
      }
      return out;
    });
  }

  // ---- implied roles: "implies/{prior}/{implied}"

  public Future<Void> imply(String priorRoleId, String impliedRoleId) {
    return store.write(List.of(Mutation.put("implies/" + priorRoleId + "/" + impliedRoleId, EMPTY)));
  }

  public Mutation unimply(String priorRoleId, String impliedRoleId) {
    return Mutation.delete("implies/" + priorRoleId + "/" + impliedRoleId);
  }

  /** Every implication as [prior, implied] pairs. */
  public Future<List<String[]>> implications() {
    return store.scan("implies/").map(entries -> {
      List<String[]> out = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : entries) {
        String[] p = e.getKey().split("/", 3);
        out.add(new String[] {p[1], p[2]});
      }
      return out;
    });
  }

  // ---- EC2 credentials: "ec2/{access}" and "ec2-user/{user}/{access}"

  public Future<Ec2Credential> createEc2(Ec2Credential c) {
    return store.write(List.of(Precondition.absent("ec2/" + c.access(), StratusException.conflict("Duplicate access key."))),
        List.of(Mutation.put("ec2/" + c.access(), JsonCodec.encode(c)), Mutation.put("ec2-user/" + c.userId() + "/" + c.access(), EMPTY)))
        .map(c);
  }

  public Future<Ec2Credential> ec2(String access) {
    return store.get("ec2/" + access).map(v -> v == null ? null : JsonCodec.decode(v, Ec2Credential.class));
  }

  public Future<List<String>> ec2AccessKeysOf(String userId) {
    String prefix = "ec2-user/" + userId + "/";
    return store.scan(prefix).map(entries -> entries.stream().map(e -> e.getKey().substring(prefix.length())).toList());
  }

  public List<Mutation> ec2Deletions(Ec2Credential c) {
    return List.of(Mutation.delete("ec2/" + c.access()), Mutation.delete("ec2-user/" + c.userId() + "/" + c.access()));
  }

  // ---- revocations: of one token by audit id, "revoked/{audit id}" -> token expiry (epoch millis); of every
  // token a user was issued up to an instant, "revoked-user/{user}" -> "{issued-before micros}/{keep-until millis}";
  // and the events announcing them, "revocation-event/{at millis, 13 digits}/{event id}" -> event JSON

  /** Applies revocation records and events in one atomic write. */
  public Future<Void> writeRevocations(List<Mutation> mutations) {
    return store.write(mutations);
  }

  public Mutation revoke(String auditId, Instant tokenExpiry) {
    return Mutation.put("revoked/" + auditId, RocksStore.bytes(Long.toString(tokenExpiry.toEpochMilli())));
  }

  public Future<Boolean> isRevoked(String auditId) {
    return store.get("revoked/" + auditId).map(v -> v != null);
  }

  /** Revokes the user's tokens issued at or before {@code issuedBefore}; the record is kept until {@code keepUntil}. */
  public Mutation revokeUserTokens(String userId, Instant issuedBefore, Instant keepUntil) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, issuedBefore);
    return Mutation.put("revoked-user/" + userId, RocksStore.bytes(micros + "/" + keepUntil.toEpochMilli()));
  }

  /** The instant up to which the user's tokens are revoked, or null. */
  public Future<Instant> userTokensRevokedBefore(String userId) {
    return store.get("revoked-user/" + userId).map(v -> v == null ? null
        : Instant.EPOCH.plus(Long.parseLong(new String(v, StandardCharsets.UTF_8).split("/", 2)[0]), ChronoUnit.MICROS));
  }

  public Mutation putRevocationEvent(RevocationEvent event) {
    return Mutation.put(eventKey(event.at(), event.id()), RocksStore.bytes(event.toJson().encode()));
  }

  /** The revocation events at or after {@code since}, oldest first. */
  public Future<List<RevocationEvent>> revocationEventsSince(Instant since) {
    return store.scan("revocation-event/", eventKey(since, "")).map(entries -> {
      List<RevocationEvent> out = new ArrayList<>(entries.size());
      for (Map.Entry<String, byte[]> e : entries) {
        out.add(RevocationEvent.fromJson(new JsonObject(new String(e.getValue(), StandardCharsets.UTF_8))));
      }
      return out;
    });
  }

  /**
   * Drops revocations of tokens that have expired anyway, user revocations past their keep time and events
   * older than {@code eventsBefore}; answers how many records went.
   */
  public Future<Integer> pruneRevocations(Instant now, Instant eventsBefore) {
    return store.scan("revoked").compose(entries -> {
      List<Mutation> drops = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : entries) {
        String value = new String(e.getValue(), StandardCharsets.UTF_8);
        long until = Long.parseLong(e.getKey().startsWith("revoked-user/") ? value.split("/", 2)[1] : value);
        if (until < now.toEpochMilli()) drops.add(Mutation.delete(e.getKey()));
      }
      return store.scan("revocation-event/").compose(events -> {
        String cutoff = eventKey(eventsBefore, "");
        for (Map.Entry<String, byte[]> e : events) {
          if (e.getKey().compareTo(cutoff) >= 0) break;
          drops.add(Mutation.delete(e.getKey()));
        }
        return drops.isEmpty() ? Future.succeededFuture(0) : store.write(drops).map(drops.size());
      });
    });
  }

  private static String eventKey(Instant at, String id) {
    return String.format(Locale.ROOT, "revocation-event/%013d/%s", Math.max(0, at.toEpochMilli()), id);
  }

  // ---- token keys "token-key/{id}" and small state "meta/{name}"

  public Future<List<byte[]>> tokenKeys() {
    return store.scan("token-key/").map(entries -> entries.stream().map(Map.Entry::getValue).toList());
  }

  public Future<Void> replaceTokenKeys(List<Mutation> mutations) {
    return store.write(mutations);
  }

  public static String tokenKeyName(int id) {
    return String.format("token-key/%010d", id);
  }

  public Future<String> meta(String name) {
    return store.get("meta/" + name).map(v -> v == null ? null : new String(v, StandardCharsets.UTF_8));
  }

  public Mutation putMeta(String name, String value) {
    return Mutation.put("meta/" + name, RocksStore.bytes(value));
  }

  private static String grantKey(Assignment a) {
    return "grant/" + a.targetType().name() + "/" + a.targetId() + "/" + a.userId() + "/" + a.roleId();
  }

  private static String userGrantKey(Assignment a) {
    return "grant-user/" + a.userId() + "/" + a.targetType().name() + "/" + a.targetId() + "/" + a.roleId();
  }

  @Override
  public void close() {
    store.close();
  }
}
