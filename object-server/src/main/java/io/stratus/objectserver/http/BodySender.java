package io.stratus.objectserver.http;

import io.stratus.objectserver.store.ObjectReader;
import io.stratus.objectserver.swift.ByteRanges.Span;
import io.vertx.core.Future;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Streams spans of an object to a response chunk by chunk, reading the next chunk only when the
 * response's write queue has room; with more than one span, frames them as Swift's
 * multipart/byteranges body. A whole body the reader has paged in goes out with sendfile.
 */
final class BodySender {
  private final HttpServerResponse response;
  private final ObjectReader reader;
  private final long chunkSize;
  private Promise<Void> drained;
  private boolean closed;

  BodySender(HttpServerResponse response, ObjectReader reader) {
    this.response = response;
    this.reader = reader;
    this.chunkSize = Math.max(1, reader.meta().chunkSize());
    response.closeHandler(v -> {
      closed = true;
      if (drained != null) drained.tryFail("client disconnected");
    });
    response.drainHandler(v -> {
      if (drained != null) drained.tryComplete();
    });
  }

  /** The multipart preamble of one span. */
  static String partHeader(String boundary, String contentType, Span span, long size) {
    return "--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: bytes " + span.start() + "-"
        + (span.end() - 1) + "/" + size + "\r\n\r\n";
  }

  /** Content-Length of the multipart body. */
  static long multipartLength(List<Span> spans, String boundary, String contentType, long size) {
    long n = 0;
    for (Span s : spans) n += partHeader(boundary, contentType, s, size).length() + s.length() + 2;
    return n + boundary.length() + 4;
  }

  /** Sends the spans; a null boundary means one span, sent bare. */
  Future<Void> send(List<Span> spans, String boundary, String contentType, long size) {
    FileChannel file = reader.pagedInFile();
    if (file != null && boundary == null && spans.size() == 1 && spans.get(0).start() == 0 && spans.get(0).end() == size) {
      // A whole body of one chunk, paged in by the worker that opened it: the kernel sends it from
      // the page cache (sendfile), with no copy through this process. Only pages evicted in the
      // moment since (memory pressure) would be read again here, on the event loop.
      return response.sendFile(file, 0, size);
    }
    Future<Void> chain = Future.succeededFuture();
    for (Span span : spans) {
      chain = chain.compose(v -> {
        if (boundary != null) response.write(partHeader(boundary, contentType, span, size));
        return stream(span.start(), span.end());
      }).compose(v -> {
        if (boundary != null) response.write("\r\n");
        return Future.<Void>succeededFuture();
      });
    }
    return chain.compose(v -> boundary == null ? response.end() : response.end("--" + boundary + "--"));
  }

  private Future<Void> stream(long pos, long end) {
    if (pos >= end) return Future.succeededFuture();
    if (closed) return Future.failedFuture("client disconnected");
    if (reader.hasFile()) return streamFile(pos, end);
    int index = (int) (pos / chunkSize);
    long chunkStart = index * chunkSize;
    return reader.chunk(index).compose(bytes -> {
      int from = (int) (pos - chunkStart);
      int to = (int) Math.min(bytes.length, end - chunkStart);
      if (to <= from) return Future.failedFuture("chunk " + index + " is short");
      Buffer slice = Buffer.buffer(bytes);
      response.write(from == 0 && to == bytes.length ? slice : slice.getBuffer(from, to));
      return ready().compose(v -> stream(chunkStart + to, end));
    });
  }

  /**
   * A body file's bytes, a chunk at a time, read straight into direct buffers that go to the socket
   * as they are (no copies on the heap); each is released once written.
   */
  private Future<Void> streamFile(long pos, long end) {
    int length = (int) Math.min(chunkSize, end - pos);
    return reader.fileSpan(pos, length).compose(buf -> {
      response.write(BufferInternal.buffer(buf)).onComplete(ar -> buf.release());
      return ready().compose(v -> stream(pos + length, end));
    });
  }

  private Future<Void> ready() {
    if (closed) return Future.failedFuture("client disconnected");
    if (!response.writeQueueFull()) return Future.succeededFuture();
    drained = Promise.promise();
    return drained.future();
  }
}
