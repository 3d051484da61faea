package io.stratus.objectserver.swift;

import java.util.ArrayList;
import java.util.List;

/**
 * Swift's {@code swob.Range}: parses a Range header and resolves it against an object's length.
 * A header that does not parse is ignored (the whole object is served); a parsed header whose ranges
 * all miss the object is unsatisfiable (416); egregious sets (too many, overlapping or out of order)
 * are refused as unsatisfiable, as RFC 7233 section 6.1 suggests and Swift does.
 */
public final class ByteRanges {
  private static final int MAX_RANGES = 50;
  private static final int MAX_RANGE_OVERLAPS = 2;
  private static final int MAX_NONASCENDING_RANGES = 8;

  /** A half-open byte interval {@code [start, end)}. */
  public record Span(long start, long end) {
    public long length() {
      return end - start;
    }
  }

  /** One range spec as written: either bound may be absent (null). */
  private record Spec(Long first, Long last) {
  }

  private final List<Spec> specs;

  private ByteRanges(List<Spec> specs) {
    this.specs = specs;
  }

  /** The parsed header, or null when it is absent or malformed (then it is ignored, as Swift does). */
  public static ByteRanges parse(String header) {
    if (header == null) return null;
    String value = header.trim();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6)) return null;
    List<Spec> specs = new ArrayList<>();
    for (String part : value.substring(6).split(",", -1)) {
      Spec spec = parseSpec(part.trim());
      if (spec == null) return null;
      specs.add(spec);
    }
    if (specs.isEmpty() || specs.size() > MAX_RANGES) return null;
    return new ByteRanges(specs);
  }

  private static Spec parseSpec(String part) {
    int dash = part.indexOf('-');
    if (dash < 0 || part.indexOf('-', dash + 1) >= 0) return null;
    String a = part.substring(0, dash).trim();
    String b = part.substring(dash + 1).trim();
    if (a.isEmpty() && b.isEmpty()) return null;
    Long first = a.isEmpty() ? null : number(a);
    Long last = b.isEmpty() ? null : number(b);
    if ((!a.isEmpty() && first == null) || (!b.isEmpty() && last == null)) return null;
    if (first != null && last != null && last < first) return null;
    return new Spec(first, last);
  }

  private static Long number(String digits) {
    if (digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
    return Long.parseLong(digits);
  }

  /** The spans to serve for an object of {@code length} bytes; empty means 416. */
  public List<Span> resolve(long length) {
    List<Span> out = new ArrayList<>();
    for (Spec s : specs) {
      if (s.first() == null) {
        if (s.last() == 0) continue;
        out.add(s.last() > length ? new Span(0, length) : new Span(length - s.last(), length));
      } else if (s.first() < length) {
        long end = s.last() == null ? length : Math.min(s.last() + 1, length);
        out.add(new Span(s.first(), end));
      }
    }
    if (out.size() > MAX_RANGES || overlaps(out) > MAX_RANGE_OVERLAPS || nonAscending(out) > MAX_NONASCENDING_RANGES) {
      return List.of();
    }
    return out;
  }

  private static int overlaps(List<Span> spans) {
    int count = 0;
    for (int i = 0; i < spans.size(); i++) {
      for (int j = i + 1; j < spans.size(); j++) {
        Span a = spans.get(i);
        Span b = spans.get(j);
        if (a.start() < b.end() && b.start() < a.end()) count++;
      }
    }
    return count;
  }

  private static int nonAscending(List<Span> spans) {
    int count = 0;
    for (int i = 1; i < spans.size(); i++) {
      if (spans.get(i).start() < spans.get(i - 1).start()) count++;
    }
    return count;
  }
}
