package io.stratus.gateway.swift;

import io.stratus.common.error.StratusException;
import io.stratus.gateway.proxy.BackendPath;
import io.stratus.gateway.proxy.ReplicatedPut;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Swift's archive extraction ({@code PUT /v1/<account>[/<container>[/<prefix>]]?extract-archive=tar|tar.gz|tar.bz2}):
 * the tar is read as it streams in, each regular file becomes an object (its first path component
 * the container at account level, created when missing) stored by a replicated PUT straight from
 * the archive's bytes, with the metadata of its pax xattr records (in a versioned container the
 * object's current version archived first, as for any PUT); the answer is a {@link BulkReport}
 * (Number Files Created, Errors).
 */
final class ExtractArchive {
  static final int MAX_FAILED = 1000;

  private final SwiftProxy proxy;
  private final ObjectPutHandler puts;
  private final ContainerHandler containers;
  private final ObjectVersioning versioning;

  ExtractArchive(SwiftProxy proxy, ObjectPutHandler puts, ContainerHandler containers, ObjectVersioning versioning) {
    this.proxy = proxy;
    this.puts = puts;
    this.containers = containers;
    this.versioning = versioning;
  }

  Future<Void> handle(SwiftRequest r) {
    String format = r.http().getParam("extract-archive").toLowerCase(Locale.ROOT).replaceAll("^\\.+|\\.+$", "");
    ArchiveInput.Compression compression = ArchiveInput.Compression.of(format);
    if (compression == null) return Future.failedFuture(StratusException.badRequest("Unsupported archive format"));
    SwiftPath p = r.path();
    String base = p.container() == null ? "" : p.container() + (p.object() == null ? "" : "/" + p.object());
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    Promise<BulkReport> done = Promise.promise();
    Extraction extraction = new Extraction(r, base, done);
    extraction.reader = new TarReader(r.http(), compression, extraction);
    if (r.http().headers().contains("Expect", "100-continue", true)) r.http().response().writeContinue();
    extraction.reader.start();
    return done.future().compose(report -> BulkReport.send(r.http(), report));
  }

  /** One archive being extracted: one file at a time, the reader paused while a file's replicas are not ready. */
  private final class Extraction implements TarReader.Listener {
    private final SwiftRequest r;
    private final String base;
    private final Promise<BulkReport> done;
    private final BulkReport report = BulkReport.extract();
    private final Set<String> created = new HashSet<>();
    private TarReader reader;
    private WriteStream<Buffer> out;
    private Promise<Void> fileDone;
    private boolean fileEnded;

    Extraction(SwiftRequest r, String base, Promise<BulkReport> done) {
      this.r = r;
      this.base = base;
      this.done = done;
    }

    @Override
    public void file(String name, long size, Map<String, String> pax) {
      String path = name.startsWith("./") ? name.substring(2) : name;
      while (path.startsWith("/")) path = path.substring(1);
      if (!base.isEmpty()) path = base + "/" + path;
      out = null;
      fileEnded = false;
      int slash = path.indexOf('/');
      if (slash < 0 || slash == path.length() - 1) return;
      String container = path.substring(0, slash);
      String object = path.substring(slash + 1);
      String quoted = BackendPath.quote(path);
      try {
        proxy.constraints().checkPath(new SwiftPath("v1", r.path().account(), container, object));
        if (size > proxy.constraints().maxFileSize()) throw new StratusException(
            io.stratus.common.error.ErrorCode.PAYLOAD_TOO_LARGE, "too large");
      } catch (StratusException e) {
        report.error(quoted, e.code().status());
        return;
      }
      reader.pause();
      ensureContainer(container)
          .compose(containerStatus -> store(container, object, size, pax).map(status -> {
            if (status / 100 == 2) {
              report.created();
            } else {
              if (containerStatus / 100 != 2) {
                report.error(BackendPath.quote("/v1/" + r.path().account() + "/" + container), containerStatus);
              }
              report.error(quoted, status);
            }
            return null;
          }))
          .onSuccess(v -> next())
          .onFailure(done::tryFail);
    }

