package io.stratus.gateway.s3;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * CORS as S3 enforces it from a bucket's rules. A preflight ({@code OPTIONS /bucket[/key]} with Origin and
 * Access-Control-Request-Method, no signature) is answered 200 with Access-Control-Allow-Origin / -Methods / -Headers /
 * -Max-Age / -Expose-Headers when a rule allows it, else 403 AccessForbidden; the bucket's owner is found through the
 * {@link CorsIndex}. An actual request with an Origin gets the same headers (but -Headers) when a rule allows its
 * origin and method, and Access-Control-Allow-Credentials when the rule names origins rather than '*'.
 */
final class CorsHandler {
  private static final String VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

  private final CorsIndex index;

  CorsHandler(CorsIndex index) {
    this.index = index;
  }

  /** Whether a request is for S3 CORS: an OPTIONS outside the Swift API's paths. */
  static boolean isPreflight(HttpServerRequest http) {
    String path = http.path();
    return http.method() == io.vertx.core.http.HttpMethod.OPTIONS && !path.equals("/v1") && !path.startsWith("/v1/")
        && !path.startsWith("/v1.0/");
  }

  /** Answers a preflight of {@code bucket}; completes once the answer is sent (failures are S3Exceptions). */
  Future<Void> preflight(HttpServerRequest http, String transId, String bucket) {
    String origin = http.getHeader("Origin");
    String method = http.getHeader("Access-Control-Request-Method");
    if (origin == null || origin.isEmpty()) throw new S3Exception(S3ErrorCode.BAD_REQUEST);
    if (method == null || method.isEmpty()) {
      throw new S3Exception(S3ErrorCode.BAD_REQUEST, "Invalid Access-Control-Request-Method: null");
    }
    if (bucket == null) throw new S3Exception(S3ErrorCode.ACCESS_FORBIDDEN);
    List<String> headers = CorsRules.requestedHeaders(http.getHeader("Access-Control-Request-Headers"));
    return index.owner(http, transId, bucket)
        .compose(account -> account == null ? Future.succeededFuture(CorsRules.fromStored(null))
            : index.rules(http, transId, account, bucket))
        .compose(rules -> {
          if (rules.isEmpty()) {
            throw new S3Exception(S3ErrorCode.ACCESS_FORBIDDEN, "CORSResponse: CORS is not enabled for this bucket.");
          }
          CorsRules.Rule rule = rules.match(origin, method, headers);
          if (rule == null) throw new S3Exception(S3ErrorCode.ACCESS_FORBIDDEN);
          HttpServerResponse out = http.response();
          allow(out, rule, origin);
          if (!headers.isEmpty()) out.putHeader("Access-Control-Allow-Headers", String.join(", ", headers));
          return S3Responses.empty(http, 200);
        });
  }

  /**
   * Puts the CORS headers on the answer to an authenticated request of {@code account}'s {@code bucket} when it has
   * an Origin that a rule allows with the request's method; never fails.
   */
  Future<Void> decorate(HttpServerRequest http, String transId, String account, String bucket) {
    String origin = http.getHeader("Origin");
    if (origin == null || origin.isEmpty() || bucket == null) return Future.succeededFuture();
    return index.rules(http, transId, account, bucket).map(rules -> {
      CorsRules.Rule rule = rules.match(origin, http.method().name(), List.of());
      if (rule != null) allow(http.response(), rule, origin);
      return (Void) null;
    }).otherwiseEmpty();
  }

  private static void allow(HttpServerResponse out, CorsRules.Rule rule, String origin) {
    String allowed = rule.allowOrigin(origin);
    out.putHeader("Access-Control-Allow-Origin", allowed);
    out.putHeader("Access-Control-Allow-Methods", String.join(", ", rule.methods()));
    if (!allowed.equals("*")) out.putHeader("Access-Control-Allow-Credentials", "true");
    if (!rule.expose().isEmpty()) out.putHeader("Access-Control-Expose-Headers", String.join(", ", rule.expose()));
    if (rule.maxAge() != null && !rule.maxAge().isBlank()) out.putHeader("Access-Control-Max-Age", rule.maxAge().trim());
    out.putHeader("Vary", VARY);
  }
}
