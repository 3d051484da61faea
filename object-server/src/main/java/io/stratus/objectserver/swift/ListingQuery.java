package io.stratus.objectserver.swift;

import io.stratus.common.error.StratusException;
import io.vertx.core.MultiMap;

/**
 * The parameters of an account or container listing (GET): prefix, delimiter, marker, end_marker,
 * path, limit and reverse, read from the query string as Swift's servers read them.
 */
public record ListingQuery(String prefix, String delimiter, String marker, String endMarker, String path,
    int limit, boolean reverse) {
  /** Swift's CONTAINER_LISTING_LIMIT and ACCOUNT_LISTING_LIMIT. */
  public static final int MAX_LIMIT = 10_000;

  /** Reads the query; a limit above 10000 fails with 412 in Swift, here a 400-class error the caller maps. */
  public static ListingQuery from(MultiMap params) {
    int limit = MAX_LIMIT;
    String given = params.get("limit");
    if (given != null && !given.isEmpty() && given.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (given.length() > 9 || Integer.parseInt(given) > MAX_LIMIT) {
        throw StratusException.badRequest("Maximum limit is " + MAX_LIMIT);
      }
      limit = Integer.parseInt(given);
    }
    String reverse = params.get("reverse");
    boolean rev = reverse != null && isTrue(reverse);
    return new ListingQuery(emptyToNull(params.get("prefix")), emptyToNull(params.get("delimiter")),
        emptyToNull(params.get("marker")), emptyToNull(params.get("end_marker")), params.get("path"), limit, rev);
  }

  public static ListingQuery all() {
    return new ListingQuery(null, null, null, null, null, MAX_LIMIT, false);
  }

  private static boolean isTrue(String v) {
    String s = v.toLowerCase(java.util.Locale.ROOT);
    return s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("on") || s.equals("t") || s.equals("y");
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
