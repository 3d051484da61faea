package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.Headers;
import io.stratus.gateway.proxy.Backend;
import io.stratus.gateway.proxy.ReplicaRead;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The segments of a large object (SLO or DLO) as one body: which bytes of which segments a byte
 * range of the whole covers, the answer for a GET/HEAD of the whole (length, ETag, Range, 416) and
 * the streaming of the pieces, one segment GET after another, each piped with back-pressure (resumed
 * from another replica if its node fails part way) and its ETag checked against the manifest's.
 */
final class LargeObjectSegments {
  private final SwiftProxy proxy;

  LargeObjectSegments(SwiftProxy proxy) {
    this.proxy = proxy;
  }

  /** A segment: bytes {@code [first, last)} of object {@code container/object} of {@code size} bytes. */
  record Segment(String container, String object, long size, String etag, long first, long last) {
    long length() {
      return last - first;
    }
  }

  /** The part of a segment a range of the whole covers, in the segment's own coordinates. */
  record Piece(Segment segment, long from, long to) {
  }

  /** The pieces of {@code segments} that bytes {@code [start, end)} of the whole cover. */
  static List<Piece> cut(List<Segment> segments, long start, long end) {
    List<Piece> out = new ArrayList<>();
    long offset = 0;
    for (Segment s : segments) {
      long segStart = offset;
      long segEnd = offset + s.length();
      offset = segEnd;
      if (segEnd <= start || segStart >= end || s.length() == 0) continue;
      long from = s.first() + Math.max(0, start - segStart);
      long to = s.first() + Math.min(s.length(), end - segStart);
      out.add(new Piece(s, from, to));
    }
    return out;
  }

  static long total(List<Segment> segments) {
    return segments.stream().mapToLong(Segment::length).sum();
  }

  /**
   * The answer for a GET or HEAD of the whole: conditionals against {@code etag} (unquoted), then
   * the Range of the request (206, or 416), else 200 with the total length. {@code segments} may be
   * null for a HEAD, which sends no body.
   */
  ObjectBody answer(SwiftRequest r, String account, MultiMap stored, MultiMap request, String etag, long total,
      List<Segment> segments) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    Headers.toClient(stored, headers);
    String type = headers.get("Content-Type");
    if (type != null) headers.set("Content-Type", type.replaceAll(";\\s*swift_bytes=\\d+", ""));
    headers.remove("Content-Range").remove("Content-Length").set("ETag", "\"" + etag + "\"");
    int condition = Conditionals.evaluate(request, etag, headers.get("Last-Modified"));
    if (condition != Conditionals.PROCEED) return ObjectBody.status(condition, headers);
    ByteRange range = ByteRange.resolve(request.get("Range"), total);
    if (range == ByteRange.UNSATISFIABLE) {
      return ObjectBody.status(416, MultiMap.caseInsensitiveMultiMap().add("Content-Range", "bytes */" + total));
    }
    long start = range == null ? 0 : range.start();
    long end = range == null ? total : range.end();
    if (range != null) headers.set("Content-Range", range.contentRange(total));
    List<Piece> pieces = segments == null ? List.of() : cut(segments, start, end);
    ObjectBody.Writer body = new ObjectBody.Writer() {
      @Override
      public Future<Void> writeTo(WriteStream<Buffer> out) {
        return stream(r, account, pieces, out);
      }

      @Override
      public void discard() {
        // nothing is open until the body is written
      }
    };
    return new ObjectBody(range == null ? 200 : 206, headers, end - start, body, stored);
  }

  /** Streams the pieces in order into {@code out}, without ending it. */
  Future<Void> stream(SwiftRequest r, String account, List<Piece> pieces, WriteStream<Buffer> out) {
    Future<Void> chain = Future.succeededFuture();
    for (Piece p : pieces) chain = chain.compose(v -> streamPiece(r, account, p, out));
    return chain;
  }

  private Future<Void> streamPiece(SwiftRequest r, String account, Piece piece, WriteStream<Buffer> out) {
    Segment s = piece.segment();
    String range = piece.from() != 0 || piece.to() != s.size() ? "bytes=" + piece.from() + "-" + (piece.to() - 1) : null;
    ReplicaRead read = proxy.objectRead(HttpMethod.GET, account, s.container(), s.object(), proxy.headers(r));
    return read.read(range).compose(result -> {
      HttpClientResponse resp = result.response();
      String problem = resp == null ? "is missing" : checkSegment(resp, s);
      if (problem != null) {
        if (resp != null) Backend.discard(resp);
        return Future.failedFuture(new StratusException(ErrorCode.CONFLICT, "Segment /" + s.container() + "/" + s.object()
            + " " + problem + "."));
      }
      resp.pause();
      return read.pipe(resp, out);
    });
  }

  private static String checkSegment(HttpClientResponse resp, Segment s) {
    if (resp.statusCode() != 200 && resp.statusCode() != 206) return "answered " + resp.statusCode();
    String etag = ObjectBody.unquote(resp.getHeader("ETag"));
    if (s.etag() != null && !s.etag().equals(etag)) return "does not match the manifest's ETag";
    return null;
  }

  /** The hex MD5 of the concatenated strings, as large-object ETags are made. */
  static String md5(List<String> parts) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (String p : parts) md5.update(p.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }
}
