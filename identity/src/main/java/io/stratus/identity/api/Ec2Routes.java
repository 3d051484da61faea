package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.stratus.identity.ec2.AwsSignature;
import io.stratus.identity.ec2.S3SigningKey;
import io.stratus.identity.ec2.SignatureTime;
import io.stratus.identity.model.Ec2Credential;
import io.stratus.identity.model.Ids;
import io.stratus.identity.service.Requests;
import io.stratus.identity.service.ResolvedToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * EC2/S3 credentials (/v3/users/{id}/credentials/OS-EC2) and POST /v3/s3tokens, which checks an AWS
 * signature of a string-to-sign and answers the token body (user, project, roles) of its owner.
 */
final class Ec2Routes {
  private static final String BASE = "/v3/users/:user/credentials/OS-EC2";

  private final ApiContext api;

  Ec2Routes(ApiContext api) {
    this.api = api;
  }

  void mountPublic(Router router) {
    Http.bind(router.post("/v3/s3tokens"), this::s3token);
  }

  void mount(Router router) {
    Http.bind(router.post(BASE), this::create);
    Http.bind(router.get(BASE), this::list);
    Http.bind(router.get(BASE + "/:access"), this::show);
    Http.bind(router.delete(BASE + "/:access"), this::delete);
  }

  private Future<Reply> create(RoutingContext ctx) {
    String userId = ctx.pathParam("user");
    Guard.selfOrAdmin(ctx, userId);
    String projectId = Requests.string(Http.body(ctx), "tenant_id");
    return api.store().users().require(userId)
        .compose(u -> api.store().projects().require(projectId))
        .compose(p -> api.store().createEc2(new Ec2Credential(Ids.random(), Ids.random(), userId, projectId)))
        .map(c -> Reply.created(new JsonObject().put("credential", view(ctx, c))));
  }

  private Future<Reply> list(RoutingContext ctx) {
    String userId = ctx.pathParam("user");
    Guard.selfOrAdmin(ctx, userId);
    return api.store().users().require(userId)
        .compose(u -> api.store().ec2AccessKeysOf(userId))
        .compose(keys -> AuthRoutes.all(keys.stream().map(k -> api.store().ec2(k)).toList()))
        .map(creds -> Reply.ok(Views.list("credentials", creds, c -> view(ctx, c), api.v3(ctx) + "/users/" + userId + "/credentials/OS-EC2")));
  }

  private Future<Reply> show(RoutingContext ctx) {
    return owned(ctx).map(c -> Reply.ok(new JsonObject().put("credential", view(ctx, c))));
  }

  private Future<Reply> delete(RoutingContext ctx) {
    return owned(ctx).compose(c -> api.store().delete(api.store().ec2Deletions(c))).map(v -> Reply.noContent());
  }

  private Future<Ec2Credential> owned(RoutingContext ctx) {
    String userId = ctx.pathParam("user");
    String access = ctx.pathParam("access");
    Guard.selfOrAdmin(ctx, userId);
    return api.store().ec2(access).map(c -> {
      if (c == null || !c.userId().equals(userId)) throw StratusException.notFound("Could not find credential: " + access + ".");
      return c;
    });
  }

  /**
   * Keystone's s3tokens, with two extensions: "scope" (verify the signature of the decoded token under that scope's
   * SigV4 key: a presigned POST's policy) and "canonical_request" (when it proves a fresh header-signed request, the
   * answer carries the scope's derived signing key as "s3_signing_key", see {@link S3SigningKey}). A good signature
   * is honoured only while its request is valid ({@link SignatureTime}): a replayed old one is refused with 401.
   */
  private Future<Reply> s3token(RoutingContext ctx) {
    JsonObject in = Requests.object(Http.body(ctx), "credentials");
    String access = Requests.string(in, "access");
    String signature = Requests.string(in, "signature");
    String scope = in.getValue("scope") instanceof String s ? s : null;
    String canonicalRequest = in.getValue("canonical_request") instanceof String s ? s : null;
    String stringToSign;
    try {
      stringToSign = new String(Base64.getUrlDecoder().decode(Requests.string(in, "token").replace('+', '-').replace('/', '_')),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw StratusException.badRequest("The token member must be the base64 of the string to sign.");
    }
    return api.store().ec2(access).compose(cred -> {
      if (cred == null) throw StratusException.unauthorized("EC2 access key not found.");
      boolean good = scope == null ? AwsSignature.verify(cred.secret(), stringToSign, signature)
          : AwsSignature.verifyScoped(cred.secret(), scope, stringToSign, signature);
      if (!good) throw StratusException.unauthorized("Credential signature mismatch.");
      Instant now = api.auth().clock().instant();
      String refusal = SignatureTime.refusal(stringToSign, canonicalRequest, scope != null, now);
      if (refusal != null) throw StratusException.unauthorized(refusal);
      String signingKey = S3SigningKey.keyFor(cred.secret(), stringToSign, canonicalRequest, now);
      return api.auth().authenticateCredential(cred.userId(), cred.projectId())
          .map(token -> s3tokenReply(ctx, token, stringToSign, signingKey));
    });
  }

  private Reply s3tokenReply(RoutingContext ctx, ResolvedToken token, String stringToSign, String signingKey) {
    JsonObject body = render(ctx, token);
    if (signingKey != null) {
      body.put("s3_signing_key", new JsonObject().put("scope", stringToSign.split("\n")[2]).put("key", signingKey));
    }
    return Reply.ok(body).withHeader("X-Subject-Token", token.token());
  }

  private JsonObject render(RoutingContext ctx, ResolvedToken token) {
    return TokenView.render(token, api.catalog().forProject(api.base(ctx), token.project().id()));
  }

  private JsonObject view(RoutingContext ctx, Ec2Credential c) {
    return new JsonObject().put("user_id", c.userId()).put("tenant_id", c.projectId()).put("access", c.access())
        .put("secret", c.secret()).put("trust_id", null)
        .put("links", Views.self(api.v3(ctx) + "/users/" + c.userId() + "/credentials/OS-EC2/" + c.access()));
  }
}
