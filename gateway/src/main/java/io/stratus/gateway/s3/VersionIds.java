package io.stratus.gateway.s3;

import java.util.regex.Pattern;

/**
 * The {@code versionId} of a GET, HEAD, DELETE or copy source. This gateway's objects have only the version S3 calls
 * "null" (ListObjectVersions shows no other), so "null" names the current object, an id of the shape AWS gives out
 * (32 or more characters of base64 or base64url and '.') names a version that does not exist (NoSuchVersion, as
 * AWS answers), and anything else, the empty id included, is InvalidArgument ("Invalid version id specified").
 */
final class VersionIds {
  /** The version id of an unversioned (or never-versioned) object. */
  static final String NULL = "null";
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._+/=-]{32,1024}");

  private VersionIds() {
  }

  /** Whether {@code id} (null when none was given) names the current object; InvalidArgument when it is malformed. */
  static boolean current(String id, String argument) {
    if (id == null || id.equals(NULL)) return true;
    if (!WELL_FORMED.matcher(id).matches()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, id.isEmpty() ? "Version id cannot be the empty string"
          : "Invalid version id specified").with("ArgumentName", argument).with("ArgumentValue", printable(id));
    }
    return false;
  }

  /** Passes when {@code id} names the current object of {@code bucket/key}; else InvalidArgument or NoSuchVersion. */
  static void requireCurrent(String id, String argument, String bucket, String key) {
    if (!current(id, argument)) {
      throw new S3Exception(S3ErrorCode.NO_SUCH_VERSION, S3ErrorCode.NO_SUCH_VERSION.message(),
          S3Errors.resource(bucket, key)).with("Key", key).with("VersionId", id);
    }
  }

  /** The id as it can be echoed in an XML body: control characters (which XML cannot carry) dropped. */
  private static String printable(String id) {
    return id.codePoints().filter(c -> !Character.isISOControl(c))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }
}
