package io.stratus.gateway.swift;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * HTTP conditional requests on an object GET or HEAD as Swift's swob evaluates them: If-Match
 * (412 unless an ETag matches or '*'), If-None-Match (304 when one matches or '*'), If-Unmodified-Since
 * (412 when modified after) and If-Modified-Since (304 when not modified since; ignored when
 * If-None-Match is present). Dates that do not parse are ignored.
 */
final class Conditionals {
  /** The request may go ahead. */
  static final int PROCEED = 0;

  private Conditionals() {
  }

  /** 0 to go ahead, or 304 / 412, for an object with {@code etag} (unquoted) last modified at {@code lastModified}. */
  static int evaluate(MultiMap request, String etag, String lastModified) {
    String ifMatch = request.get("If-Match");
    if (ifMatch != null && !matches(ifMatch, etag)) return 412;
    String ifNoneMatch = request.get("If-None-Match");
    if (ifNoneMatch != null && matches(ifNoneMatch, etag)) return 304;
    Instant modified = date(lastModified);
    Instant unmodifiedSince = date(request.get("If-Unmodified-Since"));
    if (modified != null && unmodifiedSince != null && modified.isAfter(unmodifiedSince)) return 412;
    Instant modifiedSince = date(request.get("If-Modified-Since"));
    if (ifNoneMatch == null && modified != null && modifiedSince != null && !modified.isAfter(modifiedSince)) return 304;
    return PROCEED;
  }

  /** Whether a list of entity tags (or '*') names {@code etag}; weak tags compare by value. */
  static boolean matches(String header, String etag) {
    for (String part : header.split(",")) {
      String tag = part.trim();
      if (tag.equals("*")) return etag != null;
      if (tag.startsWith("W/")) tag = tag.substring(2);
      if (etag != null && ObjectBody.unquote(tag).equals(etag)) return true;
    }
    return false;
  }

  /** An HTTP date (RFC 1123), or null. */
  static Instant date(String value) {
    if (value == null) return null;
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
