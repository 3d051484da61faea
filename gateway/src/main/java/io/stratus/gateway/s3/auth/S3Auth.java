package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Authenticates S3 requests: SigV4 (Authorization header, presigned query URLs), SigV2 (header and query, path-style)
 * and presigned POST policies. Signatures are checked by identity ({@code POST /v3/s3tokens}), which never hands out
 * a secret, only the signing key derived for a SigV4 request's scope; that key and the caller are cached per
 * (access key, scope), so later requests in the scope are verified here. The body of an authenticated request is
 * read through {@link #body}, which decodes aws-chunked payloads and checks chunk signatures and digests.
 */
public final class S3Auth {
  private static final long IDENTITY_TIMEOUT_MILLIS = 10_000;

  /** How every SigV4 scheme's name begins (AWS4-HMAC-SHA256 is the one verified here). */
  private static final String V4_SCHEMES = "AWS4-";

  private final Clock clock;
  private final Duration cacheTtl;
  private final SigningKeyCache cache;
  private final S3TokensClient identity;
  /** What {@link #body} needs of each authenticated request (its payload mode and signing key); weakly held. */
  private final Map<HttpServerRequest, PayloadPlan> plans = Collections.synchronizedMap(new WeakHashMap<>());

  public S3Auth(Vertx vertx, HttpClient identityClient, String identityUrl, Clock clock, Duration cacheTtl, int cacheSize) {
    this.clock = clock;
    this.cacheTtl = cacheTtl;
    this.cache = new SigningKeyCache(cacheSize);
    this.identity = new S3TokensClient(identityClient, identityUrl, IDENTITY_TIMEOUT_MILLIS);
  }

  /**
   * True when the request carries an AWS signature, or claims to: an Authorization of an AWS scheme ("AWS4-..." of
   * any algorithm, "AWS ..." or a bare "AWS", however malformed, so that it is refused in S3's dialect rather than
   * taken for Swift's), or query X-Amz-Algorithm / X-Amz-Signature / AWSAccessKeyId+Signature.
   */
  public static boolean isS3(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && (authorization.startsWith(V4_SCHEMES) || isV2(authorization))) return true;
    Map<String, String> query = query(request.query());
    return query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Signature")
        || (query.containsKey("AWSAccessKeyId") && query.containsKey("Signature"));
  }

  /** Whether an Authorization is of the SigV2 scheme: "AWS key:signature", or "AWS" with nothing after it. */
  private static boolean isV2(String authorization) {
    return authorization.equals("AWS") || authorization.startsWith("AWS ");
  }

  /**
   * Verifies the signature of a paused request (header or presigned query) without reading its body; fails with
   * S3Exception (SignatureDoesNotMatch, InvalidAccessKeyId, AccessDenied "Request has expired", RequestTimeTooSkewed,
   * AuthorizationHeaderMalformed, ...).
   */
  public Future<S3Caller> authenticate(HttpServerRequest request) {
    try {
      String authorization = request.getHeader("Authorization");
      Map<String, String> query = query(request.query());
      if (authorization != null
          && (authorization.equals(SigV4.ALGORITHM) || authorization.startsWith(SigV4.ALGORITHM + " "))) {
        return v4(request, V4Signed.fromHeader(authorization, request::getHeader));
      }
      if (authorization != null && isV2(authorization)) return v2(request, authorization, query);
      if (query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Credential")
          || query.containsKey("X-Amz-Signature")) {
        return v4(request, V4Signed.fromQuery(query::get));
      }
      if (query.containsKey("AWSAccessKeyId")) return v2(request, null, query);
      if (authorization != null) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Unsupported Authorization Type").with("ArgumentName",
            "Authorization").with("ArgumentValue", authorization);
      }
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
    } catch (S3Exception e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * The body of an authenticated request (still paused; the returned stream starts paused too). When the client
   * sent "Expect: 100-continue", the stream answers 100 Continue itself when it is first read (so the API must not).
   * A body that cannot be read as declared (e.g. an aws-chunked payload without x-amz-decoded-content-length) is a
   * stream that fails at once.
   */
  public S3Body body(HttpServerRequest request, S3Caller caller) {
    PayloadPlan known = plans.remove(request);
    PayloadDecoder decoder;
    long length;
    try {
      PayloadPlan plan = known == null ? PayloadPlan.unsigned(request) : known;
      decoder = plan.decoder();
      length = plan.length();
    } catch (S3Exception e) {
      decoder = PayloadDecoder.failing(e);
      length = -1;
    }
    Runnable firstRead = request.headers().contains("Expect", "100-continue", true)
        ? () -> request.response().writeContinue() : null;
    DecodingStream stream = new DecodingStream(request, decoder, firstRead);
    long decodedLength = length;
    return new S3Body() {
      @Override
      public DecodingStream stream() {
        return stream;
      }

      @Override
      public long length() {
        return decodedLength;
      }
    };
  }

  /**
   * A presigned POST's policy and signature (form fields already parsed by the API side; names are matched
   * without regard to case). Checks the signature (SigV4 x-amz-signature or SigV2 signature) and the policy's
   * expiration; the policy's conditions are left to the caller.
   */
  public Future<S3Caller> authenticatePost(Map<String, String> formFields) {
    try {
      return PostPolicy.of(formFields, clock.instant()).verify(this);
    } catch (S3Exception e) {
      return Future.failedFuture(e);
    }
  }

  private Future<S3Caller> v4(HttpServerRequest request, V4Signed signed) {
    Instant now = clock.instant();
    checkTime(signed, now);
    String payloadHash = signed.presigned() ? presignedPayloadHash(request) : PayloadPlan.declaredPayloadHash(request);
    String canonicalRequest = SigV4.canonicalRequest(request.method().name(), SigV4.canonicalUri(request.path()),
        SigV4.canonicalQuery(request.query(), signed.presigned() ? "X-Amz-Signature" : null),
        signedHeaderValues(request, signed.signedHeaders()), signed.signedHeaders(), payloadHash);
    String stringToSign = SigV4.stringToSign(signed.amzDate(), signed.scope(), canonicalRequest);
    Instant until = signed.presigned() ? signed.time().plusSeconds(signed.expiresSeconds()) : null;
    return verifyV4(signed.accessKey(), signed.scope(), stringToSign, signed.signature(), canonicalRequest, until, now)
        .map(verified -> {
          plans.put(request, PayloadPlan.of(request, payloadHash, signed, verified.signingKey()));
          return verified.caller();
        });
  }

  /**
   * Verifies a SigV4 signature: with the cached key of its scope if there is one, else by identity (which may answer
   * the key, then cached). {@code until} bounds how long an answer without a key is reused (a presigned URL's expiry).
   */
  Future<S3TokensClient.Verified> verifyV4(String accessKey, SigV4.Scope scope, String stringToSign, String signature,
      String canonicalRequest, Instant until, Instant now) {
    SigningKeyCache.KeyEntry entry = cache.key(accessKey, scope, now);
    if (entry != null && SigV4.sameSignature(SigV4.sign(entry.signingKey(), stringToSign), signature)) {
      return Future.succeededFuture(new S3TokensClient.Verified(entry.caller(), entry.signingKey()));
    }
    S3Caller known = cache.exact(accessKey, stringToSign, signature, now);
    if (known != null) return Future.succeededFuture(new S3TokensClient.Verified(known, null));
    S3TokensClient.Check check = new S3TokensClient.Check(accessKey, stringToSign, signature, canonicalRequest,
        canonicalRequest == null ? scope.toString() : null);
    return identity.verify(check)
        .recover(e -> Future.failedFuture(detailed(e, accessKey, stringToSign, signature, canonicalRequest)))
        .onSuccess(verified -> remember(accessKey, scope, stringToSign, signature, verified, until, now));
  }

  /** Verifies a signature identity must check itself (SigV2), reusing an answer for the same request. */
  Future<S3Caller> verifyExact(String accessKey, String stringToSign, String signature, Instant until, Instant now) {
    S3Caller known = cache.exact(accessKey, stringToSign, signature, now);
    if (known != null) return Future.succeededFuture(known);
    return identity.verify(new S3TokensClient.Check(accessKey, stringToSign, signature, null, null))
        .recover(e -> Future.failedFuture(detailed(e, accessKey, stringToSign, signature, null)))
        .map(verified -> {
          cache.putExact(accessKey, stringToSign, signature, verified.caller(), deadline(verified.caller(), until, now));
          return verified.caller();
        });
  }

  private void remember(String accessKey, SigV4.Scope scope, String stringToSign, String signature,
      S3TokensClient.Verified verified, Instant until, Instant now) {
    Instant deadline = deadline(verified.caller(), until, now);
    if (verified.signingKey() != null) {
      cache.putKey(accessKey, scope, new SigningKeyCache.KeyEntry(verified.signingKey(), verified.caller(), deadline));
    } else {
      cache.putExact(accessKey, stringToSign, signature, verified.caller(), deadline);
    }
  }

  private Instant deadline(S3Caller caller, Instant until, Instant now) {
    Instant deadline = now.plus(cacheTtl);
    Instant expires = caller.auth().expiresAt();
    if (expires != null && expires.isBefore(deadline)) deadline = expires;
    if (until != null && until.isBefore(deadline)) deadline = until;
    return deadline;
  }

  /** Identity's refusal in S3's terms; a key identity no longer knows is forgotten here too. */
  private Throwable detailed(Throwable e, String accessKey, String stringToSign, String signature, String canonicalRequest) {
    if (e instanceof S3Exception s3 && s3.code() == S3ErrorCode.SIGNATURE_DOES_NOT_MATCH) {
      return S3AuthErrors.signatureMismatch(accessKey, stringToSign, signature, canonicalRequest);
    }
    if (e instanceof S3Exception s3 && s3.code() == S3ErrorCode.INVALID_ACCESS_KEY_ID) cache.forget(accessKey);
    return e;
  }

  private void checkTime(V4Signed signed, Instant now) {
    if (!signed.presigned()) {
      if (S3AuthErrors.tooSkewed(signed.time(), now)) throw S3AuthErrors.skewed(signed.amzDate(), now);
      return;
    }
    if (signed.time().isAfter(now.plus(S3AuthErrors.MAX_SKEW))) throw S3AuthErrors.notYetValid();
    Instant expires = signed.time().plusSeconds(signed.expiresSeconds());
    if (now.isAfter(expires)) throw S3AuthErrors.expired(Long.toString(signed.expiresSeconds()), expires, now);
  }

  /** A presigned URL's payload hash: its X-Amz-Content-Sha256 parameter if it has one, else UNSIGNED-PAYLOAD. */
  private static String presignedPayloadHash(HttpServerRequest request) {
    String declared = query(request.query()).get("X-Amz-Content-Sha256");
    return declared == null ? SigV4.UNSIGNED_PAYLOAD : declared;
  }

  private Future<S3Caller> v2(HttpServerRequest request, String authorization, Map<String, String> query) {
    Instant now = clock.instant();
    String accessKey;
    String signature;
    String dateLine;
    Instant until = null;
    if (authorization != null) {
      String credentials = authorization.substring("AWS".length()).trim();
      int colon = credentials.lastIndexOf(':');
      if (colon <= 0) throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "AWS authorization header is invalid."
          + "  Expected AwsAccessKeyId:signature").with("ArgumentName", "Authorization").with("ArgumentValue", authorization);
      accessKey = credentials.substring(0, colon);
      signature = credentials.substring(colon + 1);
      String time = request.getHeader("x-amz-date") != null ? request.getHeader("x-amz-date") : request.getHeader("Date");
      Instant requestTime = parseHttpDate(time);
      if (S3AuthErrors.tooSkewed(requestTime, now)) throw S3AuthErrors.skewed(time, now);
      dateLine = request.getHeader("Date") == null ? "" : request.getHeader("Date");
    } else {
      accessKey = query.get("AWSAccessKeyId");
      signature = query.get("Signature");
      dateLine = query.get("Expires");
      if (signature == null || dateLine == null) throw new S3Exception(S3ErrorCode.ACCESS_DENIED,
          "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
      try {
        until = Instant.ofEpochSecond(Long.parseLong(dateLine));
      } catch (NumberFormatException e) {
        throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Invalid date (should be seconds since epoch): " + dateLine);
      }
      if (now.isAfter(until)) throw S3AuthErrors.expired(null, until, now);
    }
    String stringToSign = SigV2.stringToSign(request.method().name(), allHeaders(request), request.path(), query, dateLine);
    return verifyExact(accessKey, stringToSign, signature, until, now);
  }

  private static Instant parseHttpDate(String value) {
    if (value == null) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "AWS authentication requires a valid Date or x-amz-date header");
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "AWS authentication requires a valid Date or x-amz-date header");
    }
  }

  /** The signed headers' canonical values by name; several values of a header joined with ','. */
  static Map<String, String> signedHeaderValues(HttpServerRequest request, List<String> names) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : names) {
      List<String> all = request.headers().getAll(name);
      if (all.isEmpty() && name.equals("host") && request.authority() != null) all = List.of(request.authority().toString());
      StringBuilder joined = new StringBuilder();
      for (String v : all) {
        if (joined.length() > 0) joined.append(',');
        joined.append(SigV4.canonicalHeaderValue(v));
      }
      values.put(name, joined.toString());
    }
    return values;
  }

  private static Map<String, String> allHeaders(HttpServerRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : request.headers().names()) {
      headers.put(name.toLowerCase(Locale.ROOT), String.join(",", request.headers().getAll(name)));
    }
    return headers;
  }

  /** A raw query's parameters, decoded, first value of each name (a name alone has the value ""). */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) return params;
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) continue;
      int eq = part.indexOf('=');
      String name = SigV4.percentDecode(eq < 0 ? part : part.substring(0, eq), true);
      params.putIfAbsent(name, eq < 0 ? "" : SigV4.percentDecode(part.substring(eq + 1), true));
    }
    return params;
  }

  Clock clock() {
    return clock;
  }
}
