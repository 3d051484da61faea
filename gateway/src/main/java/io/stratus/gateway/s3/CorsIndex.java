package io.stratus.gateway.s3;

import io.stratus.gateway.swift.SwiftRequest;
import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Which project's bucket an unsigned CORS preflight names. Buckets are containers of their project's account, so a
 * bucket name alone (all a browser's OPTIONS carries) does not say whose it is; a bucket with a CORS configuration is
 * therefore registered here: an object named after the bucket in the gateway's own account {@value #ACCOUNT}, container
 * {@value #CONTAINER}, whose metadata names the account. A name is one project's at a time: another project may
 * configure CORS on its bucket of the same name only once the first one's bucket has none (deleted configuration or
 * bucket).
 */
final class CorsIndex {
  static final String ACCOUNT = ".s3_cors";
  static final String CONTAINER = "buckets";
  private static final String OWNER = "X-Object-Meta-Account";

  private final SwiftStore store;

  CorsIndex(SwiftStore store) {
    this.store = store;
  }

  private static SwiftRequest context(HttpServerRequest http, String transId) {
    return SwiftStore.context(http, transId, ACCOUNT, null);
  }

  /** The account whose bucket of this name registered a CORS configuration, or null. */
  Future<String> owner(HttpServerRequest http, String transId, String bucket) {
    return store.openObject(context(http, transId), CONTAINER, bucket, MultiMap.caseInsensitiveMultiMap(), HttpMethod.HEAD,
        false).map(head -> {
          head.body().discard();
          return head.success() ? head.headers().get(OWNER) : null;
        }).otherwise(e -> null);
  }

  /** The stored CORS rules of an account's bucket (none when it has none or does not exist). */
  Future<CorsRules> rules(HttpServerRequest http, String transId, String account, String bucket) {
    return store.headContainer(SwiftStore.context(http, transId, account, null), bucket)
        .map(head -> head.status() / 100 == 2 ? CorsRules.fromStored(head.headers().get(BucketConfigs.SYSMETA_CORS))
            : CorsRules.fromStored(null))
        .otherwise(e -> CorsRules.fromStored(null));
  }

  /**
   * Registers the request's bucket as its account's before its CORS configuration is stored; fails with
   * InvalidRequest when another project's bucket of this name has CORS rules.
   */
  Future<Void> claim(S3Request r) {
    String account = r.swift().path().account();
    return owner(r.http(), r.transId(), r.bucket()).compose(owner -> {
      if (owner == null || owner.equals(account)) return Future.succeededFuture(false);
      return rules(r.http(), r.transId(), owner, r.bucket()).map(CorsRules::isEmpty).map(free -> {
        if (!free) {
          throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Another project's bucket of this name has a CORS"
              + " configuration; unsigned preflight requests could not tell the two apart.", "/" + r.bucket());
        }
        return false;
      });
    }).compose(v -> register(r, account));
  }

  private Future<Void> register(S3Request r, String account) {
    SwiftRequest system = context(r.http(), r.transId());
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    return store.writeContainer(system, HttpMethod.PUT, CONTAINER, none, none).compose(status -> {
      if (status / 100 != 2) throw S3Errors.forStatus(503, false, r.bucket(), null);
      MultiMap meta = MultiMap.caseInsensitiveMultiMap().add(OWNER, account).add("Content-Type", "text/plain");
      return store.putObject(system, CONTAINER, r.bucket(), 0, meta, none, out -> Future.succeededFuture());
    }).map(written -> {
      if (written.status() / 100 != 2) throw S3Errors.forStatus(written.status(), false, r.bucket(), null);
      return null;
    });
  }

  /** Forgets the request's bucket when it is its account's (its CORS configuration was deleted). */
  Future<Void> release(S3Request r) {
    String account = r.swift().path().account();
    return owner(r.http(), r.transId(), r.bucket()).compose(owner -> !account.equals(owner) ? Future.succeededFuture()
        : store.deleteVersionless(context(r.http(), r.transId()), CONTAINER, r.bucket()).<Void>mapEmpty())
        .otherwiseEmpty();
  }
}
