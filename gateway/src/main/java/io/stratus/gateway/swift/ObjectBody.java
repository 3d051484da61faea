package io.stratus.gateway.swift;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;

/**
 * An object read, ready to go out: the status and client-visible headers to answer with, the length
 * of the body and the body itself, still unread. A GET writes it to the client; a copy writes it to
 * the replicas of a PUT. {@code stored} are the object's headers as its storage node sent them
 * (sysmeta included; empty for answers of the proxy's own). Whoever does not write it must {@link Writer#discard() discard} it.
 */
public record ObjectBody(int status, MultiMap headers, long length, Writer body, MultiMap stored) {

  /** A body that is written on demand, with back-pressure, into any write stream. */
  public interface Writer {
    /** Writes the whole body (not ending {@code out}); fails if the source fails part way. */
    Future<Void> writeTo(WriteStream<Buffer> out);

    /** Sends the whole body as {@code response}'s body and ends it. */
    default Future<Void> sendTo(HttpServerResponse response) {
      return writeTo(response).compose(v -> response.end());
    }

    /** Drops the body unread. */
    void discard();
  }

  /** A body of no bytes. */
  public static final Writer EMPTY = new Writer() {
    @Override
    public Future<Void> writeTo(WriteStream<Buffer> out) {
      return Future.succeededFuture();
    }

    @Override
    public void discard() {
      // nothing to drop
    }
  };

  /** An answer without a body (an error, 304, or a HEAD). */
  public static ObjectBody status(int status, MultiMap headers) {
    return new ObjectBody(status, headers, 0, EMPTY, MultiMap.caseInsensitiveMultiMap());
  }

  public boolean success() {
    return status / 100 == 2;
  }

  /** The same answer with another status and headers, the body dropped. */
  ObjectBody withoutBody(int newStatus, MultiMap newHeaders) {
    body.discard();
    return status(newStatus, newHeaders);
  }

  /** The ETag header without quotes, or null. */
  public String etag() {
    return unquote(headers.get("ETag"));
  }

  public static String unquote(String etag) {
    if (etag == null) return null;
    String v = etag.trim();
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }
}
