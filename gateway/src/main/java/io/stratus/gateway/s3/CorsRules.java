package io.stratus.gateway.s3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A bucket's CORS rules as S3 evaluates them: the first rule whose AllowedOrigin matches the Origin (one '*' wildcard
 * allowed), whose AllowedMethod is the method and whose AllowedHeader entries (one '*' wildcard each, case
 * insensitive) cover every requested header is the one that answers. Read from the rules {@link BucketConfigs} keeps.
 */
final class CorsRules {
  /** One CORSRule. */
  record Rule(List<String> origins, List<String> methods, List<String> headers, List<String> expose, String maxAge) {
    /** The Access-Control-Allow-Origin a match answers: "*" for a rule open to all, else the request's origin. */
    String allowOrigin(String origin) {
      return origins.contains("*") ? "*" : origin;
    }
  }

  private final List<Rule> rules;

  private CorsRules(List<Rule> rules) {
    this.rules = rules;
  }

  /** The rules of a bucket's stored configuration (base64 of its CORSRule elements); none when empty or absent. */
  static CorsRules fromStored(String stored) {
    List<Rule> rules = new ArrayList<>();
    if (stored == null || stored.isEmpty()) return new CorsRules(rules);
    String xml = new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8);
    for (XmlNode rule : XmlNode.parse("<CORSConfiguration>" + xml + "</CORSConfiguration>").children("CORSRule")) {
      rules.add(new Rule(texts(rule, "AllowedOrigin"), texts(rule, "AllowedMethod"), texts(rule, "AllowedHeader"),
          texts(rule, "ExposeHeader"), rule.childText("MaxAgeSeconds")));
    }
    return new CorsRules(rules);
  }

  private static List<String> texts(XmlNode rule, String name) {
    return rule.children(name).stream().map(n -> n.text().trim()).toList();
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The first rule allowing the origin, method and every one of the requested headers; null when none does. */
  Rule match(String origin, String method, List<String> requestHeaders) {
    for (Rule rule : rules) {
      if (!rule.methods().contains(method)) continue;
      if (rule.origins().stream().noneMatch(o -> wildcard(o, origin, false))) continue;
      boolean headersAllowed = requestHeaders.stream()
          .allMatch(h -> rule.headers().stream().anyMatch(allowed -> wildcard(allowed, h, true)));
      if (headersAllowed) return rule;
    }
    return null;
  }

  /** The header names of an Access-Control-Request-Headers value, lowercase. */
  static List<String> requestedHeaders(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) return out;
    for (String h : value.split(",")) {
      if (!h.isBlank()) out.add(h.trim().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** Whether a value matches a pattern with at most one '*' (any run of characters). */
  static boolean wildcard(String pattern, String value, boolean ignoreCase) {
    String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
    String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    int star = p.indexOf('*');
    if (star < 0) return p.equals(v);
    String prefix = p.substring(0, star);
    String suffix = p.substring(star + 1);
    return v.length() >= prefix.length() + suffix.length() && v.startsWith(prefix) && v.endsWith(suffix);
  }
}
