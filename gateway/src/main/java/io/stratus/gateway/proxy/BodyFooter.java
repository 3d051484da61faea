package io.stratus.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Hashes an object body once on its way to the replicas and sends the sums after it, so that each
 * storage node checks a cheap CRC32C instead of computing the MD5 again: requests announce it with
 * {@code X-Backend-Body-Footer: md5-crc32c} and carry {@link #LENGTH} more bytes than the body — the
 * MD5 (32 hex) and the CRC32C (8 hex) of the body. Mirrors the object server's
 * {@code io.stratus.objectserver.http.BodyFooter}. Used from one Vert.x context.
 */
public final class BodyFooter implements WriteStream<Buffer> {
  public static final String HEADER = "X-Backend-Body-Footer";
  public static final String KIND = "md5-crc32c";
  public static final int LENGTH = 40;

  private final WriteStream<Buffer> out;
  private final MessageDigest md5;
  private final CRC32C crc = new CRC32C();
  private String md5Hex;

  /** Sums what is written and passes it on to {@code out}; {@link #end()} sends the footer, then ends {@code out}. */
  public BodyFooter(WriteStream<Buffer> out) {
    this.out = out;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }

  @Override
  public Future<Void> write(Buffer data) {
    ByteBuffer bytes = ((BufferInternal) data).getByteBuf().nioBuffer();
    crc.update(bytes.duplicate());
    md5.update(bytes);
    return out.write(data);
  }

  @Override
  public Future<Void> end() {
    md5Hex = HexFormat.of().formatHex(md5.digest());
    String sums = md5Hex + HexFormat.of().toHexDigits((int) crc.getValue());
    out.write(Buffer.buffer(sums.getBytes(StandardCharsets.US_ASCII)));
    return out.end();
  }

  /** The MD5 (hex) of the body once {@link #end()} was called; null before. */
  public String md5() {
    return md5Hex;
  }

  @Override
  public boolean writeQueueFull() {
    return out.writeQueueFull();
  }

  @Override
  public BodyFooter drainHandler(Handler<Void> handler) {
    out.drainHandler(handler);
    return this;
  }

  @Override
  public BodyFooter exceptionHandler(Handler<Throwable> handler) {
    out.exceptionHandler(handler);
    return this;
  }

  @Override
  public BodyFooter setWriteQueueMaxSize(int maxSize) {
    out.setWriteQueueMaxSize(maxSize);
    return this;
  }
}
