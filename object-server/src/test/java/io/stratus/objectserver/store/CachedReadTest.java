package io.stratus.objectserver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.objectserver.swift.Timestamp;
import io.stratus.ring.PathHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of hot objects on a real RocksDB device: a small object whose row and body are in memory is
 * answered at once, on the caller's thread (no trip to the workers), with the same result a worker
 * read gives; a body file, a deleted or a missing object come out right too.
 */
class CachedReadTest {
  private static final PathHasher HASHER = new PathHasher("", "cached-read-test");

  @TempDir
  Path dir;
  Vertx vertx;
  WorkerExecutor workers;
  DeviceStore device;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("cached-read-test", 2);
    device = DeviceStore.open("d1", dir, workers, new StoreOptions(4096, 8192, Duration.ofDays(7)));
  }

  @AfterEach
  void stop() throws Exception {
    device.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ObjectKey key(String name) {
    return ObjectKey.of(HASHER, 3, "acct", "cont", name);
  }

  private void put(ObjectKey key, byte[] body, long seconds) throws Exception {
    ObjectUpload upload = device.objects().upload(key, Timestamp.parse(seconds + ".00000"));
    for (int off = 0; off < body.length || off == 0; off += upload.chunkSize()) {
      int n = Math.min(upload.chunkSize(), body.length - off);
      ByteBuffer block = upload.block();
      block.put(body, off, n).flip();
      await(upload.write(block, off + n >= body.length));
      if (body.length == 0) break;
    }
    assertTrue(await(upload.commit("application/octet-stream", Map.of(), 0)).applied());
  }

  private byte[] body(ObjectReader reader) throws Exception {
    Buffer all = Buffer.buffer();
    for (int i = 0; i < reader.meta().chunkCount(); i++) all.appendBytes(await(reader.chunk(i)));
    return all.getBytes();
  }

  @Test
  void aSmallObjectInMemoryIsReadWithoutAWorker() throws Exception {
    byte[] data = new byte[6000];
    Arrays.fill(data, (byte) 7);
    put(key("small"), data, 100);

    Future<ObjectMeta> head = device.objects().head(key("small"));
    assertTrue(head.isComplete(), "answered on the calling thread");
    assertEquals(6000, head.result().size());
    Future<ObjectReader> open = device.objects().open(key("small"));
    assertTrue(open.isComplete(), "answered on the calling thread");
    ObjectReader reader = open.result();
    assertArrayEquals(data, body(reader));
    reader.close();

    Future<ObjectMeta> missing = device.objects().head(key("never-written"));
    assertTrue(missing.isComplete());
    assertNull(missing.result());

    await(device.objects().delete(key("small"), Timestamp.parse("200.00000")));
    Future<ObjectReader> deleted = device.objects().open(key("small"));
    assertTrue(deleted.isComplete());
    assertTrue(deleted.result().meta().deleted());
  }

  @Test
  void aBodyFileIsReadOnTheWorkers() throws Exception {
    byte[] data = new byte[20_000];
    for (int i = 0; i < data.length; i++) data[i] = (byte) i;
    put(key("large"), data, 100);
    ObjectReader reader = await(device.objects().open(key("large")));
    assertTrue(reader.hasFile(), "a body file is opened, and held open, by a worker");
    assertArrayEquals(data, body(reader));
    for (int round = 0; round < 3; round++) {
      // Spans come in the device's reused blocks: each must hold its own bytes, and go back once released.
      io.netty.buffer.ByteBuf span = await(reader.fileSpan(4096, 4000));
      byte[] got = new byte[span.readableBytes()];
      span.getBytes(span.readerIndex(), got);
      assertArrayEquals(Arrays.copyOfRange(data, 4096, 8096), got);
      assertTrue(span.release(), "the last reference gives the block back");
    }
    reader.close();

    ObjectReader whole = await(device.objects().open(key("large"), true));
    Future<io.netty.buffer.ByteBuf> first = whole.fileSpan(0, 4096);
    assertTrue(first.isComplete(), "the first chunk was read when the file was opened");
    byte[] got = new byte[4096];
    first.result().getBytes(first.result().readerIndex(), got);
    assertArrayEquals(Arrays.copyOfRange(data, 0, 4096), got);
    first.result().release();
    io.netty.buffer.ByteBuf second = await(whole.fileSpan(4096, 4096));
    second.getBytes(second.readerIndex(), got);
    assertArrayEquals(Arrays.copyOfRange(data, 4096, 8192), got);
    second.release();
    whole.close();
  }

  @Test
  void aBodyFileThatFitsOneChunkIsPagedInWhenOpenedAndSentFromTheFile() throws Exception {
    device.close();
    device = DeviceStore.open("d1", dir, workers, new StoreOptions(16_384, 8192, Duration.ofDays(7)));
    byte[] data = new byte[12_000];
    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
    put(key("one-chunk"), data, 100);
    DeviceDb db = device.objects().device();

    ObjectReader streamed = await(device.objects().open(key("one-chunk"), false));
    assertEquals(1, db.snapshotsHeld(), "a reader that streams from the file holds its snapshot until closed");
    assertNull(streamed.pagedInFile(), "only a GET of the whole body is sent from the file");
    streamed.close();

    ObjectReader whole = await(device.objects().open(key("one-chunk"), true));
    FileChannel file = whole.pagedInFile();
    assertTrue(file != null && file.isOpen());
    assertEquals(0, db.snapshotsHeld(), "the snapshot was let go in the trip that opened the file");
    put(key("one-chunk"), new byte[9000], 101);
    assertEquals(1, await(device.objects().bodyFiles(key("one-chunk"))), "the newer write removed the older file");
    ByteBuffer got = ByteBuffer.allocate(data.length + 1);
    while (file.read(got, got.position()) > 0) {
      // read to the end
    }
    assertArrayEquals(data, Arrays.copyOf(got.array(), got.position()), "the open file still has the body it was opened for");
    io.netty.buffer.ByteBuf part = await(whole.fileSpan(100, 50));
    byte[] some = new byte[50];
    part.getBytes(part.readerIndex(), some);
    part.release();
    assertArrayEquals(Arrays.copyOfRange(data, 100, 150), some, "spans are still read from the file");
    Future<io.netty.buffer.ByteBuf> past = whole.fileSpan(11_990, 20);
    assertThrows(java.util.concurrent.ExecutionException.class, () -> await(past), "a span past the end is refused");
    whole.close();
    assertFalse(file.isOpen(), "closing the reader closes the file");
    assertNull(whole.pagedInFile());
  }

  @Test
  void aShortBodyFileIsRefusedWhenOpenedForAWholeGet() throws Exception {
    device.close();
    device = DeviceStore.open("d1", dir, workers, new StoreOptions(16_384, 8192, Duration.ofDays(7)));
    put(key("cut"), new byte[12_000], 100);
    Path body;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      body = files.filter(f -> f.toString().endsWith(".data")).findFirst().orElseThrow();
    }
    try (FileChannel f = FileChannel.open(body, java.nio.file.StandardOpenOption.WRITE)) {
      f.truncate(11_000);
    }
    assertThrows(java.util.concurrent.ExecutionException.class, () -> await(device.objects().open(key("cut"), true)),
        "a body file shorter than its row says is not sent as if it were whole");
    assertEquals(0, device.objects().device().snapshotsHeld());
  }
}
