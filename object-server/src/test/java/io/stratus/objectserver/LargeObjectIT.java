package io.stratus.objectserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB object through a node whose heap is 256 MiB: the body is generated on the fly, streamed
 * in and out, and its MD5 checked against the ETag both ways. Buffering an object whole would not fit.
 */
@Tag("large")
class LargeObjectIT {
  static final long SIZE = 1L << 30;

  @TempDir
  Path dir;

  @Test
  void oneGibibyteInAndOutWithABoundedHeap() throws Exception {
    try (NodeProcess node = NodeProcess.start(dir.resolve("node"), "256m")) {
      URI uri = URI.create("http://127.0.0.1:" + node.port + "/d1/3/a/c/big");
      Generated body = new Generated(SIZE);
      HttpResponse<String> put = TestNode.HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
          .header("X-Timestamp", "1700000000.00000").header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), SIZE))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, put.statusCode(), put.body());
      String sent = body.md5();
      assertEquals("\"" + sent + "\"", put.headers().firstValue("ETag").orElseThrow());

      HttpResponse<InputStream> get = TestNode.HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, get.statusCode());
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      long total = 0;
      try (InputStream in = get.body()) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          md5.update(buf, 0, n);
          total += n;
        }
      }
      assertEquals(SIZE, total);
      assertEquals(sent, HexFormat.of().formatHex(md5.digest()));
      assertEquals("\"" + sent + "\"", get.headers().firstValue("ETag").orElseThrow());
    }
  }

  /** Pseudo-random bytes made as they are read, hashed on the way. */
  static final class Generated extends InputStream {
    private final long size;
    private final MessageDigest md5;
    private long pos;
    private long state = 0x9E3779B97F4A7C15L;

    Generated(long size) throws Exception {
      this.size = size;
      this.md5 = MessageDigest.getInstance("MD5");
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) return -1;
      int n = (int) Math.min(len & ~7, size - pos);
      if (n <= 0) n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        if ((i & 7) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> ((i & 7) * 8));
      }
      md5.update(b, off, n);
      pos += n;
      return n;
    }

    String md5() {
      return HexFormat.of().formatHex(md5.digest());
    }
  }
}
