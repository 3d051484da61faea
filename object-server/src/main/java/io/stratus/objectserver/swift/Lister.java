package io.stratus.objectserver.swift;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Swift's listing walk ({@code ContainerBroker.list_objects_iter}) over any sorted name index:
 * prefix, marker, end_marker, delimiter roll-up into subdir entries, path and reverse order. Names
 * compare as UTF-8 bytes, as SQLite compares them in Swift.
 *
 * @param <R> a listed row
 */
public final class Lister<R> {

  /** A window of the index: live rows with lower &lt;(=) name &lt; upper, in order, at most limit. */
  public interface Scanner<R> {
    List<R> scan(byte[] lower, boolean lowerInclusive, byte[] upper, boolean reverse, int limit);

    String name(R row);
  }

  /** One listing entry: a row, or a subdir roll-up (row null). */
  public record Entry<R>(R row, String subdir) {
  }

  private final Scanner<R> scanner;

  public Lister(Scanner<R> scanner) {
    this.scanner = scanner;
  }

  /** The listing for the query. */
  public List<Entry<R>> list(ListingQuery q) {
    String marker = q.reverse() ? q.endMarker() : q.marker();
    String endMarker = q.reverse() ? q.marker() : q.endMarker();
    String prefix = q.prefix();
    String delimiter = q.delimiter();
    String path = q.path();
    if (path != null) {
      prefix = path.isEmpty() ? path : stripTrailingSlashes(path) + "/";
      path = prefix;
      delimiter = "/";
    } else if (delimiter != null && prefix == null) {
      prefix = "";
    }
    String endPrefix = prefix == null || prefix.isEmpty() ? null : bump(prefix);
    String origMarker = marker;
    boolean delimForceGte = false;
    List<Entry<R>> results = new ArrayList<>();
    while (results.size() < q.limit()) {
      byte[] upper = null;
      if (endMarker != null && (prefix == null || prefix.isEmpty() || endPrefix == null || lt(endMarker, endPrefix))) {
        upper = utf8(endMarker);
      } else if (endPrefix != null) {
        upper = utf8(endPrefix);
      }
      byte[] lower = null;
      boolean inclusive = false;
      if (delimForceGte) {
        lower = utf8(marker);
        inclusive = true;
        delimForceGte = false;
      } else if (marker != null && (prefix == null || prefix.isEmpty() || !lt(marker, prefix))) {
        lower = utf8(marker);
      } else if (prefix != null && !prefix.isEmpty()) {
        lower = utf8(prefix);
        inclusive = true;
      }
      int wanted = q.limit() - results.size();
      List<R> rows = scanner.scan(lower, inclusive, upper, q.reverse(), wanted);
      if (prefix == null || delimiter == null) {
        for (R row : rows) results.add(new Entry<>(row, null));
        return results;
      }
      boolean rolledUp = false;
      for (R row : rows) {
        String name = scanner.name(row);
        if (q.reverse()) endMarker = name;
        else marker = name;
        if (results.size() >= q.limit()) return results;
        int end = name.indexOf(delimiter, prefix.length());
        if (path != null) {
          if (name.equals(path)) continue;
          if (end >= 0 && name.length() > end + delimiter.length()) {
            if (q.reverse()) endMarker = name.substring(0, end + delimiter.length());
            else marker = name.substring(0, end) + bump(delimiter);
            rolledUp = true;
            break;
          }
        } else if (end >= 0) {
          if (q.reverse()) {
            endMarker = name.substring(0, end + delimiter.length());
          } else {
            marker = name.substring(0, end) + bump(delimiter);
            delimForceGte = true;
          }
          String dir = name.substring(0, end + delimiter.length());
          if (!dir.equals(origMarker)) results.add(new Entry<>(null, dir));
          rolledUp = true;
          break;
        }
        results.add(new Entry<>(row, null));
      }
      if (rows.isEmpty() || (!rolledUp && rows.size() < wanted)) break;
    }
    return results;
  }

  /** {@code s[:-1] + chr(ord(s[-1]) + 1)}: the smallest string above every string starting with s. */
  static String bump(String s) {
    int last = s.offsetByCodePoints(s.length(), -1);
    int cp = s.codePointAt(last);
    return s.substring(0, last) + new String(Character.toChars(cp + 1));
  }

  private static String stripTrailingSlashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') end--;
    return s.substring(0, end);
  }

  private static boolean lt(String a, String b) {
    return Arrays.compareUnsigned(utf8(a), utf8(b)) < 0;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
