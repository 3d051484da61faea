package io.stratus.gateway.s3;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure in S3's dialect: its {@link S3ErrorCode}, a message for the client, the resource it concerns
 * (bucket, key or upload id; rendered as {@code <Resource>}) and extra elements AWS adds for some codes
 * (e.g. {@code StringToSign}, {@code RequestTime}, {@code BucketName}). Failures from the Swift proxy are
 * mapped to S3 codes where they are rendered.
 */
public final class S3Exception extends RuntimeException {
  private final S3ErrorCode code;
  private final String resource;
  private final Map<String, String> details = new LinkedHashMap<>();

  public S3Exception(S3ErrorCode code) {
    this(code, code.message(), null);
  }

  public S3Exception(S3ErrorCode code, String message) {
    this(code, message, null);
  }

  public S3Exception(S3ErrorCode code, String message, String resource) {
    super(message == null ? code.message() : message);
    this.code = code;
    this.resource = resource;
  }

  public S3ErrorCode code() {
    return code;
  }

  public String resource() {
    return resource;
  }

  /** Adds an element to the error body (in order); answers this exception. */
  public S3Exception with(String element, String value) {
    if (value != null) details.put(element, value);
    return this;
  }

  public Map<String, String> details() {
    return details;
  }
}
