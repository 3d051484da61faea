package io.stratus.common.nativelib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {
  /** A resource inside a jar on the test class path (JUnit's), standing in for a native library. */
  private static final String RESOURCE = "org/junit/jupiter/api/Test.class";

  @TempDir
  Path root;

  @Test
  void unpacksAJarEntryOnceIntoADirectoryNamedByItsVersion() throws Exception {
    Path dir = NativeLibraryCache.unpack(Test.class, RESOURCE, "libx.so", root).orElseThrow();
    assertEquals(root, dir.getParent());
    Path file = dir.resolve("libx.so");
    assertArrayEquals(resourceBytes(), Files.readAllBytes(file));
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, old);

    assertEquals(Optional.of(dir), NativeLibraryCache.unpack(Test.class, RESOURCE, "libx.so", root));
    assertEquals(old, Files.getLastModifiedTime(file), "the second process reuses the first one's copy");
    try (var names = Files.list(dir)) {
      assertEquals(List.of(file), names.toList(), "no temporary file is left beside it");
    }
  }

  @Test
  void aMissingResourceOrHomeGivesNothing() {
    assertTrue(NativeLibraryCache.unpack(Test.class, "no/such/lib.so", "libx.so", root).isEmpty());
    assertTrue(NativeLibraryCache.unpack(Test.class, RESOURCE, "libx.so", null).isEmpty());
  }

  @Test
  void aCopyThatWillNotLoadIsRemovedAndTheLibrarysOwnLoaderRuns() throws Exception {
    String before = System.getProperty(NativeLibraryCache.DIR_PROPERTY);
    System.setProperty(NativeLibraryCache.DIR_PROPERTY, root.toString());
    try {
      List<String> calls = new ArrayList<>();
      NativeLibraryCache.load(Test.class, RESOURCE, "libx.so", dir -> {
        calls.add("dir " + Path.of(dir).getParent().equals(root));
        throw new UnsatisfiedLinkError("not an ELF file");
      }, () -> calls.add("fallback"));
      assertEquals(List.of("dir true", "fallback"), calls);
      try (var dirs = Files.list(root)) {
        Path dir = dirs.findFirst().orElseThrow();
        assertFalse(Files.exists(dir.resolve("libx.so")));
      }

      calls.clear();
      NativeLibraryCache.load(Test.class, RESOURCE, "libx.so", dir -> calls.add("dir"), () -> calls.add("fallback"));
      assertEquals(List.of("dir"), calls, "the next start unpacks it again and loads it");
    } finally {
      if (before == null) System.clearProperty(NativeLibraryCache.DIR_PROPERTY);
      else System.setProperty(NativeLibraryCache.DIR_PROPERTY, before);
    }
  }

  private static byte[] resourceBytes() throws Exception {
    try (InputStream in = Test.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return in.readAllBytes();
    }
  }
}
