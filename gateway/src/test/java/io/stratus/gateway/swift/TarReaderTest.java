package io.stratus.gateway.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming tar reader on archives python3's tarfile wrote (src/test/resources/archives): a GNU
 * tar with a directory, a long name, an empty file and a symlink; a gzipped pax tar with a non-ASCII
 * and a 150-character path; the same pax tar (and a file of long runs) bzip2-compressed by GNU
 * {@code tar -cjf}, and by {@code pbzip2 -b1} as two bzip2 streams. Fed in pieces of every small
 * size, so that headers, names, gzip members and bzip2 blocks are split anywhere.
 */
class TarReaderTest {
  /** A source that hands over what the test pushes, whatever the reader's pauses. */
  private static final class Pushed implements ReadStream<Buffer> {
    Handler<Buffer> handler;
    Handler<Void> end;

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      handler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      end = h;
      return this;
    }
  }

  private static Map<String, String> read(String resource, ArchiveInput.Compression compression, int piece)
      throws Exception {
    byte[] archive;
    try (InputStream in = TarReaderTest.class.getResourceAsStream("/archives/" + resource)) {
      archive = in.readAllBytes();
    }
    Map<String, String> files = new LinkedHashMap<>();
    List<String> events = new ArrayList<>();
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    String[] current = new String[1];
    Pushed source = new Pushed();
    TarReader reader = new TarReader(source, compression, new TarReader.Listener() {
      @Override
      public void file(String name, long size, Map<String, String> pax) {
        current[0] = name + " " + size;
        md5.reset();
      }

      @Override
      public void data(Buffer data) {
        md5.update(data.getBytes());
      }

      @Override
      public void fileEnd() {
        files.put(current[0], HexFormat.of().formatHex(md5.digest()));
      }

      @Override
      public void end() {
        events.add("end");
      }

      @Override
      public void failed(String reason) {
        events.add("failed: " + reason);
      }
    });
    reader.start();
    for (int i = 0; i < archive.length; i += piece) {
      source.handler.handle(Buffer.buffer().appendBytes(archive, i, Math.min(piece, archive.length - i)));
    }
    source.end.handle(null);
    assertEquals(List.of("end"), events);
    return files;
  }

  @Test
  void gnuTarWithLongNamesInAnyPieces() throws Exception {
    for (int piece : new int[] {1, 7, 511, 512, 513, 100_000}) {
      Map<String, String> files = read("gnu.tar", ArchiveInput.Compression.NONE, piece);
      assertEquals(5, files.size(), files.toString());
      // hashlib.md5(b'meow' * 1000).hexdigest()
      assertEquals("c949f862850c1b1a9a25390e3b5cab4c", files.get("photos/cat.jpg 4000"));
      assertTrue(files.containsKey("photos/" + "a".repeat(120) + ".txt 9"), files.toString());
      assertTrue(files.containsKey("./docs/readme.md 9"));
      assertEquals("d41d8cd98f00b204e9800998ecf8427e", files.get("docs/empty 0"));
      assertTrue(files.containsKey("toplevel.txt 24"));
    }
  }

  @Test
  void gzippedPaxTarInAnyPieces() throws Exception {
    for (int piece : new int[] {1, 3, 64, 608}) {
      Map<String, String> files = read("pax.tar.gz", ArchiveInput.Compression.GZIP, piece);
      assertEquals(2, files.size(), files.toString());
      assertTrue(files.containsKey("music/naïve café.txt 12"), files.toString());
      // hashlib.md5(bytes(range(256)) * 40).hexdigest()
      assertEquals("c3cd26e07e555c0116db237fbc06d99c", files.get("music/" + "b".repeat(150) + "/deep.bin 10240"));
    }
  }

  @Test
  void bzippedPaxTarsInAnyPieces() throws Exception {
    for (String archive : new String[] {"pax.tar.bz2", "pbzip2.tar.bz2"}) {
      for (int piece : new int[] {1, 3, 64, 1000, 100_000}) {
        Map<String, String> files = read(archive, ArchiveInput.Compression.BZIP2, piece);
        assertEquals(3, files.size(), files.toString());
        assertTrue(files.containsKey("music/naïve café.txt 12"), files.toString());
        assertEquals("c3cd26e07e555c0116db237fbc06d99c", files.get("music/" + "b".repeat(150) + "/deep.bin 10240"));
        // hashlib.md5(b'a' * 100000 + b'\n' + b'tar -cjf\n' * 3000).hexdigest()
        assertEquals("41a4b6bbbcca220dafa956644f848580", files.get("music/runs.txt 127001"));
      }
    }
  }

  @Test
  void truncatedOrCorruptArchivesFail() throws Exception {
    assertEquals("{}", failing(new byte[] {1, 2, 3}, ArchiveInput.Compression.NONE, "unexpected end of data"));
    byte[] junk = new byte[1024];
    junk[0] = 'x';
    assertEquals("{}", failing(junk, ArchiveInput.Compression.NONE, "invalid header (bad checksum)"));
    assertEquals("{}", failing(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff},
        ArchiveInput.Compression.GZIP, "invalid gzip data"));
    assertEquals("{}", failing(new byte[] {0x1f, (byte) 0x8b, 8, 0}, ArchiveInput.Compression.BZIP2, "not a bzip2 file"));
    byte[] bz2;
    try (InputStream in = TarReaderTest.class.getResourceAsStream("/archives/pax.tar.bz2")) {
      bz2 = in.readAllBytes();
    }
    assertEquals("{}", failing(java.util.Arrays.copyOf(bz2, 600), ArchiveInput.Compression.BZIP2,
        "unexpected end of bzip2 data"));
  }

  private static String failing(byte[] archive, ArchiveInput.Compression compression, String reason) {
    Pushed source = new Pushed();
    List<String> events = new ArrayList<>();
    TarReader reader = new TarReader(source, compression, new TarReader.Listener() {
      @Override
      public void file(String name, long size, Map<String, String> pax) {
        events.add(name);
      }

      @Override
      public void data(Buffer data) {
      }

      @Override
      public void fileEnd() {
      }

      @Override
      public void end() {
        events.add("end");
      }

      @Override
      public void failed(String why) {
        events.add(why);
      }
    });
    reader.start();
    source.handler.handle(Buffer.buffer(archive));
    source.end.handle(null);
    assertEquals(1, events.size(), events.toString());
    assertTrue(events.get(0).startsWith(reason), events.toString());
    return "{}";
  }
}