    private void next() {
      if (report.errors() >= MAX_FAILED) {
        done.tryComplete(report);
      } else {
        reader.resume();
      }
    }

    private Future<Integer> ensureContainer(String container) {
      if (created.contains(container)) return Future.succeededFuture(201);
      return containers.createContainer(r, r.path().account(), container).map(status -> {
        if (status / 100 == 2) created.add(container);
        return status;
      }).recover(e -> Future.succeededFuture(e instanceof StratusException se ? se.code().status() : 500));
    }

    /** Stores one file from the archive; its status (a failure of the client's upload fails the whole). */
    private Future<Integer> store(String container, String object, long size, Map<String, String> pax) {
      MultiMap h = proxy.headers(r).add("X-Timestamp", SwiftTimestamp.now(proxy.clock()))
          .add("Content-Type", ObjectPutHandler.contentType(MultiMap.caseInsensitiveMultiMap(), object));
      paxHeaders(pax, h);
      ObjectPutHandler.Upload upload = new ObjectPutHandler.Upload(r.path().account(), container, object, size, h);
      SwiftPath target = new SwiftPath(r.path().version(), r.path().account(), container, object);
      return versioning.beforeOverwrite(r, target)
          .compose(v -> puts.store(r, upload, this::receive))
          .map(ObjectPutHandler.Stored::status)
          .recover(this::failedStore);
    }

    /** A file that could not be stored: its status, or the failure itself when the client's upload failed. */
    private Future<Integer> failedStore(Throwable e) {
      if (e instanceof ReplicatedPut.ClientDisconnected || fileDone != null && fileDone.future().failed()) {
        return Future.failedFuture(e);
      }
      return Future.succeededFuture(e instanceof StratusException se ? se.code().status() : 500);
    }

    /** Swift's {@code pax_key_to_swift_header}: xattr user.mime_type is the type, user.meta.* metadata. */
    private static void paxHeaders(Map<String, String> pax, MultiMap h) {
      pax.forEach((key, value) -> {
        for (String prefix : new String[] {"SCHILY.xattr.user.", "LIBARCHIVE.xattr.user."}) {
          if (!key.startsWith(prefix)) continue;
          String rest = key.substring(prefix.length());
          if (rest.equals("mime_type")) h.set("Content-Type", value);
          if (rest.startsWith("meta.") && rest.length() > 5) h.set("X-Object-Meta-" + rest.substring(5), value);
        }
      });
    }

    /** The replicas are open: the file's bytes flow from the reader into them until its end. */
    private Future<Void> receive(WriteStream<Buffer> replicas) {
      fileDone = Promise.promise();
      if (fileEnded) return Future.succeededFuture();
      out = replicas;
      reader.resume();
      return fileDone.future();
    }

    @Override
    public void data(Buffer data) {
      if (out == null) return;
      out.write(data);
      if (out.writeQueueFull()) {
        reader.pause();
        out.drainHandler(v -> {
          if (!done.future().isComplete()) reader.resume();
        });
      }
    }

    @Override
    public void fileEnd() {
      fileEnded = true;
      if (out == null) return;
      out = null;
      reader.pause();
      fileDone.tryComplete();
    }

    @Override
    public void end() {
      if (report.errors() == 0 && report.count("Number Files Created") == 0) {
        report.fail(400, "Invalid Tar File: No Valid Files");
      }
      done.tryComplete(report);
    }

    @Override
    public void failed(String reason) {
      report.fail(400, "Invalid Tar File: " + reason);
      // The report first: failing the file in progress fails its store at once, which would end the
      // extraction with that failure (a 500) before the report could.
      done.tryComplete(report);
      if (fileDone != null) fileDone.tryFail(new IllegalStateException(reason));
    }
  }
}
