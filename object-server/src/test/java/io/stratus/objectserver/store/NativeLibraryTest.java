package io.stratus.objectserver.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.nativelib.NativeLibraryCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RocksDB's native library is loaded from the per-user cache, not from a fresh copy in /tmp per process. */
class NativeLibraryTest {
  @Test
  void rocksDbIsLoadedFromTheSharedCache() throws Exception {
    Class.forName(DeviceDb.class.getName(), true, DeviceDb.class.getClassLoader());
    List<String> mapped;
    try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
      mapped = lines.filter(line -> line.contains("librocksdbjni")).map(line -> line.substring(line.indexOf('/'))).distinct()
          .toList();
    }
    assertFalse(mapped.isEmpty(), "RocksDB is loaded");
    Path root = NativeLibraryCache.cacheRoot().toAbsolutePath();
    assertTrue(mapped.stream().allMatch(file -> Path.of(file).startsWith(root)), () -> mapped + " not under " + root);
  }
}
