package io.stratus.gateway.s3;

import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.gateway.s3.auth.S3Auth;
import io.stratus.gateway.s3.auth.S3Caller;
import io.stratus.gateway.s3.auth.SigV4;
import io.stratus.gateway.swift.MultipartParser;
import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * S3's POST Object (a browser-based upload with a presigned POST): a multipart/form-data POST to the bucket whose
 * fields (all before the file) carry the key (with {@code ${filename}}), the policy and its signature, Content-Type,
 * x-amz-meta-*, success_action_status / success_action_redirect. When the file part starts, the policy's signature
 * and expiration are checked ({@link S3Auth#authenticatePost}), the signer's member role on its project and the
 * policy's conditions ({@link PostConditions}); the file then streams into the object with back-pressure (the form
 * reader paused while the replicas are full), its size held to the content-length-range. Parts after the file are
 * ignored, as S3 does.
 */
final class FormUpload {
  private static final int MAX_FIELDS = 20 * 1024;

  private final SwiftStore store;
  private final S3Auth auth;
  private final String resellerPrefix;
  private final CorsHandler cors;

  FormUpload(SwiftStore store, S3Auth auth, String resellerPrefix, CorsHandler cors) {
    this.store = store;
    this.auth = auth;
    this.resellerPrefix = resellerPrefix;
    this.cors = cors;
  }

  /** Receives the form posted to {@code bucket}; completes once the answer is sent, fails with what to render. */
  Future<Void> handle(HttpServerRequest http, String transId, String bucket) {
    String boundary = MultipartParser.boundary(http.getHeader("Content-Type"));
    if (boundary == null) throw new S3Exception(S3ErrorCode.MALFORMED_POST_REQUEST);
    if (http.headers().contains("Expect", "100-continue", true)) http.response().writeContinue();
    Promise<Void> done = Promise.promise();
    Form form = new Form(http, transId, bucket, done);
    form.parser = new MultipartParser(http, boundary, form);
    form.parser.start();
    return done.future();
  }

  /** One form being read: fields collected until the file, which is stored as it streams by. */
  private final class Form implements MultipartParser.Listener {
    private final HttpServerRequest http;
    private final String transId;
    private final String bucket;
    private final Promise<Void> done;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private MultipartParser parser;
    private String field;
    private Buffer value;
    private int fieldBytes;
    private boolean fileSeen;
    private boolean inFile;
    private WriteStream<Buffer> file;
    private Promise<Void> fileDone;
    private long fileBytes;
    private PostConditions.Range range;

    Form(HttpServerRequest http, String transId, String bucket, Promise<Void> done) {
      this.http = http;
      this.transId = transId;
      this.bucket = bucket;
      this.done = done;
    }

    @Override
    public void partStart(String name, String filename, String contentType) {
      field = null;
      inFile = false;
      if (fileSeen || name == null) return;
      if (name.equalsIgnoreCase("file")) {
        fileSeen = true;
        inFile = true;
        parser.pause();
        Future.succeededFuture().compose(v -> upload(filename == null ? "" : filename)).onComplete(ar -> {
          if (ar.failed()) {
            failed(ar.cause());
          } else {
            done.tryComplete();
          }
        });
      } else {
        field = name;
        value = Buffer.buffer();
      }
    }

    @Override
    public void partData(Buffer data) {
      if (field != null) {
        fieldBytes += data.length();
        if (fieldBytes > MAX_FIELDS) {
          failed(new S3Exception(S3ErrorCode.MAX_POST_PRE_DATA_LENGTH_EXCEEDED));
          return;
        }
        value.appendBuffer(data);
      } else if (inFile && file != null) {
        fileBytes += data.length();
        long max = range == null ? store.maxFileSize() : Math.min(range.max(), store.maxFileSize());
        if (fileBytes > max) {
          parser.pause();
          fileDone.tryFail(new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE).with("ProposedSize", Long.toString(fileBytes))
              .with("MaxSizeAllowed", Long.toString(max)));
          return;
        }
        parser.writeTo(file, data, this::goOn);
      }
    }

    @Override
    public void partEnd() {
      if (field != null) {
        fields.putIfAbsent(field, value.toString(StandardCharsets.UTF_8));
        field = null;
      } else if (inFile && file != null) {
        inFile = false;
        parser.pause();
        if (range != null && fileBytes < range.min()) {
          fileDone.tryFail(new S3Exception(S3ErrorCode.ENTITY_TOO_SMALL).with("ProposedSize", Long.toString(fileBytes))
              .with("MinSizeAllowed", Long.toString(range.min())));
        } else {
          fileDone.tryComplete();
        }
      }
    }

    @Override
    public void formEnd() {
      if (!fileSeen) {
        failed(new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "POST requires exactly one file upload per request.")
            .with("ArgumentName", "file").with("ArgumentValue", "0"));
      }
    }

    @Override
    public void failed(Throwable error) {
      parser.pause();
      Throwable e = error instanceof StratusException ? new S3Exception(S3ErrorCode.MALFORMED_POST_REQUEST) : error;
      if (fileDone != null) fileDone.tryFail(e);
      done.tryFail(e);
    }

    private void goOn() {
      if (!done.future().isComplete()) parser.resume();
    }

    /** Checks the form so far and stores the file; completes once the answer is sent. */
    private Future<Void> upload(String filename) {
      return auth.authenticatePost(fields).compose(caller -> {
        String key = key(filename);
        S3Request r = request(caller, key);
        PostConditions conditions = PostConditions.parse(PostConditions.field(fields, "policy"));
        conditions.check(fields, bucket);
        range = conditions.range();
        MultiMap form = MultiMap.caseInsensitiveMultiMap().addAll(fields);
        String acl = form.get("acl");
        if (acl != null && !BucketConfigs.cannedRead(acl).isEmpty()) {
          throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Object ACLs other than private are not implemented.");
        }
        MultiMap client = ObjectHandler.clientHeaders(form);
        return cors.decorate(http, transId, r.swift().path().account(), bucket)
            .compose(v -> store.putObject(r.swift(), bucket, key, -1, client, MultiMap.caseInsensitiveMultiMap(),
                this::receive))
            .recover(e -> Future.failedFuture(ObjectHandler.bucketMissing(e, r)))
            .compose(written -> {
              if (written.status() / 100 != 2) throw S3Errors.forStatus(written.status(), false, bucket, key);
              return answer(key, written.etag());
            });
      });
    }

    private String key(String filename) {
      String key = PostConditions.field(fields, "key");
      if (key == null || key.isEmpty()) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Bucket POST must contain a field named 'key'.  If it is"
            + " specified, please check the order of the fields.").with("ArgumentName", "key");
      }
      key = key.replace("${filename}", filename);
      if (key.getBytes(StandardCharsets.UTF_8).length > 1024) throw new S3Exception(S3ErrorCode.KEY_TOO_LONG);
      return key;
    }

    private S3Request request(S3Caller caller, String key) {
      String project = caller.auth().projectId();
      try {
        if (project == null) throw StratusException.forbidden("The credential is not scoped to a project.");
        RolePolicy.requireOnProject(caller.auth(), project, RolePolicy.MEMBER);
      } catch (StratusException e) {
        throw new S3Exception(S3ErrorCode.ACCESS_DENIED, S3ErrorCode.ACCESS_DENIED.message(), "/" + bucket);
      }
      return new S3Request(http, transId, caller, null, bucket, key,
          SwiftStore.context(http, transId, resellerPrefix + project, caller.auth()));
    }

    /** The policy holds: let the file's bytes flow into the replicas until its part ends. */
    private Future<Void> receive(WriteStream<Buffer> out) {
      file = out;
      fileBytes = 0;
      fileDone = Promise.promise();
      goOn();
      return fileDone.future();
    }

    /** A 303 to success_action_redirect, or success_action_status: 204 (default), 200, or 201 with PostResponse. */
    private Future<Void> answer(String key, String etag) {
      HttpServerResponse out = http.response();
      String location = (http.isSSL() ? "https://" : "http://") + http.getHeader("Host") + "/" + SigV4.uriEncode(bucket, true)
          + "/" + SigV4.uriEncode(key, true);
      out.putHeader("ETag", "\"" + etag + "\"").putHeader("Location", location);
      String redirect = PostConditions.field(fields, "success_action_redirect");
      if (redirect == null || redirect.isEmpty()) redirect = PostConditions.field(fields, "redirect");
      if (redirect != null && !redirect.isEmpty()) {
        String target = redirect + (redirect.contains("?") ? "&" : "?") + "bucket=" + SigV4.uriEncode(bucket, false)
            + "&key=" + SigV4.uriEncode(key, false) + "&etag=" + SigV4.uriEncode("\"" + etag + "\"", false);
        out.headers().set("Location", target);
        return S3Responses.empty(http, 303);
      }
      String status = PostConditions.field(fields, "success_action_status");
      if ("201".equals(status)) {
        return S3Responses.xml(http, 201, XmlWriter.plain("PostResponse").element("Location", location)
            .element("Bucket", bucket).element("Key", key).element("ETag", "\"" + etag + "\""));
      }
      return S3Responses.empty(http, "200".equals(status) ? 200 : 204);
    }
  }
}
