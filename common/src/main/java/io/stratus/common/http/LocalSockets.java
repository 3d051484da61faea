package io.stratus.common.http;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Where servers on this machine also listen on a Unix domain socket: one directory, a socket per
 * loopback port, {@code <dir>/<port>.sock}. A client asking for a loopback host and port goes
 * through the socket when there is one, which skips the TCP stack's work on both ends and tells the
 * server its caller shares the machine. A directory of {@code null} means no sockets: every address
 * stays TCP.
 */
public final class LocalSockets {
  /** The longest socket path Linux takes ({@code sun_path} holds 108 bytes with the terminating NUL). */
  private static final int MAX_PATH_BYTES = 107;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Path dir;
  private final Map<Integer, SocketAddress> known = new ConcurrentHashMap<>();
  private final Map<String, Boolean> loopback = new ConcurrentHashMap<>();

  public LocalSockets(Path dir) {
    this.dir = dir;
  }

  /** No sockets. */
  public static LocalSockets none() {
    return new LocalSockets(null);
  }

  /** The socket of the loopback port {@code port} in {@code dir}; null when its path is too long for a socket. */
  public static Path path(Path dir, int port) {
    Path path = dir.toAbsolutePath().resolve(port + ".sock");
    return path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH_BYTES ? null : path;
  }

  /**
   * The socket to reach {@code host:port} through, or null to use TCP: when there is no directory,
   * the host is not a loopback address, or no server has made the socket. Whether the socket exists
   * is remembered once found.
   */
  public SocketAddress address(String host, int port) {
    if (dir == null || !loopback.computeIfAbsent(host == null ? "" : host, LocalSockets::isLoopback)) return null;
    SocketAddress found = known.get(port);
    if (found != null) return found;
    Path path = path(dir, port);
    if (path == null || !Files.exists(path)) return null;
    found = SocketAddress.domainSocketAddress(path.toString());
    known.put(port, found);
    return found;
  }

  /** Whether {@code host} is a loopback address literal or localhost; a name is never looked up. */
  private static boolean isLoopback(String host) {
    boolean literal = host.contains(":") || IPV4.matcher(host).matches();
    if (!literal) return "localhost".equalsIgnoreCase(host);
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
