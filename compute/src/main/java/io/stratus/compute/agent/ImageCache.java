package io.stratus.compute.agent;

import io.stratus.common.auth.ServiceSession;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's image cache: {@code images/<id>} holds an image's bytes, {@code images/<id>.json} what they were
 * verified as. A miss streams the image from the image service (with the agent's own service token) into a
 * temporary file while computing MD5 and the image's os_hash; only bytes that match the image's size and
 * checksums are renamed into place, so a bad download leaves nothing behind. Concurrent requests for one
 * image share one download; each checks the result against the claims it was given.
 */
public final class ImageCache {
  private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
  private static final Pattern IMAGE_ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z-]{0,63}");
  private static final int ATTEMPTS = 3;
  private static final long RETRY_MILLIS = 500;

  /** An image in the cache. */
  public record CachedImage(String id, Path path, long size, String diskFormat) {
  }

  private final Vertx vertx;
  private final HttpClient http;
  private final ServiceSession session;
  private final String imageUrl;
  private final Path dir;
  private final WorkerExecutor files;
  private final long timeoutMillis;
  private final Map<String, Future<JsonObject>> downloads = new ConcurrentHashMap<>();

  public ImageCache(Vertx vertx, HttpClient http, ServiceSession session, String imageUrl, Path dir, WorkerExecutor files,
      long timeoutMillis) {
    this.vertx = vertx;
    this.http = http;
    this.session = session;
    this.imageUrl = imageUrl;
    this.dir = dir;
    this.files = files;
    this.timeoutMillis = timeoutMillis;
  }

  /** The image's record from the image service (for a kernel or ramdisk the build only knows by id). */
  public Future<JsonObject> describe(String id) {
    checkId(id);
    return withToken(token -> http.request(options(HttpMethod.GET, "/v2/images/" + id, token))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> {
          if (response.statusCode() == 200) return new JsonObject(body);
          throw status(id, response.statusCode());
        })), 0);
  }

  /** The image of this record (id, size, checksum, os_hash_algo, os_hash_value, disk_format) in the cache. */
  public Future<CachedImage> get(JsonObject image) {
    String id = image.getString("id");
    checkId(id);
    Future<JsonObject> shared = downloads.computeIfAbsent(id, k -> cachedOrDownload(image));
    shared.onComplete(ar -> downloads.remove(id, shared));
    return shared.compose(verified -> {
      String mismatch = mismatch(image, verified);
      if (mismatch != null) {
        return Future.failedFuture(new InstanceFault(500, "Image " + id + " failed verification: " + mismatch,
            "the image service's record of the image does not match the bytes it served"));
      }
      return Future.succeededFuture(new CachedImage(id, dir.resolve(id), verified.getLong("size"),
          image.getString("disk_format", verified.getString("disk_format"))));
    });
  }

  /** What the cache verified the image as: its sidecar when present and in agreement with the claims, else a new download. */
  private Future<JsonObject> cachedOrDownload(JsonObject image) {
    String id = image.getString("id");
    return files.executeBlocking(() -> {
      Path sidecar = dir.resolve(id + ".json");
      if (!Files.isRegularFile(sidecar) || !Files.isRegularFile(dir.resolve(id))) return null;
      JsonObject verified = new JsonObject(Files.readString(sidecar, StandardCharsets.UTF_8));
      return mismatch(image, verified) == null ? verified : null;
    }, false).compose(cached -> cached != null ? Future.succeededFuture(cached) : download(image, 1));
  }

  private Future<JsonObject> download(JsonObject image, int attempt) {
    String id = image.getString("id");
    LOG.info("Downloading image {} into the cache (attempt {})", id, attempt);
    return withToken(token -> fetch(image, token), 0).recover(e -> {
      if (e instanceof InstanceFault || attempt >= ATTEMPTS) return Future.failedFuture(e);
      LOG.warn("Downloading image {} failed ({}); trying again", id, e.getMessage());
      Promise<JsonObject> again = Promise.promise();
      vertx.setTimer(RETRY_MILLIS * attempt, t -> download(image, attempt + 1).onComplete(again));
      return again.future();
    });
  }

  private Future<JsonObject> fetch(JsonObject image, String token) {
    String id = image.getString("id");
    String algo = image.getString("os_hash_algo", "sha512");
    Path part = dir.resolve("." + id + "." + UUID.randomUUID() + ".part");
    List<MessageDigest> digests = List.of(digest("MD5"), digest(javaName(algo)));
    return files.executeBlocking(() -> Files.createDirectories(dir), false)
        .compose(v -> vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setCreateNew(true)))
        .compose(file -> http.request(options(HttpMethod.GET, "/v2/images/" + id + "/file", token))
            .compose(request -> request.send())
            .compose(response -> save(id, response, file, digests))
            .recover(e -> file.close().transform(ignored -> Future.failedFuture(e))))
        .map(hashing -> new JsonObject().put("id", id).put("size", hashing.bytes()).put("checksum", hashing.hex(0))
            .put("os_hash_algo", algo).put("os_hash_value", hashing.hex(1)).put("disk_format", image.getString("disk_format")))
        .compose(verified -> install(image, part, verified))
        .recover(e -> files.executeBlocking(() -> Files.deleteIfExists(part), false).transform(ignored -> Future.failedFuture(e)));
  }

  private Future<HashingStream> save(String id, HttpClientResponse response, AsyncFile file, List<MessageDigest> digests) {
    if (response.statusCode() != 200) {
      return response.body().transform(ignored -> Future.failedFuture(status(id, response.statusCode())));
    }
    HashingStream hashing = new HashingStream(file, digests);
    return response.pipeTo(hashing).map(hashing);
  }

  /** Checks the bytes against the claims; if they match, makes them durable and renames them into the cache. */
  private Future<JsonObject> install(JsonObject image, Path part, JsonObject verified) {
    String mismatch = mismatch(image, verified);
    if (mismatch != null) {
      LOG.warn("Image {} failed verification: {}", image.getString("id"), mismatch);
      return Future.failedFuture(new InstanceFault(500, "Image " + image.getString("id") + " failed verification: " + mismatch,
          "the downloaded bytes do not match the image's size or checksums"));
    }
    String id = image.getString("id");
    return files.executeBlocking(() -> {
      AtomicFile.sync(part);
      AtomicFile.move(part, dir.resolve(id));
      AtomicFile.write(dir.resolve(id + ".json"), verified.encodePrettily().getBytes(StandardCharsets.UTF_8));
      LOG.info("Image {} cached: {} bytes, md5 {}", id, verified.getLong("size"), verified.getString("checksum"));
      return verified;
    }, false);
  }

  /** What in {@code claims} (an image record) disagrees with {@code verified} (what the bytes were), or null. */
  static String mismatch(JsonObject claims, JsonObject verified) {
    Long size = claims.getLong("size");
    if (size != null && !size.equals(verified.getLong("size"))) return "size " + verified.getLong("size") + " != " + size;
    String md5 = claims.getString("checksum");
    if (md5 != null && !md5.equalsIgnoreCase(verified.getString("checksum"))) {
      return "md5 " + verified.getString("checksum") + " != " + md5;
    }
    String hash = claims.getString("os_hash_value");
    if (hash == null) return null;
    String algo = claims.getString("os_hash_algo", "sha512");
    if (!algo.equalsIgnoreCase(verified.getString("os_hash_algo"))) return "no " + algo + " digest";
    if (!hash.equalsIgnoreCase(verified.getString("os_hash_value"))) {
      return algo + " " + verified.getString("os_hash_value") + " != " + hash;
    }
    return null;
  }

  private <T> Future<T> withToken(java.util.function.Function<String, Future<T>> call, int refusals) {
    return session.credentials().compose(c -> call.apply(c.token()).recover(e -> {
      if (e instanceof Refused && refusals == 0) {
        session.invalidate(c);
        return withToken(call, 1);
      }
      return Future.failedFuture(e);
    }));
  }

  private RequestOptions options(HttpMethod method, String path, String token) {
    return new RequestOptions().setMethod(method).setAbsoluteURI(imageUrl + path).setTimeout(timeoutMillis)
        .putHeader("X-Auth-Token", token);
  }

  private static RuntimeException status(String id, int status) {
    return switch (status) {
      case 401 -> new Refused();
      case 403, 404 -> new InstanceFault(404, "Image " + id + " could not be found.", "the image service answered " + status);
      case 204 -> new InstanceFault(500, "Image " + id + " has no data.", "the image service answered 204");
      default -> new IllegalStateException("the image service answered " + status + " for image " + id);
    };
  }

  private static void checkId(String id) {
    if (id == null || !IMAGE_ID.matcher(id).matches()) throw new InstanceFault(400, "Invalid image id: " + id, null);
  }

  private static String javaName(String algo) {
    String a = algo.toLowerCase(Locale.ROOT);
    return a.startsWith("sha") && !a.contains("-") ? "SHA-" + a.substring(3) : a.toUpperCase(Locale.ROOT);
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new InstanceFault(500, "Unsupported image hash algorithm " + name, null);
    }
  }

  /** The image service refused the token (it expired or was revoked): log in again once. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused() {
      super("the image service refused the agent's token", null, false, false);
    }
  }
}
