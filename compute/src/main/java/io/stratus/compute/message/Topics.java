package io.stratus.compute.message;

import java.util.Locale;

/**
 * The Kafka topics between compute-api and the compute-agents, under one prefix: a command topic per host
 * (so a command reaches only the host it was scheduled to, in order; records keyed by instance id), one
 * events topic back (keyed by instance id), the hosts' reports (compacted, keyed by host) and compute-api's
 * own state (compacted, keyed by record kind and id).
 */
public record Topics(String prefix) {
  public static final String DEFAULT_PREFIX = "stratus.compute";

  public Topics {
    if (prefix == null || !prefix.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("bad topic prefix: " + prefix);
  }

  public static Topics defaults() {
    return new Topics(DEFAULT_PREFIX);
  }

  /** The commands for one host; characters Kafka does not allow in a topic name become '_'. */
  public String commands(String host) {
    return prefix + ".commands." + host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
  }

  public String events() {
    return prefix + ".events";
  }

  public String hosts() {
    return prefix + ".hosts";
  }

  public String state() {
    return prefix + ".state";
  }
}
