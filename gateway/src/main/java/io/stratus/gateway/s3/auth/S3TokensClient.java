package io.stratus.gateway.s3.auth;

import io.stratus.common.auth.AuthContext;
import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Asks identity whether a signature is right ({@code POST /v3/s3tokens}, Keystone's s3token shape: access,
 * base64 string to sign, signature). The answer is the signer's token body; with a SigV4 header request's
 * canonical request, identity also answers the signing key derived for the request's scope (member
 * {@code s3_signing_key}), never the secret. Identity's 401 "EC2 access key not found." means an unknown key; a
 * good signature whose request is no longer valid by identity's clock (CVE-2020-12692) is refused with a message
 * saying so, answered here as S3's AccessDenied "Request has expired" or RequestTimeTooSkewed.
 */
final class S3TokensClient {
  /** The message identity answers (with 401) for an access key it does not know. */
  static final String UNKNOWN_KEY_MESSAGE = "EC2 access key not found.";
  /** How identity's refusal of a good but expired signature starts (a presigned URL or policy past its expiry). */
  static final String EXPIRED_PREFIX = "Request has expired";
  /** How identity's refusal of a good signature of a request too far from its clock starts. */
  static final String SKEWED_PREFIX = "The difference between the request time and the current time is too large";
  /** How identity's refusal of a presigned URL dated in the future starts. */
  static final String NOT_YET_PREFIX = "Request is not valid yet";

  /** A verified signature: the caller and, when identity gave it, the derived signing key of the scope. */
  record Verified(S3Caller caller, byte[] signingKey) {
  }

  /** What identity is asked: the string to sign and signature, plus optional extensions. */
  record Check(String accessKey, String stringToSign, String signature, String canonicalRequest, String scope) {
  }

  private final WebClient client;
  private final String url;
  private final long timeoutMillis;

  S3TokensClient(HttpClient client, String identityUrl, long timeoutMillis) {
    this.client = WebClient.wrap(client);
    this.url = (identityUrl.endsWith("/") ? identityUrl.substring(0, identityUrl.length() - 1) : identityUrl) + "/v3/s3tokens";
    this.timeoutMillis = timeoutMillis;
  }

  Future<Verified> verify(Check check) {
    JsonObject credentials = new JsonObject().put("access", check.accessKey())
        .put("token", Base64.getEncoder().encodeToString(check.stringToSign().getBytes(StandardCharsets.UTF_8)))
        .put("signature", check.signature());
    if (check.canonicalRequest() != null) credentials.put("canonical_request", check.canonicalRequest());
    if (check.scope() != null) credentials.put("scope", check.scope());
    return client.postAbs(url).timeout(timeoutMillis).putHeader("Accept", "application/json")
        .sendJsonObject(new JsonObject().put("credentials", credentials))
        .recover(e -> Future.failedFuture(unavailable()))
        .map(response -> read(check.accessKey(), response));
  }

  private static Verified read(String accessKey, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 200) {
      JsonObject body;
      AuthContext auth;
      try {
        body = response.bodyAsJsonObject();
        auth = AuthContext.fromKeystoneToken(body);
      } catch (RuntimeException e) {
        throw unavailable();
      }
      JsonObject key = body.getJsonObject("s3_signing_key");
      byte[] signingKey = key == null ? null : HexFormat.of().parseHex(key.getString("key"));
      return new Verified(new S3Caller(accessKey, auth), signingKey);
    }
    if (status == 401 || status == 403 || status == 404) {
      String message = "";
      try {
        message = response.bodyAsJsonObject().getJsonObject("error").getString("message", "");
      } catch (RuntimeException e) {
        // not Keystone's error shape: treated as a refused signature
      }
      if (UNKNOWN_KEY_MESSAGE.equals(message)) throw S3AuthErrors.invalidAccessKey(accessKey);
      if (message.startsWith(EXPIRED_PREFIX)) throw new S3Exception(S3ErrorCode.EXPIRED_REQUEST);
      if (message.startsWith(SKEWED_PREFIX)) throw new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED);
      if (message.startsWith(NOT_YET_PREFIX)) throw S3AuthErrors.notYetValid();
      throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }
    throw unavailable();
  }

  private static S3Exception unavailable() {
    return new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "The identity service could not check the signature.");
  }
}
