package io.stratus.gateway.swift;

import io.stratus.common.auth.AuthContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A container's X-Container-Read or X-Container-Write as Swift's keystoneauth reads it: referrer
 * rules ({@code .r:*}, {@code .r:host}, {@code .r:.domain}, {@code .r:-host} to deny),
 * {@code .rlistings} (referrers may list too), and {@code project:user} grants by id or name with
 * {@code *} for any ({@code *:*} is every authenticated user).
 */
final class ContainerAcl {
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
