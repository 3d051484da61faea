package io.stratus.gateway.swift;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.auth.TokenValidator;
import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/**
 * Swift keystoneauth's decision for a request: the token (X-Auth-Token or X-Storage-Token) must be
 * valid (401), and the account {@code <reseller prefix><project id>} must be the token's project with
 * reader (GET, HEAD) or member (writes), unless the token holds admin or ResellerAdmin (403).
 * Callers that do not own the account may still be let in by the container's ACLs ({@link ContainerAcl}).
 */
public final class SwiftAuth {
  public static final String RESELLER_ADMIN = "ResellerAdmin";

  private final TokenValidator validator;
  private final String resellerPrefix;

  public SwiftAuth(TokenValidator validator, String resellerPrefix) {
    this.validator = validator;
    this.resellerPrefix = resellerPrefix;
  }

  /** The caller, once allowed to do the request's method on the path's account. */
  public Future<AuthContext> authorize(HttpServerRequest request, SwiftPath path) {
    return authenticate(request).map(context -> {
      if (context == null) throw StratusException.unauthorized("The request you have made requires authentication.");
      check(context, path.account(), request.method());
      return context;
    });
  }

  /** The caller the token names (401 for a bad token), or null for a request without a token (anonymous). */
  public Future<AuthContext> authenticate(HttpServerRequest request) {
    String token = request.getHeader("X-Auth-Token");
    if (token == null) token = request.getHeader("X-Storage-Token");
    if (token == null || token.isBlank()) return Future.succeededFuture(null);
    return validator.validate(token);
  }

  /** Whether the context may do {@code method} on {@code account} as its owner (or an admin); false for anonymous. */
  public boolean owns(AuthContext context, String account, HttpMethod method) {
    if (context == null) return false;
    try {
      check(context, account, method);
      return true;
    } catch (StratusException e) {
      return false;
    }
  }

  /** Fails with FORBIDDEN unless the context may do {@code method} on {@code account}. */
  public void check(AuthContext context, String account, HttpMethod method) {
    if (isResellerAdmin(context) || RolePolicy.isAdmin(context)) return;
    if (!account.startsWith(resellerPrefix)) throw StratusException.forbidden("Access was denied to this resource.");
    String project = account.substring(resellerPrefix.length());
    boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
    RolePolicy.requireOnProject(context, project, read ? RolePolicy.READER : RolePolicy.MEMBER);
  }

  /** Fails with UNAUTHORIZED (anonymous) or FORBIDDEN unless the request's caller may do {@code method} in the container. */
  public void check(SwiftRequest r, String account, String container, HttpMethod method) {
    if (r.caller() == null) throw StratusException.unauthorized("The request you have made requires authentication.");
    check(r.caller(), account, method);
  }

  public static boolean isResellerAdmin(AuthContext context) {
    for (String role : context.roles()) {
      if (role.toLowerCase(Locale.ROOT).equals("reselleradmin")) return true;
    }
    return false;
  }
}
