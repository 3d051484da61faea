package io.stratus.image.check;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an upload learns from its bytes on the fly: size, MD5 (Glance's {@code checksum}) and SHA-512
 * ({@code os_hash_value}); it refuses bytes beyond the project's remaining quota or a declared length,
 * and runs the format inspection when it is on.
 */
public final class UploadCheck {
  private final MessageDigest md5;
  private final MessageDigest sha512;
  private final long maxBytes;
  private final Long declaredLength;
  private final Qcow2Header header;
  private long size;

  /**
   * @param maxBytes bytes this upload may bring (-1: no limit)
   * @param declaredLength the request's Content-Length, or null when chunked
   * @param header the format inspection, or null when off
   */
  public UploadCheck(long maxBytes, Long declaredLength, Qcow2Header header) {
    try {
      this.md5 = MessageDigest.getInstance("MD5");
      this.sha512 = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.maxBytes = maxBytes;
    this.declaredLength = declaredLength;
    this.header = header;
  }

  public void accept(Buffer data) {
    size += data.length();
    if (maxBytes >= 0 && size > maxBytes) {
      throw new StratusException(ErrorCode.PAYLOAD_TOO_LARGE, "Denying attempt to upload image because it exceeds the quota.");
    }
    if (declaredLength != null && size > declaredLength) throw StratusException.badRequest("More bytes than Content-Length.");
    if (header != null) header.accept(data);
    byte[] bytes = data.getBytes();
    md5.update(bytes);
    sha512.update(bytes);
  }

  /** The stream ended: the declared length must have come whole and the format inspection be done. */
  public void finish() {
    if (declaredLength != null && size != declaredLength) {
      throw StratusException.badRequest("The upload was truncated: " + size + " of " + declaredLength + " bytes.");
    }
    if (header != null) header.finish();
  }

  public long size() {
    return size;
  }

  public String md5() {
    return HexFormat.of().formatHex(md5.digest());
  }

  public String sha512() {
    return HexFormat.of().formatHex(sha512.digest());
  }

  public Long virtualSize() {
    return header == null ? null : header.virtualSize();
  }
}
