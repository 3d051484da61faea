package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.SwiftErrors;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Swift's constraints (swift/common/constraints.py): name lengths, metadata limits and the object
 * size limit, with Swift's messages. {@link #info()} is what /info publishes of them.
 */
public final class Constraints {
  public static final int MAX_META_NAME_LENGTH = 128;
  public static final int MAX_META_VALUE_LENGTH = 256;
  public static final int MAX_META_COUNT = 90;
  public static final int MAX_META_OVERALL_SIZE = 4096;
  public static final int MAX_HEADER_SIZE = 8192;
  public static final int MAX_OBJECT_NAME_LENGTH = 1024;
  public static final int CONTAINER_LISTING_LIMIT = 10000;
  public static final int ACCOUNT_LISTING_LIMIT = 10000;
  public static final int MAX_ACCOUNT_NAME_LENGTH = 256;
  public static final int MAX_CONTAINER_NAME_LENGTH = 256;

  private final long maxFileSize;

  public Constraints(long maxFileSize) {
    this.maxFileSize = maxFileSize;
  }

  public long maxFileSize() {
    return maxFileSize;
  }

  /** The limits as /info's "swift" section names them. */
  public Map<String, Object> info() {
    return Map.ofEntries(Map.entry("max_file_size", maxFileSize), Map.entry("max_meta_name_length", MAX_META_NAME_LENGTH),
        Map.entry("max_meta_value_length", MAX_META_VALUE_LENGTH), Map.entry("max_meta_count", MAX_META_COUNT),
        Map.entry("max_meta_overall_size", MAX_META_OVERALL_SIZE), Map.entry("max_header_size", MAX_HEADER_SIZE),
        Map.entry("max_object_name_length", MAX_OBJECT_NAME_LENGTH),
        Map.entry("container_listing_limit", CONTAINER_LISTING_LIMIT),
        Map.entry("account_listing_limit", ACCOUNT_LISTING_LIMIT),
        Map.entry("max_account_name_length", MAX_ACCOUNT_NAME_LENGTH),
        Map.entry("max_container_name_length", MAX_CONTAINER_NAME_LENGTH), Map.entry("extra_header_count", 0));
  }

  /** Name lengths of the path (UTF-8 bytes, as Swift counts them). */
  public void checkPath(SwiftPath path) {
    checkLength("Account name", path.account(), MAX_ACCOUNT_NAME_LENGTH);
    checkLength("Container name", path.container(), MAX_CONTAINER_NAME_LENGTH);
    checkLength("Object name", path.object(), MAX_OBJECT_NAME_LENGTH);
  }

  /** A name's length (UTF-8 bytes) against its limit: 400 with Swift's message when longer. */
  static void checkLength(String what, String name, int max) {
    if (name == null) return;
    int length = name.getBytes(StandardCharsets.UTF_8).length;
    if (length > max) throw StratusException.badRequest(what + " length of " + length + " longer than " + max);
  }

  /** Swift's {@code check_metadata} for X-{kind}-Meta-* headers. */
  public void checkMetadata(MultiMap headers, String kind) {
    String prefix = "x-" + kind + "-meta-";
    int count = 0;
    int size = 0;
    for (Map.Entry<String, String> e : headers) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (!key.startsWith(prefix)) continue;
      String name = key.substring(prefix.length());
      String value = e.getValue();
      if (name.isEmpty()) throw StratusException.badRequest("Metadata name cannot be empty");
      count++;
      size += name.length() + value.length();
      if (name.length() > MAX_META_NAME_LENGTH) {
        throw StratusException.badRequest("Metadata name too long: " + name + "; max " + MAX_META_NAME_LENGTH);
      }
      if (value.length() > MAX_META_VALUE_LENGTH) {
        throw StratusException.badRequest("Metadata value longer than " + MAX_META_VALUE_LENGTH + ": " + name);
      }
      if (count > MAX_META_COUNT) throw StratusException.badRequest("Too many metadata items; max " + MAX_META_COUNT);
      if (size > MAX_META_OVERALL_SIZE) {
        throw StratusException.badRequest("Total metadata too large; max " + MAX_META_OVERALL_SIZE);
      }
    }
  }

  /**
   * The declared length of an object PUT: -1 for a chunked body, 400 for a bad Content-Length, 413
   * over the size limit. Returns null when there is neither (the caller answers 411).
   */
  public Long objectLength(MultiMap headers) {
    if (chunked(headers)) return -1L;
    String cl = headers.get("Content-Length");
    if (cl == null) return null;
    long length;
    try {
      length = Long.parseLong(cl.trim());
    } catch (NumberFormatException e) {
      throw StratusException.badRequest("Invalid Content-Length");
    }
    if (length < 0) throw StratusException.badRequest("Invalid Content-Length");
    if (length > maxFileSize) throw new StratusException(ErrorCode.PAYLOAD_TOO_LARGE, "Your request is too large.");
    return length;
  }

  /**
   * Whether the body is chunked, as Swift's {@code is_chunked}: a Transfer-Encoding of several
   * codings is 501, one other than chunked 400.
   */
  static boolean chunked(MultiMap headers) {
    if (!headers.contains("Transfer-Encoding")) return false;
    String te = String.join(",", headers.getAll("Transfer-Encoding"));
    if (te.indexOf(',') >= 0) {
      throw new StratusException(ErrorCode.NOT_IMPLEMENTED,
          "Unsupported Transfer-Coding header value specified in Transfer-Encoding header");
    }
    if (!te.strip().equalsIgnoreCase("chunked")) throw StratusException.badRequest("Invalid Transfer-Encoding header value");
    return true;
  }

  /** A listing's {@code limit} parameter: 412 with Swift's message above the listing limit (other values are ignored). */
  public static void checkListingLimit(String limit, int max) {
    if (!digits(limit)) return;
    if (new java.math.BigInteger(limit).compareTo(java.math.BigInteger.valueOf(max)) > 0) {
      throw SwiftErrors.plain(ErrorCode.PRECONDITION_FAILED, "Maximum limit is " + max);
    }
  }

  /** Whether {@code value} is one or more ASCII digits (a number Swift's checks take; no sign, no space). */
  static boolean digits(String value) {
    return value != null && !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** X-Delete-At for a write: X-Delete-After turned into an absolute time; 400 when malformed or past. */
  public static String deleteAt(MultiMap headers, long nowSeconds) {
    String after = headers.get("X-Delete-After");
    String at = headers.get("X-Delete-At");
    try {
      if (after != null) {
        long seconds = Long.parseLong(after.trim());
        if (seconds < 0) throw StratusException.badRequest("X-Delete-After in past");
        return Long.toString(nowSeconds + seconds);
      }
      if (at != null && Long.parseLong(at.trim()) <= nowSeconds) throw StratusException.badRequest("X-Delete-At in past");
      return at == null ? null : at.trim();
    } catch (NumberFormatException e) {
      throw StratusException.badRequest(after != null ? "Non-integer X-Delete-After" : "Non-integer X-Delete-At");
    }
  }
}
