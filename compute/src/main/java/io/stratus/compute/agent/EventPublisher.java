package io.stratus.compute.agent;

import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.message.Command;
import io.stratus.compute.message.InstanceEvent;
import io.stratus.compute.message.Topics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.UUID;

/** Makes the agent's instance events and sends them to the events topic, keyed by instance id. */
final class EventPublisher {
  private final KafkaSender sender;
  private final Topics topics;
  private final String host;
  private final Clock clock;

  EventPublisher(KafkaSender sender, Topics topics, String host, Clock clock) {
    this.sender = sender;
    this.topics = topics;
    this.host = host;
    this.clock = clock;
  }

  InstanceEvent done(Command command, String vmState, int powerState) {
    return event(command, InstanceEvent.Kind.DONE, vmState, powerState, null, null);
  }

  InstanceEvent failed(Command command, String vmState, int powerState, JsonObject fault) {
    return event(command, InstanceEvent.Kind.FAILED, vmState, powerState, fault, null);
  }

  InstanceEvent console(Command command, String output) {
    return event(command, InstanceEvent.Kind.CONSOLE, null, InstanceEvent.NOSTATE, null, output);
  }

  /** A change the agent found on its own; seq is the last command it applied. */
  InstanceEvent powerState(InstanceRecord record) {
    return new InstanceEvent(UUID.randomUUID().toString(), record.id(), null, record.lastSeq(), host,
        InstanceEvent.Kind.POWER_STATE, record.vmState(), record.powerState(), null, null, clock.millis());
  }

  Future<Void> publish(InstanceEvent event) {
    return sender.send(topics.events(), event.instanceId(), event.toJson().encode());
  }

  private InstanceEvent event(Command command, InstanceEvent.Kind kind, String vmState, int powerState, JsonObject fault,
      String output) {
    return new InstanceEvent(UUID.randomUUID().toString(), command.instanceId(), command.id(), command.seq(), host, kind,
        vmState, powerState, fault, output, clock.millis());
  }
}
