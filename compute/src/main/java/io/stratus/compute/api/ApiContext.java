package io.stratus.compute.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.auth.TokenValidator;
import io.stratus.common.error.StratusException;
import io.stratus.compute.ComputeConfig;
import io.stratus.compute.scheduler.HostRegistry;
import io.stratus.compute.scheduler.Scheduler;
import io.stratus.compute.state.Commands;
import io.stratus.compute.state.Quotas;
import io.stratus.compute.state.StateStore;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/** What every compute operation needs: the records, the scheduler, hosts, commands, quotas, image lookups, tokens. */
public record ApiContext(StateStore store, Scheduler scheduler, HostRegistry hosts, Commands commands, Quotas quotas,
    ImageClient images, TokenValidator tokens, ComputeConfig config, Clock clock) {
  static final String AUTH = "stratus.auth";
  static final String TOKEN = "stratus.token";
  static final String REQUEST_ID = "stratus.request-id";
  static final String URL_PROJECT = "stratus.url-project";

  /** The caller, put there by the authentication step. */
  static AuthContext caller(RoutingContext ctx) {
    AuthContext caller = ctx.get(AUTH);
    if (caller == null) throw StratusException.unauthorized("The request you have made requires authentication.");
    return caller;
  }

  /** This service's base URL as clients reach it: configured, or behind the gateway's /compute, or the Host used. */
  String baseUrl(RoutingContext ctx) {
    String configured = config.publicUrl();
    if (configured != null && !configured.isBlank()) {
      return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }
    String forwarded = ctx.request().getHeader("X-Forwarded-Host");
    String proto = ctx.request().getHeader("X-Forwarded-Proto");
    if (forwarded != null) return (proto == null ? "http" : proto) + "://" + forwarded + "/compute";
    String host = ctx.request().getHeader("Host");
    return ctx.request().scheme() + "://" + (host != null ? host : "127.0.0.1");
  }
}
