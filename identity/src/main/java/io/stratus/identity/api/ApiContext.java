package io.stratus.identity.api;

import io.stratus.identity.service.ApplicationCredentialService;
import io.stratus.identity.service.AuthService;
import io.stratus.identity.service.PasswordService;
import io.stratus.identity.service.Revocations;
import io.stratus.identity.service.RoleResolver;
import io.stratus.identity.service.TokenService;
import io.stratus.identity.store.IdentityStore;
import io.vertx.ext.web.RoutingContext;

/** What the HTTP operations share: the store, the services (revocation announcements too), the catalog and the configured public URL. */
public record ApiContext(
    IdentityStore store,
    AuthService auth,
    ApplicationCredentialService appCreds,
    TokenService tokens,
    PasswordService passwords,
    RoleResolver roles,
    Revocations revocations,
    Catalog catalog,
    String publicUrl) {

  /** The context for a server whose gateway is at serviceUrl, in the region. */
  public static ApiContext of(IdentityStore store, AuthService auth, ApplicationCredentialService appCreds, TokenService tokens,
      PasswordService passwords, RoleResolver roles, Revocations revocations, String serviceUrl, String region, String publicUrl) {
    return new ApiContext(store, auth, appCreds, tokens, passwords, roles, revocations, new Catalog(serviceUrl, region), publicUrl);
  }

  /** The base URL of this service (no version), as configured or as the client reached it. */
  public String base(RoutingContext ctx) {
    return Http.baseUrl(ctx, publicUrl);
  }

  /** The v3 root: base + "/v3". */
  public String v3(RoutingContext ctx) {
    return base(ctx) + "/v3";
  }
}
