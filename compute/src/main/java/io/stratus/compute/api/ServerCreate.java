package io.stratus.compute.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.compute.message.Command;
import io.stratus.compute.message.HostReport;
import io.stratus.compute.message.InstanceSpec;
import io.stratus.compute.scheduler.Resources;
import io.stratus.compute.scheduler.Scheduler;
import io.stratus.compute.state.InstanceStatus;
import io.stratus.compute.state.Instances;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * POST /servers: validates the request like Nova (flavor, image through the image service with the caller's
 * token, key pair, zone, metadata, user data, counts), checks and reserves quota, then per instance schedules and
 * claims a host, writes the instance record (with its BUILD command) and sends the command; an instance no host
 * can take is recorded in ERROR with Nova's NoValidHost fault. Answers 202 once every record is in Kafka.
 */
final class ServerCreate {
  static final String NO_VALID_HOST = "No valid host was found. There are not enough hosts available.";
  private static final Set<String> ALLOWED = Set.of("name", "imageRef", "flavorRef", "adminPass", "metadata", "networks",
      "OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "personality", "availability_zone", "block_device_mapping",
      "block_device_mapping_v2", "config_drive", "key_name", "max_count", "min_count", "return_reservation_id",
      "security_groups", "user_data");
  private static final int MAX_USER_DATA = 65535;
  private static final int MAX_METADATA_ITEMS = 128;
  private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiContext api;

  ServerCreate(ApiContext api) {
    this.api = api;
  }

  /** The request, validated before anything is looked up remotely. */
  private record Request(String name, String imageRef, JsonObject flavor, JsonObject metadata, String userData,
      JsonObject keypair, String zone, int min, int max, boolean reservation, String adminPass, String diskConfig,
      String v4, String v6, boolean configDrive) {
  }

  void handle(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    RolePolicy.requireOnProject(caller, caller.projectId(), RolePolicy.MEMBER);
    JsonObject body = Http.body(ctx);
    Request request = parse(caller, Http.member(body, "server"));
    String requestId = ctx.get(ApiContext.REQUEST_ID);
    api.images().image(request.imageRef(), ctx.get(ApiContext.TOKEN), requestId)
        .compose(image -> launch(ctx, caller, request, checkImage(request, image)))
        .onFailure(ctx::fail);
  }

  private Request parse(AuthContext caller, JsonObject in) {
    for (String key : in.fieldNames()) {
      if (!ALLOWED.contains(key)) {
        throw StratusException.badRequest("Invalid input for field/attribute server. Additional properties are not allowed ('"
            + key + "' was unexpected)");
      }
    }
    String name = ServerRoutes.validName(in);
    String imageRef = lastSegment(in.getValue("imageRef"), "imageRef");
    JsonObject flavor = flavor(in.getValue("flavorRef"));
    JsonObject metadata = MetadataRoutes.validate(in.getValue("metadata"), MAX_METADATA_ITEMS);
    String userData = userData(in.getValue("user_data"));
    JsonObject keypair = null;
    String keyName = Fields.string(in, "key_name", 255, false);
    if (keyName != null) {
      keypair = api.store().get(KeypairRoutes.key(caller.userId(), keyName));
      if (keypair == null) throw StratusException.badRequest("Invalid key_name provided.");
    }
    String zone = Fields.string(in, "availability_zone", 255, false);
    if (zone != null && api.hosts().all().stream().map(HostReport::zone).noneMatch(zone::equals)) {
      throw StratusException.badRequest("The requested availability zone is not available");
    }
    networks(in.getValue("networks"));
    int min = (int) Fields.integer(in, "min_count", 1, Integer.MAX_VALUE, 1L);
    int max = (int) Fields.integer(in, "max_count", 1, Integer.MAX_VALUE, (long) min);
    if (min > max) throw StratusException.badRequest("min_count must be <= max_count");
    String adminPass = Fields.string(in, "adminPass", 255, false);
    return new Request(name, imageRef, flavor, metadata, userData, keypair, zone, min, max,
        Fields.bool(in, "return_reservation_id", false), adminPass == null ? password() : adminPass,
        Optional.ofNullable(ServerRoutes.diskConfig(in)).orElse("MANUAL"), ServerRoutes.address(in, "accessIPv4", false),
        ServerRoutes.address(in, "accessIPv6", true), Fields.bool(in, "config_drive", false));
  }

