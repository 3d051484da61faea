package io.stratus.gateway.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The MD5 digests S3 needs: of a body, and of hex ETags (multipart's MD5 of the parts' binary MD5s). */
final class Digests {
  private Digests() {
  }

  static byte[] md5(byte[] data) {
    MessageDigest md5 = md5();
    return md5.digest(data);
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** S3's multipart ETag (unquoted): the MD5 of the concatenated binary MD5s of the parts, then "-" and their number. */
  static String multipartEtag(java.util.List<String> partEtags) {
    MessageDigest md5 = md5();
    for (String etag : partEtags) md5.update(HexFormat.of().parseHex(etag));
    return hex(md5.digest()) + "-" + partEtags.size();
  }
}
