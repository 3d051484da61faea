package io.stratus.gateway.swift;

/**
 * One byte range of a Range header, resolved against a length as swob does: {@code bytes=a-b},
 * {@code bytes=a-} and {@code bytes=-n}. A header that does not parse, or that asks for several
 * ranges, is ignored (the whole object is served); a range wholly past the end is unsatisfiable.
 */
record ByteRange(long start, long end) {

  /** The outcome of resolving a header: no range (whole object), a range, or unsatisfiable (416). */
  static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

  long length() {
    return end - start;
  }

  /** The range {@code header} asks of {@code length} bytes: null for the whole object, or {@link #UNSATISFIABLE}. */
  static ByteRange resolve(String header, long length) {
    if (header == null) return null;
    String v = header.trim();
    if (!v.regionMatches(true, 0, "bytes=", 0, 6) || v.indexOf(',') >= 0) return null;
    String spec = v.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0 || spec.indexOf('-', dash + 1) >= 0) return null;
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    Long first = number(a);
    Long last = number(b);
    if (first == null && last == null || !a.isEmpty() && first == null || !b.isEmpty() && last == null) return null;
    if (first == null) {
      if (last == 0 || length == 0) return UNSATISFIABLE;
      return new ByteRange(Math.max(0, length - last), length);
    }
    if (last != null && last < first) return null;
    if (first >= length) return UNSATISFIABLE;
    return new ByteRange(first, last == null ? length : Math.min(last + 1, length));
  }

  private static Long number(String digits) {
    if (digits.length() > 18 || !Constraints.digits(digits)) return null;
    return Long.parseLong(digits);
  }

  /** The Content-Range value for this range of {@code total} bytes. */
  String contentRange(long total) {
    return "bytes " + start + "-" + (end - 1) + "/" + total;
  }
}
