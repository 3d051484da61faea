package io.stratus.compute.api;

import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.compute.message.Command;
import io.stratus.compute.state.InstanceStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * POST /servers/{id}/action: os-stop, os-start, reboot and os-getConsoleOutput, each checked against the instance's
 * vm_state and task_state like Nova's {@code check_instance_state} (409 when the state does not allow it), then
 * carried out by a command to the instance's host.
 */
final class ServerActions {
  private static final List<String> HARD_REBOOT_STATES = List.of(InstanceStatus.ACTIVE, InstanceStatus.STOPPED, "paused",
      "suspended", InstanceStatus.ERROR);
  private static final List<String> REBOOT_TASKS = List.of(InstanceStatus.REBOOTING, "reboot_pending", "reboot_started",
      InstanceStatus.REBOOTING_HARD, "reboot_pending_hard", "reboot_started_hard");

  private final ApiContext api;

  ServerActions(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    router.post("/v2.1/servers/:id/action").handler(this::action);
  }

  private void action(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject body = Http.body(ctx);
    ServerRoutes.visible(api, ctx, id, RolePolicy.MEMBER);
    if (body.size() != 1) throw StratusException.badRequest("The action body must hold exactly one action.");
    String action = body.fieldNames().iterator().next();
    switch (action) {
      case "os-stop" -> command(ctx, id, Command.Action.STOP, new JsonObject(),
          state("stop", List.of(InstanceStatus.ACTIVE, InstanceStatus.ERROR), InstanceStatus.POWERING_OFF));
      case "os-start" -> command(ctx, id, Command.Action.START, new JsonObject(),
          state("start", List.of(InstanceStatus.STOPPED), InstanceStatus.POWERING_ON));
      case "reboot" -> reboot(ctx, id, body.getValue("reboot"));
      case "os-getConsoleOutput" -> console(ctx, id, body.getValue("os-getConsoleOutput"));
      default -> throw StratusException.badRequest("There is no such action: " + action);
    }
  }

  private void command(RoutingContext ctx, String id, Command.Action action, JsonObject spec, UnaryOperator<JsonObject> change) {
    api.commands().send(id, action, spec, change).onSuccess(s -> Http.empty(ctx, 202)).onFailure(ctx::fail);
  }

  /** The check of Nova's {@code check_instance_state}: one of the vm states, no task; then the new task state. */
  private UnaryOperator<JsonObject> state(String what, List<String> vmStates, String task) {
    return current -> {
      check(current, what, vmStates, Collections.singletonList(null));
      return current.put("task_state", task).put("updated", api.clock().millis());
    };
  }

  private static void check(JsonObject current, String what, List<String> vmStates, List<String> taskStates) {
    String id = current.getString("id");
    String vm = current.getString("vm_state");
    String task = current.getString("task_state");
    if (!vmStates.contains(vm)) throw invalidState(what, id, "vm_state", vm);
    if (!taskStates.contains(task)) throw invalidState(what, id, "task_state", task);
  }

  private static StratusException invalidState(String what, String id, String attr, String state) {
    return StratusException.conflict("Cannot '" + what + "' instance " + id + " while it is in " + attr + " " + state);
  }

  private void reboot(RoutingContext ctx, String id, Object value) {
    if (!(value instanceof JsonObject args) || !(args.getValue("type") instanceof String type)
        || !List.of("HARD", "SOFT").contains(type.toUpperCase(Locale.ROOT))) {
      throw Fields.invalid("type", value, "The reboot type must be SOFT or HARD.");
    }
    boolean hard = type.equalsIgnoreCase("HARD");
    List<String> tasks = new ArrayList<>(REBOOT_TASKS);
    tasks.add(null);
    command(ctx, id, Command.Action.REBOOT, new JsonObject().put("type", hard ? "HARD" : "SOFT"), current -> {
      check(current, "reboot", hard ? HARD_REBOOT_STATES : List.of(InstanceStatus.ACTIVE),
          hard ? tasks : Collections.singletonList(null));
      return current.put("task_state", hard ? InstanceStatus.REBOOTING_HARD : InstanceStatus.REBOOTING)
          .put("updated", api.clock().millis());
    });
  }

  private void console(RoutingContext ctx, String id, Object value) {
    Integer length = null;
    if (value instanceof JsonObject args && args.getValue("length") != null) {
      Object raw = args.getValue("length");
      if (!(raw instanceof Integer) && !(raw instanceof String s && s.matches("-?\\d{1,9}"))) {
        throw Fields.invalid("length", raw, raw + " is not of type 'integer', 'string', 'null'");
      }
      int n = Integer.parseInt(raw.toString());
      if (n < -1) throw Fields.invalid("length", raw, raw + " is less than the minimum of -1");
      length = n == -1 ? null : n;
    } else if (value != null && !(value instanceof JsonObject)) {
      throw Fields.invalid("os-getConsoleOutput", value, value + " is not of type 'object'");
    }
    api.commands().console(id, length, current -> {
      String vm = current.getString("vm_state");
      if (current.getString("host") == null || InstanceStatus.BUILDING.equals(vm)
          || InstanceStatus.DELETING.equals(current.getString("task_state"))) {
        throw StratusException.conflict("Instance " + id + " is not ready");
      }
      return current;
    }).onSuccess(output -> Http.json(ctx, 200, new JsonObject().put("output", output))).onFailure(ctx::fail);
  }
}
