package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.SwiftErrors;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Swift's formpost middleware: an anonymous {@code multipart/form-data} POST to a container (or a
 * container and object prefix) whose form carries redirect, max_file_size, max_file_count, expires
 * and a signature, the HMAC of {@code path\nredirect\nmax_file_size\nmax_file_count\nexpires} under a
 * Temp-URL key. Each file part streams, as it is parsed, into a replicated PUT of
 * {@code <path>[/]<filename>} with back-pressure (in a versioned container the object's current
 * version archived first, as for any PUT); the answer is a 303 to the redirect with status and
 * message, or the status and "FormPost: message" as text.
 */
final class FormPost {
  private final SwiftProxy proxy;
  private final ObjectPutHandler puts;
  private final ObjectVersioning versioning;

  FormPost(SwiftProxy proxy, ObjectPutHandler puts, ObjectVersioning versioning) {
    this.proxy = proxy;
    this.puts = puts;
    this.versioning = versioning;
  }

  /** Whether a request is a form post: a POST of multipart/form-data without a token. */
  static boolean requested(HttpServerRequest http) {
    String type = http.getHeader("Content-Type");
    return http.method() == HttpMethod.POST && type != null
        && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
        && http.getHeader("X-Auth-Token") == null && http.getHeader("X-Storage-Token") == null;
  }

  /** Receives the form, storing its files, and answers as Swift's formpost does. */
  Future<Void> handle(HttpServerRequest http, String transId, SwiftPath path) {
    if (path.level() == SwiftPath.Level.ACCOUNT) return Future.failedFuture(unauthorized("invalid signature"));
    SwiftRequest r = new SwiftRequest(http, transId, path, null);
    return TempUrl.keys(proxy, r).compose(keys -> receive(r, keys)).compose(outcome -> answer(r, outcome));
  }

  /** How a form ended: the status line of the last upload (or of the refusal) and a message. */
  record Outcome(int status, String message, String redirect) {
  }

  private Future<Outcome> receive(SwiftRequest r, List<String> keys) {
    String boundary = MultipartParser.boundary(r.http().getHeader("Content-Type"));
    if (boundary == null) return Future.failedFuture(StratusException.badRequest("FormPost: invalid starting boundary"));
    Promise<Outcome> result = Promise.promise();
    Form form = new Form(r, keys, result);
    form.parser = new MultipartParser(r.http(), boundary, form);
    form.parser.start();
    return result.future();
  }

  /**
   * One form being read: fields are collected; each file is stored as it streams by, the reader
   * paused while the file's replicas open, while they are full, and until they answered.
   */
  private final class Form implements MultipartParser.Listener {
    private static final int MAX_FIELD = 64 * 1024;
    private final SwiftRequest r;
    private final List<String> keys;
    private final Promise<Outcome> result;
    private final MultiMap fields = MultiMap.caseInsensitiveMultiMap();
    private MultipartParser parser;
    private String field;
    private Buffer value;
    private WriteStream<Buffer> file;
    private Promise<Void> fileDone;
    private long fileBytes;
    private long maxFileSize;
    private int files;
    private Outcome last;

    Form(SwiftRequest r, List<String> keys, Promise<Outcome> result) {
      this.r = r;
      this.keys = keys;
      this.result = result;
    }

    @Override
    public void partStart(String name, String filename, String contentType) {
      field = null;
      file = null;
      if (filename == null) {
        field = name;
        value = Buffer.buffer();
      } else if (!filename.isEmpty()) {
        parser.pause();
        Future.succeededFuture().compose(v -> store(filename, contentType)).onComplete(ar -> {
          if (ar.failed()) {
            result.tryFail(ar.cause());
          } else if (ar.result() != null) {
            last = ar.result();
            if (last.status() / 100 != 2) {
              result.tryComplete(last);
            } else {
              goOn();
            }
          }
        });
      }
    }

    @Override
    public void partData(Buffer data) {
      if (field != null) {
        value.appendBuffer(data);
        if (value.length() > MAX_FIELD) failed(StratusException.badRequest("FormPost: field too long"));
      } else if (file != null) {
        fileBytes += data.length();
        if (fileBytes > maxFileSize) {
          parser.pause();
          fileDone.tryFail(SwiftErrors.plain(ErrorCode.BAD_REQUEST, "FormPost: max_file_size exceeded"));
          return;
        }
        parser.writeTo(file, data, this::goOn);
      }
    }

    @Override
    public void partEnd() {
      if (field != null) {
        fields.add(field, value.toString(StandardCharsets.UTF_8));
        field = null;
      } else if (file != null) {
        parser.pause();
        file = null;
        fileDone.tryComplete();
      }
    }

