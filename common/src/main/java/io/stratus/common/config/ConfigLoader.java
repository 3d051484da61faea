package io.stratus.common.config;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves a service's configuration: defaults, then a properties file (--config FILE), then
 * environment variables with the service's prefix, then --key=value flags. Unknown keys in any
 * source fail startup.
 */
public final class ConfigLoader {
  private static final String CONFIG_FLAG = "config";

  private ConfigLoader() {
  }

  /** The resolved value of every declared key. */
  public static Map<String, String> load(List<ConfigKey> keys, String envPrefix, Map<String, String> env, List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigKey key : keys) values.put(key.name(), key.defaultValue());
    Map<String, String> flags = parseFlags(args);
    String file = flags.remove(CONFIG_FLAG);
    if (file == null) file = env.get(envPrefix + "CONFIG");
    if (file != null) apply(values, readFile(Path.of(file)), "config file " + file);
    apply(values, fromEnv(keys, envPrefix, env), "environment");
    apply(values, flags, "command line");
    return values;
  }

  /** One line per key: name, default and description, for --help. */
  public static String usage(List<ConfigKey> keys, String envPrefix) {
    StringBuilder out = new StringBuilder("Options (flag --name=value, env " + envPrefix + "NAME, or --config FILE):\n");
    for (ConfigKey key : keys) {
      out.append(String.format("  --%-22s %s (default: %s)%n", key.name(), key.description(),
          key.defaultValue() == null ? "none" : key.defaultValue()));
    }
    return out.toString();
  }

  private static void apply(Map<String, String> values, Map<String, String> source, String where) {
    for (Map.Entry<String, String> entry : source.entrySet()) {
      if (!values.containsKey(entry.getKey())) throw invalid("Unknown configuration key '" + entry.getKey() + "' in " + where);
      values.put(entry.getKey(), entry.getValue());
    }
  }

  private static Map<String, String> fromEnv(List<ConfigKey> keys, String prefix, Map<String, String> env) {
    Map<String, String> known = new LinkedHashMap<>();
    for (ConfigKey key : keys) known.put(key.envName(prefix), key.name());
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : env.entrySet()) {
      if (!entry.getKey().startsWith(prefix) || entry.getKey().equals(prefix + "CONFIG")) continue;
      String name = known.get(entry.getKey());
      if (name == null) throw invalid("Unknown configuration variable " + entry.getKey());
      out.put(name, entry.getValue());
    }
    return out;
  }

  private static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(args);
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) throw invalid("Unexpected argument '" + arg + "'");
      int eq = arg.indexOf('=');
      if (eq > 0) {
        out.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < rest.size()) {
        out.put(arg.substring(2), rest.get(++i));
      } else {
        throw invalid("Flag " + arg + " needs a value");
      }
    }
    return out;
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new StratusException(ErrorCode.INVALID_CONFIG, "Cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) out.put(name, properties.getProperty(name));
    return out;
  }

  private static StratusException invalid(String message) {
    return new StratusException(ErrorCode.INVALID_CONFIG, message);
  }
}
