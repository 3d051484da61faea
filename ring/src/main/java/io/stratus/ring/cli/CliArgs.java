package io.stratus.ring.cli;

import java.util.ArrayList;
import java.util.List;

/** The arguments after a ring CLI command: positionals in order, {@code --name value} options and flags. */
final class CliArgs {

  private final List<String> args;

  CliArgs(List<String> args) {
    this.args = new ArrayList<>(args);
  }

  boolean hasNext() {
    return !args.isEmpty();
  }

  boolean peekIsOption() {
    return !args.isEmpty() && args.get(0).startsWith("--");
  }

  /** The next positional argument; throws if there is none. */
  String next(String what) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("missing " + what);
    }
    return args.remove(0);
  }

  int intArg(String what) {
    return parseInt(next(what), what);
  }

  /** Removes {@code name} if present; true if it was. */
  boolean flag(String name) {
    return args.remove(name);
  }

  /** Removes {@code name value}; the value, or null if the option is absent. */
  String option(String name) {
    int i = args.indexOf(name);
    if (i < 0) {
      return null;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    args.remove(i);
    return args.remove(i);
  }

  Integer intOption(String name, Integer fallback) {
    String v = option(name);
    return v == null ? fallback : Integer.valueOf(parseInt(v, name));
  }

  /** Throws if anything is left over. */
  void done() {
    if (!args.isEmpty()) {
      throw new IllegalArgumentException("unexpected argument '" + args.get(0) + "'");
    }
  }

  private static int parseInt(String text, String what) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be an integer, got '" + text + "'", e);
    }
  }
}
