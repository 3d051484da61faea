package io.stratus.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.error.StratusException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("port", "1", "port"), new ConfigKey("data-dir", "d", "dir"), new ConfigKey("region", "R", "region"));

  @TempDir
  Path dir;

  @Test
  void defaultsThenFileThenEnvThenFlags() throws Exception {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "port=2\ndata-dir=file\nregion=file\n");
    Map<String, String> values = ConfigLoader.load(KEYS, "X_", Map.of("X_DATA_DIR", "env", "X_REGION", "env", "HOME", "/root"),
        List.of("--config", file.toString(), "--region=flag"));
    assertEquals(Map.of("port", "2", "data-dir", "env", "region", "flag"), values);
  }

  @Test
  void unknownKeysFail() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "prot=2\n");
    assertThrows(StratusException.class, () -> ConfigLoader.load(KEYS, "X_", Map.of(), List.of("--config=" + file)));
    assertThrows(StratusException.class, () -> ConfigLoader.load(KEYS, "X_", Map.of("X_PROT", "1"), List.of()));
    assertThrows(StratusException.class, () -> ConfigLoader.load(KEYS, "X_", Map.of(), List.of("--prot=1")));
    assertThrows(StratusException.class, () -> ConfigLoader.load(KEYS, "X_", Map.of(), List.of("port")));
    assertThrows(StratusException.class, () -> ConfigLoader.load(KEYS, "X_", Map.of(), List.of("--port")));
  }

  @Test
  void usageListsEveryKey() {
    String usage = ConfigLoader.usage(KEYS, "X_");
    for (ConfigKey key : KEYS) assertTrue(usage.contains("--" + key.name()), usage);
  }
}
