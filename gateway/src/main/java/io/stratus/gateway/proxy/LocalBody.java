package io.stratus.gateway.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole object body a storage node on this machine named instead of sending (HDFS's short-circuit
 * read): the gateway asks for it with {@link #ASK} over the node's Unix domain socket, the node
 * answers the object's headers with the path and length of its body file and no body, and the
 * gateway opens the file and sends it to the client itself with sendfile, so the bytes cross one
 * socket instead of two. Body files are written once under a name of their own and never changed:
 * the open file holds exactly the copy the node answered for, even if a newer write removes it.
 */
public final class LocalBody {
  /** The request header asking a node to name a whole body rather than send it. */
  public static final String ASK = "X-Backend-Local-Body";
  private static final String FILE = "X-Backend-Body-File";
  private static final String LENGTH = "X-Backend-Body-Length";
  private static final int PIECE = 64 * 1024;

  private final Vertx vertx;
  private final FileChannel file;
  private final long length;

  private LocalBody(Vertx vertx, FileChannel file, long length) {
    this.vertx = vertx;
    this.file = file;
    this.length = length;
  }

  /** Whether {@code resp} names a body file instead of carrying the body. */
  public static boolean named(HttpClientResponse resp) {
    return resp.getHeader(FILE) != null;
  }

  /**
   * Opens the body file {@code resp} names, on a worker; fails when it cannot be opened (a newer write
   * removed it meanwhile) or is shorter than the body. The (empty) answer is read to its end either
   * way, so its connection goes back to the pool.
   */
  public static Future<LocalBody> open(HttpClientResponse resp) {
    String path = resp.getHeader(FILE);
    String length = resp.getHeader(LENGTH);
    resp.resume();
    Context context = Vertx.currentContext();
    if (context == null) return Future.failedFuture(new IllegalStateException("a body file is opened on a Vert.x context"));
    Vertx vertx = context.owner();
    if (length == null) return Future.failedFuture(new IOException("the node named a body file without its length"));
    long size;
    try {
      size = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Future.failedFuture(new IOException("the node named a body length of " + length));
    }
    return vertx.executeBlocking(() -> {
      FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ);
      if (channel.size() < size) {
        channel.close();
        throw new IOException(path + " is shorter than the " + size + " bytes of its body");
      }
      return new LocalBody(vertx, channel, size);
    }, false);
  }

  public long length() {
    return length;
  }

  /**
   * Sends the body as the whole of {@code response}'s body with sendfile and ends it; the file is
   * closed after. Vert.x cannot send a file channel over HTTP/2: there it refuses before writing
   * anything, and the body is written piece by piece instead.
   */
  public Future<Void> sendTo(HttpServerResponse response) {
    return response.sendFile(file, 0, length)
        .recover(e -> response.headWritten() ? Future.failedFuture(e) : writeTo(response).compose(v -> response.end()))
        .onComplete(ar -> close());
  }

  /**
   * Writes the body into {@code out} (not ending it) with back-pressure, read a piece at a time on a
   * worker, for a consumer that is not a response; the file is closed after.
   */
  public Future<Void> writeTo(WriteStream<Buffer> out) {
    Promise<Void> done = Promise.promise();
    out.exceptionHandler(done::tryFail);
    writeFrom(0, out, done);
    return done.future().onComplete(ar -> close());
  }

  private void writeFrom(long position, WriteStream<Buffer> out, Promise<Void> done) {
    if (position >= length) {
      done.tryComplete();
      return;
    }
    int size = (int) Math.min(PIECE, length - position);
    vertx.executeBlocking(() -> read(position, size), false).onFailure(done::tryFail).onSuccess(bytes -> {
      if (done.future().isComplete()) return;
      out.write(Buffer.buffer(bytes)).onFailure(done::tryFail);
      if (out.writeQueueFull()) {
        out.drainHandler(v -> {
          out.drainHandler(null);
          writeFrom(position + size, out, done);
        });
      } else {
        writeFrom(position + size, out, done);
      }
    });
  }

  private byte[] read(long position, int size) throws IOException {
    ByteBuffer dst = ByteBuffer.allocate(size);
    while (dst.hasRemaining()) {
      if (file.read(dst, position + dst.position()) < 0) throw new IOException("the body file ended early");
    }
    return dst.array();
  }

  /** Lets go of the file unsent. */
  public void close() {
    try {
      file.close();
    } catch (IOException ignored) {
      // a read-only file: nothing was written that closing could lose
    }
  }
}
