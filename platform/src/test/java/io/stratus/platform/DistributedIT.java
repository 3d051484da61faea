package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed mode from the packaged launcher: `stratus identity`, `stratus object-server` (three
 * devices) and `stratus gateway` as three child JVMs configured by flags and a --config file, the rings
 * built for the node's port in between; an object stored through the gateway reads back, and each
 * process stops on SIGTERM.
 */
class DistributedIT {
  @TempDir
  Path dir;

  @Test
  void identityStorageNodeAndGatewayRunAsSeparateProcesses() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.builder(dir).nodes(1, 3).start()) {
      HttpClient http = ProcessCluster.http();
      ProcessCluster.Session session = cluster.login(http);
      byte[] data = new byte[300_000];
      new Random(7).nextBytes(data);
      assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(session.storageUrl() + "/c"))
          .header("X-Auth-Token", session.token()).PUT(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
      assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(session.storageUrl() + "/c/o"))
          .header("X-Auth-Token", session.token()).PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
      HttpResponse<byte[]> read = http.send(HttpRequest.newBuilder(URI.create(session.storageUrl() + "/c/o"))
          .header("X-Auth-Token", session.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, read.statusCode());
      assertArrayEquals(data, read.body());
      cluster.stop();
    }
  }
}
