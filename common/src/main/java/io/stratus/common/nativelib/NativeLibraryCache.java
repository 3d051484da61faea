package io.stratus.common.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a native library shipped inside a jar once per version into a per-user cache directory
 * ({@code $XDG_CACHE_HOME/stratus/native}, else {@code ~/.cache/stratus/native}; the system property
 * {@value #DIR_PROPERTY} overrides), so every JVM after the first loads the same file. RocksJava's own
 * loader writes a fresh 15 MB copy into {@code /tmp} at every start and deletes it only on a clean exit:
 * each process killed with -9 left one behind. A version's directory is named by the jar entry's CRC and
 * size; it is written to a temporary file and renamed into place, so processes starting together never
 * load a half-written library.
 */
public final class NativeLibraryCache {
  /** System property naming the cache directory. */
  public static final String DIR_PROPERTY = "stratus.native.dir";
  private static final Logger LOG = LoggerFactory.getLogger(NativeLibraryCache.class);

  private NativeLibraryCache() {
  }

  /**
   * Loads a library: unpacks {@code resource} (found beside {@code anchor}'s classes) into the cache as
   * {@code fileName} and hands its directory to {@code loadFromDir}; if that is not possible (no
   * resource, unwritable cache) or the load fails, calls {@code fallback}, the library's own loader.
   */
  public static void load(Class<?> anchor, String resource, String fileName, Consumer<String> loadFromDir,
      Runnable fallback) {
    Optional<Path> dir = unpack(anchor, resource, fileName, cacheRoot());
    if (dir.isPresent()) {
      try {
        loadFromDir.accept(dir.get().toString());
        return;
      } catch (UnsatisfiedLinkError e) {
        LOG.warn("Cannot load {} from {} ({}); using the library's own loader", fileName, dir.get(), e.getMessage());
        forget(dir.get().resolve(fileName));
      }
    }
    fallback.run();
  }

  /**
   * The directory under {@code root} holding {@code resource} as {@code fileName}, unpacked now unless
   * an earlier call (of any process) already did; empty when the resource or the directory is missing.
   */
  public static Optional<Path> unpack(Class<?> anchor, String resource, String fileName, Path root) {
    URL url = anchor.getClassLoader().getResource(resource);
    if (url == null || root == null) return Optional.empty();
    try {
      Path dir = root.resolve(version(url));
      Path target = dir.resolve(fileName);
      if (!Files.isRegularFile(target)) {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, fileName, ".part");
        try (InputStream in = url.openStream()) {
          Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
          move(temp, target);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      return Optional.of(dir);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot unpack {} into {} ({})", resource, root, e.toString());
      return Optional.empty();
    }
  }

  /** The cache root for this user, or null when there is no home directory. */
  public static Path cacheRoot() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) return Paths.get(configured);
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) return Paths.get(xdg, "stratus", "native");
    String home = System.getProperty("user.home");
    if (home == null || home.isBlank() || "?".equals(home)) return null;
    return Paths.get(home, ".cache", "stratus", "native");
  }

  /** Names a resource's content without reading it: the jar entry's CRC and size, or a file's size and time. */
  private static String version(URL url) throws IOException {
    URLConnection connection = url.openConnection();
    if (connection instanceof JarURLConnection jar) {
      connection.setUseCaches(false);
      JarEntry entry = jar.getJarEntry();
      jar.getJarFile().close();
      return Long.toHexString(entry.getCrc()) + "-" + entry.getSize();
    }
    try {
      Path file = Paths.get(url.toURI());
      return Files.size(file) + "-" + Files.getLastModifiedTime(file).toMillis();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("Not a jar entry or a file: " + url, e);
    }
  }

  /** Removes a copy that would not load (the next start unpacks it again). */
  private static void forget(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Cannot remove {} ({})", file, e.toString());
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
