package io.stratus.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which addresses go through a Unix domain socket, and where its file is. */
class LocalSocketsTest {
  @TempDir
  Path dir;

  @Test
  void aLoopbackPortWithASocketGoesThroughIt() throws Exception {
    Path socket = Files.createFile(LocalSockets.path(dir, 6201));
    LocalSockets sockets = new LocalSockets(dir);
    SocketAddress address = sockets.address("127.0.0.1", 6201);
    assertTrue(address.isDomainSocket());
    assertEquals(socket.toString(), address.path());
    assertEquals(address, sockets.address("::1", 6201));
    assertEquals(address, sockets.address("localhost", 6201));
  }

  @Test
  void everythingElseStaysTcp() throws Exception {
    Files.createFile(LocalSockets.path(dir, 6202));
    LocalSockets sockets = new LocalSockets(dir);
    assertNull(sockets.address("127.0.0.1", 6203), "no socket file");
    assertTrue(sockets.address("127.0.0.1", 6202).isDomainSocket());
    assertNull(sockets.address("10.0.0.5", 6202), "another machine may use the same port");
    assertNull(sockets.address("storage1.example", 6202));
    assertNull(sockets.address("127.example", 6202), "a name is not an address");
    assertNull(LocalSockets.none().address("127.0.0.1", 6202));
  }

  @Test
  void aSocketAppearingLaterIsFound() throws Exception {
    LocalSockets sockets = new LocalSockets(dir);
    assertNull(sockets.address("127.0.0.1", 6204));
    Files.createFile(LocalSockets.path(dir, 6204));
    assertTrue(sockets.address("127.0.0.1", 6204).isDomainSocket());
  }

  @Test
  void aPathTooLongForASocketIsNone() {
    Path deep = dir.resolve("d".repeat(120));
    assertNull(LocalSockets.path(deep, 6205));
    assertNull(new LocalSockets(deep).address("127.0.0.1", 6205));
    assertEquals(dir.toAbsolutePath().resolve("6205.sock"), LocalSockets.path(dir, 6205));
  }
}