    @Override
    public void formEnd() {
      if (last != null) {
        result.tryComplete(last);
        return;
      }
      Future.succeededFuture().map(v -> {
        FormFields f = FormFields.of(fields, r.path(), proxy.clock().millis() / 1000);
        f.check(keys, SwiftPath.decode(r.http().path()));
        return new Outcome(400, "no files to process", f.redirect());
      }).onComplete(ar -> {
        if (ar.succeeded()) {
          result.tryComplete(ar.result());
        } else {
          result.tryFail(ar.cause());
        }
      });
    }

    @Override
    public void failed(Throwable error) {
      parser.pause();
      if (fileDone != null) fileDone.tryFail(error);
      result.tryFail(error);
    }

    private void goOn() {
      if (!result.future().isComplete()) parser.resume();
    }

    /** Stores one file: its outcome, or null when the form ends here (too many files). */
    private Future<Outcome> store(String filename, String contentType) {
      FormFields f = FormFields.of(fields, r.path(), proxy.clock().millis() / 1000);
      // As Swift's formpost: the file count is checked before the signature.
      if (++files > f.maxFileCount()) {
        result.tryComplete(new Outcome(400, "max file count exceeded", f.redirect()));
        return Future.succeededFuture();
      }
      f.check(keys, SwiftPath.decode(r.http().path()));
      maxFileSize = f.maxFileSize();
      SwiftPath p = r.path();
      String object = (p.object() == null ? "" : p.object()) + filename;
      SwiftPath target = new SwiftPath(p.version(), p.account(), p.container(), object);
      proxy.constraints().checkPath(target);
      MultiMap h = proxy.headers(r).add("X-Timestamp", SwiftTimestamp.now(proxy.clock()));
      h.add("Content-Type", ObjectPutHandler.contentType(MultiMap.caseInsensitiveMultiMap()
          .add("Content-Type", contentType == null ? "" : contentType), object));
      String deleteAt = Constraints.deleteAt(f.deleteHeaders(), proxy.clock().millis() / 1000);
      if (deleteAt != null) h.add("X-Delete-At", deleteAt);
      ObjectPutHandler.Upload put = new ObjectPutHandler.Upload(p.account(), p.container(), object, -1, h);
      return versioning.beforeOverwrite(r, target)
          .compose(v -> puts.store(r, put, this::receiveFile))
          .map(stored -> new Outcome(stored.status(), "", f.redirect()))
          .recover(e -> e instanceof StratusException se && se.code().status() != 400 && se.code().status() != 401
              ? Future.succeededFuture(new Outcome(se.code().status(), "", f.redirect())) : Future.failedFuture(e));
    }

    /** The replicas are open: let the file's bytes flow into them until its part ends. */
    private Future<Void> receiveFile(WriteStream<Buffer> out) {
      file = out;
      fileBytes = 0;
      fileDone = Promise.promise();
      goOn();
      return fileDone.future();
    }
  }

  static StratusException unauthorized(String reason) {
    return SwiftErrors.plain(ErrorCode.UNAUTHORIZED, "FormPost: " + title(reason));
  }

  /** Python's {@code str.title()} for the ASCII messages Swift's formpost writes. */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean start = true;
    for (char c : s.toCharArray()) {
      sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = !Character.isLetter(c);
    }
    return sb.toString();
  }

  /** A 303 to the redirect with {@code status} and {@code message}, or the status and message as text. */
  private static Future<Void> answer(SwiftRequest r, Outcome outcome) {
    String statusLine = outcome.status() + " " + SwiftErrors.title(outcome.status());
    if (outcome.status() == 201) statusLine = "201 Created";
    if (outcome.redirect() == null || outcome.redirect().isEmpty()) {
      String body = statusLine + "\r\nFormPost: " + title(outcome.message());
      return r.http().response().setStatusCode(outcome.status()).putHeader("Content-Type", "text/plain").end(body);
    }
    String location = outcome.redirect() + (outcome.redirect().contains("?") ? "&" : "?") + "status=" + outcome.status()
        + "&message=" + TempUrlSignature.quote(outcome.message(), "/");
    String body = "<html><body><p><a href=\"" + escape(location) + "\">Click to continue...</a></p></body></html>";
    return r.http().response().setStatusCode(303).putHeader("Location", location)
        .putHeader("Content-Type", "text/html; charset=UTF-8")
        .putHeader("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length)).end(body);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#x27;");
  }
}
