package io.stratus.compute.agent;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** A write stream that digests every buffer on its way to another write stream (back-pressure is the other's). */
final class HashingStream implements WriteStream<Buffer> {
  private final WriteStream<Buffer> out;
  private final List<MessageDigest> digests;
  private long bytes;

  HashingStream(WriteStream<Buffer> out, List<MessageDigest> digests) {
    this.out = out;
    this.digests = List.copyOf(digests);
  }

  /** Bytes written so far. */
  long bytes() {
    return bytes;
  }

  /** The hex digest of the i-th digest (call once, after the end). */
  String hex(int i) {
    return HexFormat.of().formatHex(digests.get(i).digest());
  }

  @Override
  public Future<Void> write(Buffer data) {
    byte[] bytesOfData = data.getBytes();
    for (MessageDigest digest : digests) digest.update(bytesOfData);
    bytes += bytesOfData.length;
    return out.write(data);
  }

  @Override
  public Future<Void> end() {
    return out.end();
  }

  @Override
  public HashingStream exceptionHandler(Handler<Throwable> handler) {
    out.exceptionHandler(handler);
    return this;
  }

  @Override
  public HashingStream setWriteQueueMaxSize(int maxSize) {
    out.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return out.writeQueueFull();
  }

  @Override
  public HashingStream drainHandler(Handler<Void> handler) {
    out.drainHandler(handler);
    return this;
  }
}
