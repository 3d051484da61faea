package io.stratus.gateway.swift;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.SwiftErrors;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A container's X-Container-Read or X-Container-Write as Swift's keystoneauth reads it: referrer
 * rules ({@code .r:*}, {@code .r:host}, {@code .r:.domain}, {@code .r:-host} to deny),
 * {@code .rlistings} (referrers may list too), and {@code project:user} grants by id or name with
 * {@code *} for any ({@code *:*} is every authenticated user).
 */
final class ContainerAcl {
  private static final Set<String> REFERRER_DESIGNATORS = Set.of(".r", ".ref", ".referer", ".referrer");
  private final List<String> referrers = new ArrayList<>();
  private final List<String[]> grants = new ArrayList<>();
  private boolean listings;

  private ContainerAcl() {
  }

  static ContainerAcl parse(String header) {
    ContainerAcl acl = new ContainerAcl();
    if (header == null) return acl;
    for (String raw : header.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) continue;
      if (entry.equals(".rlistings")) {
        acl.listings = true;
      } else if (entry.startsWith(".r:") || entry.startsWith(".ref:") || entry.startsWith(".referer:")
          || entry.startsWith(".referrer:")) {
        acl.referrers.add(entry.substring(entry.indexOf(':') + 1).toLowerCase(Locale.ROOT));
      } else if (entry.indexOf(':') > 0) {
        int colon = entry.indexOf(':');
        acl.grants.add(new String[] {entry.substring(0, colon), entry.substring(colon + 1)});
      }
    }
    return acl;
  }

  /**
   * An X-Container-Read or X-Container-Write value as Swift's {@code clean_acl} leaves it before it is
   * stored: items trimmed, empty ones dropped, referrer designations shortened to {@code .r:} (a
   * leading {@code *} of a domain dropped). A referrer with no host, any referrer in a write ACL and an
   * unknown {@code .designator:} are 400 with Swift's message.
   */
  static String clean(String header, String value) {
    boolean write = header.toLowerCase(Locale.ROOT).contains("write");
    List<String> items = new ArrayList<>();
    for (String raw : value.split(",")) {
      String item = raw.strip();
      if (item.isEmpty()) continue;
      int colon = item.indexOf(':');
      String designator = colon < 0 ? "" : item.substring(0, colon).strip();
      if (!designator.startsWith(".")) {
        items.add(item);
      } else if (!REFERRER_DESIGNATORS.contains(designator)) {
        throw invalid("Unknown designator " + repr(designator) + " in ACL: " + repr(item));
      } else if (write) {
        throw invalid("Referrers not allowed in write ACL: " + repr(item));
      } else {
        items.add(".r:" + referrer(item, item.substring(colon + 1).strip()));
      }
    }
    return String.join(",", items);
  }

  /** A referrer rule's host part, {@code -} kept for a denial; 400 when no host or domain is left. */
  private static String referrer(String item, String rule) {
    boolean deny = rule.startsWith("-");
    String host = deny ? rule.substring(1).strip() : rule;
    if (host.length() > 1 && host.startsWith("*")) host = host.substring(1).strip();
    if (host.isEmpty() || host.equals(".")) {
      throw invalid("No host/domain value after referrer designation in ACL: " + repr(item));
    }
    return deny ? "-" + host : host;
  }

  private static StratusException invalid(String message) {
    return SwiftErrors.plain(ErrorCode.BAD_REQUEST, message);
  }

  /** Python's {@code repr} of a string, as Swift's messages quote ACL items. */
  static String repr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    for (char c : s.toCharArray()) {
      if (c == '\\' || c == quote) {
        out.append('\\').append(c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(quote).toString();
  }

  /** Whether a request with this Referer header passes the referrer rules (the last matching rule decides). */
  boolean referrerAllows(String referer, boolean listing) {
    if (listing && !listings) return false;
    String host = hostOf(referer);
    boolean allowed = false;
    for (String rule : referrers) {
      boolean deny = rule.startsWith("-");
      String r = deny ? rule.substring(1) : rule;
      boolean match = r.equals("*") || host != null && (r.startsWith(".") ? host.endsWith(r) || host.equals(r.substring(1))
          : host.equals(r));
      if (match) allowed = !deny;
    }
    return allowed;
  }

  /** Whether the caller's project and user (by id or name) are granted. */
  boolean grants(AuthContext caller) {
    if (caller == null) return false;
    for (String[] g : grants) {
      boolean project = g[0].equals("*") || g[0].equals(caller.projectId()) || g[0].equals(caller.projectName());
      boolean user = g[1].equals("*") || g[1].equals(caller.userId()) || g[1].equals(caller.userName());
      if (project && user) return true;
    }
    return false;
  }

  private static String hostOf(String referer) {
    if (referer == null) return null;
    try {
      String host = URI.create(referer.trim()).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
