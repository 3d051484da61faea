package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3Exception;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The smallest S3 front end for testing S3Auth: authenticates every request, reads its body through S3Auth, and
 * answers 200 with what it saw in x-test-* headers (the caller's project, the decoded length and SHA-256, the payload
 * mode), or the S3 error as XML (x-test-failed-in: "auth" or "stream").
 */
final class S3EchoServer implements Handler<HttpServerRequest> {
  private final S3Auth auth;

  S3EchoServer(S3Auth auth) {
    this.auth = auth;
  }

  @Override
  public void handle(HttpServerRequest request) {
    request.pause();
    auth.authenticate(request).onFailure(e -> fail(request, e, "auth")).onSuccess(caller -> {
      S3Body body = auth.body(request, caller);
      MessageDigest sha = SigV4.sha256();
      long[] length = {0};
      ReadStream<io.vertx.core.buffer.Buffer> stream = body.stream();
      stream.handler(b -> {
        sha.update(b.getBytes());
        length[0] += b.length();
      });
      stream.exceptionHandler(e -> fail(request, e, "stream"));
      stream.endHandler(v -> request.response().putHeader("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"")
          .putHeader("x-test-project", caller.auth().projectId()).putHeader("x-test-length", Long.toString(length[0]))
          .putHeader("x-test-declared-length", Long.toString(body.length()))
          .putHeader("x-test-sha256", SigV4.hex(sha.digest()))
          .putHeader("x-test-mode", String.valueOf(request.getHeader("x-amz-content-sha256")))
          .putHeader("x-test-trailer", String.valueOf(request.getHeader("x-amz-trailer"))).end());
      stream.resume();
    });
  }

  private static void fail(HttpServerRequest request, Throwable e, String where) {
    if (request.response().ended()) return;
    int status = 500;
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
    if (e instanceof S3Exception s3) {
      status = s3.code().status();
      xml.append("<Code>").append(s3.code().code()).append("</Code><Message>").append(escape(s3.getMessage())).append("</Message>");
      for (Map.Entry<String, String> d : s3.details().entrySet()) {
        xml.append('<').append(d.getKey()).append('>').append(escape(d.getValue())).append("</").append(d.getKey()).append('>');
      }
    } else {
      xml.append("<Code>InternalError</Code><Message>").append(escape(String.valueOf(e))).append("</Message>");
    }
    xml.append("</Error>");
    request.response().setStatusCode(status).putHeader("Content-Type", "application/xml").putHeader("Connection", "close")
        .putHeader("x-test-failed-in", where).end(xml.toString());
    request.resume();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
