package io.stratus.common.config;

/** One configuration key of a service: its name (kebab-case), default value and what it means. */
public record ConfigKey(String name, String defaultValue, String description) {

  /** The environment variable that sets this key: prefix + upper snake case, e.g. STRATUS_IDENTITY_DATA_DIR. */
  public String envName(String prefix) {
    return prefix + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
  }
}
