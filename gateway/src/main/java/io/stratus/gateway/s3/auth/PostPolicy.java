package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A browser-based POST upload's policy: the base64 policy document, signed with SigV4 (x-amz-algorithm,
 * x-amz-credential, x-amz-date, x-amz-signature: hex HMAC of the base64 policy under the scope's signing key) or
 * SigV2 (AWSAccessKeyId, signature: base64 HMAC-SHA1 of it), and its expiration. Its conditions are not checked here.
 */
final class PostPolicy {
  private final Map<String, String> fields;
  private final String policy;
  private final Instant expiration;
  private final Instant now;

  private PostPolicy(Map<String, String> fields, String policy, Instant expiration, Instant now) {
    this.fields = fields;
    this.policy = policy;
    this.expiration = expiration;
    this.now = now;
  }

  /** Reads the form's policy and checks it has not expired. */
  static PostPolicy of(Map<String, String> formFields, Instant now) {
    Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    fields.putAll(formFields);
    String policy = fields.get("policy");
    if (policy == null || policy.isBlank()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Bucket POST must contain a field named 'policy'.  If it is"
          + " specified, please check the order of the fields.").with("ArgumentName", "policy");
    }
    JsonObject document;
    try {
      document = new JsonObject(new String(Base64.getMimeDecoder().decode(policy), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException e) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid Policy: Invalid JSON.");
    }
    String expiration = document.getValue("expiration") instanceof String s ? s : null;
    if (expiration == null) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid Policy: Policy missing expiration.");
    }
    Instant expires;
    try {
      expires = Instant.parse(expiration);
    } catch (DateTimeParseException e) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid Policy: Invalid 'expiration' value: '"
          + expiration + "'");
    }
    if (!now.isBefore(expires)) throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Invalid according to Policy: Policy expired.");
    return new PostPolicy(fields, policy, expires, now);
  }

  /** Checks the policy's signature (through the auth's cache or identity); the caller who signed it. */
  Future<S3Caller> verify(S3Auth auth) {
    String algorithm = fields.get("x-amz-algorithm");
    if (algorithm == null && fields.containsKey("AWSAccessKeyId")) {
      String signature = required("signature");
      return auth.verifyExact(fields.get("AWSAccessKeyId"), policy, signature, expiration, now);
    }
    if (!SigV4.ALGORITHM.equals(algorithm)) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Only AWS4-HMAC-SHA256 is supported for x-amz-algorithm.")
          .with("ArgumentName", "x-amz-algorithm");
    }
    String[] credential = required("x-amz-credential").split("/");
    if (credential.length != 5 || !credential[3].equals("s3") || !credential[4].equals("aws4_request")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The x-amz-credential field is malformed.")
          .with("ArgumentName", "x-amz-credential");
    }
    String date = required("x-amz-date");
    if (!date.startsWith(credential[1])) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The x-amz-date does not match the credential's date.")
          .with("ArgumentName", "x-amz-date");
    }
    SigV4.Scope scope = new SigV4.Scope(credential[1], credential[2], credential[3]);
    return auth.verifyV4(credential[0], scope, policy, required("x-amz-signature"), null,
        expiration, now).map(S3TokensClient.Verified::caller);
  }

  private String required(String name) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Bucket POST must contain a field named '" + name + "'.")
          .with("ArgumentName", name);
    }
    return value;
  }
}
