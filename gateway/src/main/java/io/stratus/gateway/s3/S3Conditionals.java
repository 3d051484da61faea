package io.stratus.gateway.s3;

import io.vertx.core.MultiMap;
import java.time.Instant;

/**
 * S3's conditional GET and HEAD (and, with the x-amz-copy-source- prefix, a copy's source): If-Match true makes
 * If-Unmodified-Since irrelevant, If-None-Match false makes If-Modified-Since irrelevant; a failed If-Match or
 * If-Unmodified-Since is 412, a failed If-None-Match or If-Modified-Since 304 (412 for a copy source). ETags
 * compare without quotes; dates that do not parse are ignored.
 */
final class S3Conditionals {
  static final int PROCEED = 0;

  private S3Conditionals() {
  }

  /** 0, 304 or 412 for an object with {@code etag} (unquoted) last modified at {@code lastModified} (an HTTP date). */
  static int evaluate(MultiMap request, String prefix, String etag, String lastModified) {
    Instant modified = S3Responses.httpDate(lastModified);
    String ifMatch = request.get(prefix + "If-Match");
    if (ifMatch != null) {
      if (!matches(ifMatch, etag)) return 412;
    } else {
      Instant since = S3Responses.httpDate(request.get(prefix + "If-Unmodified-Since"));
      if (since != null && modified != null && modified.isAfter(since)) return 412;
    }
    String ifNoneMatch = request.get(prefix + "If-None-Match");
    if (ifNoneMatch != null) {
      if (matches(ifNoneMatch, etag)) return 304;
    } else {
      Instant since = S3Responses.httpDate(request.get(prefix + "If-Modified-Since"));
      if (since != null && modified != null && !modified.isAfter(since)) return 304;
    }
    return PROCEED;
  }

  static boolean matches(String header, String etag) {
    for (String part : header.split(",")) {
      String tag = part.trim();
      if (tag.equals("*")) return true;
      if (tag.startsWith("W/")) tag = tag.substring(2);
      if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) tag = tag.substring(1, tag.length() - 1);
      if (tag.equals(etag)) return true;
    }
    return false;
  }
}
