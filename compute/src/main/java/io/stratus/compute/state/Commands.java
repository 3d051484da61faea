package io.stratus.compute.state;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.kafka.KafkaTopics;
import io.stratus.compute.message.Command;
import io.stratus.compute.message.InstanceEvent;
import io.stratus.compute.message.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends commands to the agent of an instance's host. The instance record goes first, with the command's seq
 * ({@code last_seq}) and, for a state-changing command, the command itself ({@code pending_command}); only once
 * Kafka has the record is the command sent, so a command lost with this process is sent again at the next start
 * ({@link #resendPending()}; agents recognise a seq they saw). Console requests wait for the agent's answer.
 */
public final class Commands {
  private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

  private final Vertx vertx;
  private final StateStore store;
  private final KafkaSender sender;
  private final Topics topics;
  private final String bootstrap;
  private final Clock clock;
  private final Duration consoleTimeout;
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();
  private final Map<String, Promise<String>> consoles = new ConcurrentHashMap<>();

  public Commands(Vertx vertx, StateStore store, KafkaSender sender, Topics topics, String bootstrap, Clock clock,
      Duration consoleTimeout) {
    this.vertx = vertx;
    this.store = store;
    this.sender = sender;
    this.topics = topics;
    this.bootstrap = bootstrap;
    this.clock = clock;
    this.consoleTimeout = consoleTimeout;
  }

  /**
   * Applies {@code change} to the instance (it may refuse by throwing, e.g. 409 for a wrong state), records the
   * command and sends it to the instance's host; answers the record as stored.
   */
  public Future<JsonObject> send(String instanceId, Command.Action action, JsonObject spec, UnaryOperator<JsonObject> change) {
    return send(instanceId, UUID.randomUUID().toString(), action, spec, change);
  }

  private Future<JsonObject> send(String instanceId, String commandId, Command.Action action, JsonObject spec,
      UnaryOperator<JsonObject> change) {
    AtomicReference<Command> command = new AtomicReference<>();
    return store.update(Instances.key(instanceId), current -> {
      if (current == null) throw StratusException.notFound("Instance " + instanceId + " could not be found.");
      JsonObject next = change.apply(current);
      String host = next.getString("host");
      if (host == null) throw StratusException.conflict("Instance " + instanceId + " is not ready (it has no host).");
      long seq = next.getLong("last_seq", 0L) + 1;
      Command c = new Command(commandId, instanceId, seq, action, host, spec, clock.millis());
      command.set(c);
      next.put("last_seq", seq);
      if (action != Command.Action.CONSOLE) next.put("pending_command", c.toJson());
      return next;
    }, stored -> publish(command.get()).map(stored));
  }

  /** Asks the instance's agent for its console log (the last {@code length} lines; null: all) and waits for it. */
  public Future<String> console(String instanceId, Integer length, UnaryOperator<JsonObject> check) {
    String commandId = UUID.randomUUID().toString();
    Promise<String> answer = Promise.promise();
    consoles.put(commandId, answer);
    long timer = vertx.setTimer(consoleTimeout.toMillis(), t -> {
      Promise<String> waiting = consoles.remove(commandId);
      if (waiting != null) {
        waiting.tryFail(new StratusException(ErrorCode.UNAVAILABLE, "The compute host of instance " + instanceId
            + " did not answer the console request in time."));
      }
    });
    JsonObject spec = length == null ? new JsonObject() : new JsonObject().put("length", length);
    return send(instanceId, commandId, Command.Action.CONSOLE, spec, check)
        .onFailure(e -> {
          consoles.remove(commandId);
          vertx.cancelTimer(timer);
        })
        .compose(sent -> answer.future())
        .onComplete(done -> vertx.cancelTimer(timer));
  }

  /** Completes the console request the event answers, if one still waits. */
  public void consoleAnswered(InstanceEvent event) {
    Promise<String> waiting = event.commandId() == null ? null : consoles.remove(event.commandId());
    if (waiting != null) waiting.tryComplete(event.output() == null ? "" : event.output());
  }

  /** Sends the pending command of every instance again (after a start: it may not have reached Kafka). */
  public Future<Void> resendPending() {
    List<Future<Void>> sent = store.values(Instances.PREFIX).stream()
        .filter(i -> i.getJsonObject("pending_command") != null)
        .map(i -> publish(Command.fromJson(i.getJsonObject("pending_command")))).toList();
    if (!sent.isEmpty()) LOG.info("Sent {} pending command(s) again", sent.size());
    return Future.all(sent).mapEmpty();
  }

  /** Sends the command to its host's topic, creating the topic first if this process has not yet. */
  public Future<Void> publish(Command command) {
    String topic = topics.commands(command.host());
    Future<Void> ready = ensured.contains(topic) ? Future.succeededFuture()
        : KafkaTopics.ensure(vertx, bootstrap, List.of(new KafkaTopics.Spec(topic, 1, false))).onSuccess(v -> ensured.add(topic));
    return ready.compose(v -> sender.send(topic, command.instanceId(), command.toJson().encode()));
  }
}