  private JsonObject flavor(Object ref) {
    String id = lastSegment(ref, "flavorRef");
    JsonObject flavor = api.store().get(FlavorRoutes.PREFIX + id);
    if (flavor == null) throw StratusException.badRequest("Invalid flavorRef provided.");
    if (flavor.getBoolean("disabled", false)) throw StratusException.badRequest("Flavor is disabled.");
    return flavor;
  }

  /** An id or a URL ending in one (Nova takes both for imageRef and flavorRef). */
  private static String lastSegment(Object ref, String field) {
    if (ref == null) throw Fields.invalid(field, null, "'" + field + "' is a required property");
    if (!(ref instanceof String) && !(ref instanceof Integer) && !(ref instanceof Long)) {
      throw Fields.invalid(field, ref, ref + " is not of type 'string', 'integer'");
    }
    String s = String.valueOf(ref).trim();
    String id = s.endsWith("/") ? "" : s.substring(s.lastIndexOf('/') + 1);
    if (id.isEmpty()) throw Fields.invalid(field, ref, "'' is too short");
    if (field.equals("imageRef") && !id.matches("[0-9a-fA-F-]{32,36}")) {
      throw StratusException.badRequest("Invalid imageRef provided.");
    }
    return id;
  }

  private static String userData(Object value) {
    if (value == null) return null;
    if (!(value instanceof String s)) throw Fields.invalid("user_data", value, "It is not a string.");
    if (s.length() > MAX_USER_DATA) {
      throw StratusException.badRequest("User data too large. User data must be no larger than " + MAX_USER_DATA
          + " bytes once base64 encoded. Your data is " + s.length() + " bytes");
    }
    try {
      Base64.getDecoder().decode(s.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw StratusException.badRequest("Userdata content cannot be decoded");
    }
    return s;
  }

  /** We have no networking: "none", "auto" and lists of networks are accepted; addresses stay empty. */
  private static void networks(Object value) {
    if (value == null || "none".equals(value) || "auto".equals(value)) return;
    if (value instanceof JsonArray list) {
      for (Object n : list) {
        if (!(n instanceof JsonObject net)) throw Fields.invalid("networks", value, n + " is not of type 'object'");
        Object uuid = net.getValue("uuid");
        if (uuid != null && !(uuid instanceof String u && u.matches("[0-9a-fA-F-]{32,36}"))) {
          throw StratusException.badRequest("Bad networks format: network uuid is not in proper format (" + uuid + ")");
        }
      }
      return;
    }
    throw Fields.invalid("networks", value, "It must be 'none', 'auto' or a list of networks.");
  }

  private static JsonObject checkImage(Request request, JsonObject image) {
    if (image == null) throw StratusException.badRequest("Can not find requested image");
    if (!"active".equals(image.getString("status"))) {
      throw StratusException.badRequest("Image " + request.imageRef() + " is not active.");
    }
    JsonObject flavor = request.flavor();
    long ramMb = flavor.getLong("ram");
    long diskBytes = flavor.getLong("disk") * 1024L * 1024 * 1024;
    if (number(image, "min_ram") > ramMb) throw StratusException.badRequest("Flavor's memory is too small for requested image.");
    long minDisk = number(image, "min_disk") * 1024L * 1024 * 1024;
    long size = number(image, "size");
    if (diskBytes > 0 && size > diskBytes) {
      throw StratusException.badRequest("Flavor's disk is too small for requested image. Flavor disk is " + diskBytes
          + " bytes, image is " + size + " bytes.");
    }
    if (diskBytes > 0 && minDisk > diskBytes) {
      throw StratusException.badRequest("Flavor's disk is too small for requested image. Flavor disk is " + diskBytes
          + " bytes, minimum disk is " + minDisk + " bytes.");
    }
    return image;
  }

  private static long number(JsonObject image, String key) {
    Object v = image.getValue(key);
    return v instanceof Number n ? n.longValue() : 0;
  }

  private Future<Void> launch(RoutingContext ctx, AuthContext caller, Request request, JsonObject image) {
    JsonObject probe = new JsonObject().put("flavor", request.flavor());
    Map.Entry<String, Integer> granted = api.quotas().reserve(caller.projectId(), Instances.resources(probe), request.min(),
        request.max());
    String reservationId = "r-" + Long.toString(RANDOM.nextLong() >>> 2 | 1L << 61, 36).substring(0, 8);
    List<Future<JsonObject>> launched = new ArrayList<>();
    for (int n = 1; n <= granted.getValue(); n++) {
      String name = granted.getValue() > 1 ? request.name() + "-" + n : request.name();
      launched.add(launchOne(caller, request, image, name, reservationId));
    }
    return Future.all(launched).onComplete(done -> api.quotas().release(granted.getKey())).map(all -> {
      JsonObject first = launched.get(0).result();
      String base = api.baseUrl(ctx);
      String self = base + "/v2.1/servers/" + first.getString("id");
      if (request.reservation()) {
        Http.json(ctx, 202, new JsonObject().put("reservation_id", reservationId));
        return null;
      }
      ctx.response().putHeader("Location", self);
      Http.json(ctx, 202, new JsonObject().put("server", ServerView.brief(base, first)
          .put("OS-DCF:diskConfig", request.diskConfig()).put("adminPass", request.adminPass())
          .put("security_groups", new JsonArray().add(new JsonObject().put("name", "default")))));
      return null;
    });
  }

  /** Schedules, records and (when placed) sends the BUILD command of one instance; answers its record. */
  private Future<JsonObject> launchOne(AuthContext caller, Request request, JsonObject image, String name, String reservationId) {
    String id = UUID.randomUUID().toString();
    long now = api.clock().millis();
    JsonObject instance = record(caller, request, image, id, name, now).put("reservation_id", reservationId);
    Resources need = Instances.resources(instance);
    Optional<String> host = api.scheduler().schedule(new Scheduler.Request(id, need, request.zone(),
        image.getString("hypervisor_type"), image.getString("architecture")));
    if (host.isEmpty()) {
      instance.put("vm_state", InstanceStatus.ERROR).putNull("task_state").put("fault", new JsonObject().put("code", 500)
          .put("message", NO_VALID_HOST).put("details", "No host passed the filters for " + need + ".").put("created", now));
      return api.store().put(Instances.key(id), instance);
    }
    HostReport report = api.hosts().get(host.get());
    JsonObject publicKey = request.keypair();
    InstanceSpec spec = new InstanceSpec(name, caller.projectId(), caller.userId(), need.vcpus(), need.ramMb(),
        request.flavor().getLong("disk"), request.flavor().getString("id"), image, request.userData(), request.metadata(),
        publicKey == null ? null : publicKey.getString("name"), publicKey == null ? null : publicKey.getString("public_key"),
        report.zone());
    Command build = new Command(UUID.randomUUID().toString(), id, 1, Command.Action.BUILD, host.get(), spec.toJson(), now);
    instance.put("host", host.get()).put("availability_zone", report.zone()).put("claimed", true)
        .put("task_state", InstanceStatus.SPAWNING).put("last_seq", 1L).put("pending_command", build.toJson());
    return api.store().put(Instances.key(id), instance)
        .compose(stored -> api.commands().publish(build).map(stored))
        .onFailure(e -> {
          if (api.store().get(Instances.key(id)) == null) api.scheduler().release(id);
        });
  }

  private static JsonObject record(AuthContext caller, Request request, JsonObject image, String id, String name, long now) {
    JsonObject f = request.flavor();
    return new JsonObject().put("id", id).put("name", name).put("project_id", caller.projectId())
        .put("user_id", caller.userId()).put("image_id", image.getString("id"))
        .put("flavor", new JsonObject().put("id", f.getString("id")).put("name", f.getString("name"))
            .put("vcpus", f.getInteger("vcpus")).put("ram", f.getLong("ram")).put("disk", f.getLong("disk"))
            .put("ephemeral", f.getLong("ephemeral", 0L)).put("swap", f.getLong("swap", 0L)))
        .put("key_name", request.keypair() == null ? null : request.keypair().getString("name"))
        .put("metadata", request.metadata()).put("user_data", request.userData())
        .put("availability_zone", request.zone() == null ? "" : request.zone())
        .put("vm_state", InstanceStatus.BUILDING).put("task_state", InstanceStatus.SCHEDULING).put("power_state", 0)
        .put("created", now).put("updated", now).put("instance_name", "instance-" + id.substring(0, 8))
        .put("disk_config", request.diskConfig()).put("access_ipv4", request.v4() == null ? "" : request.v4())
        .put("access_ipv6", request.v6() == null ? "" : request.v6()).put("config_drive", request.configDrive())
        .put("last_seq", 0L).put("claimed", false);
  }

  private static String password() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 12; i++) b.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
    return b.toString();
  }
}
