package io.stratus.gateway.http;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.proxy.ReplicatedPut;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Swift dialect of the error model: a status with Swift's short HTML body (swob's
 * RESPONSE_REASONS), or for 400, 413 and 501 the plain-text reason a constraint gave, as Swift's
 * constraint checks answer. Unknown failures are 500, logged once with the request id.
 */
public final class SwiftErrors {
  private static final Logger LOG = LoggerFactory.getLogger(SwiftErrors.class);
  private static final Map<Integer, String[]> REASONS = Map.ofEntries(
      Map.entry(400, new String[] {"Bad Request",
          "The server could not comply with the request since it is either malformed or otherwise incorrect."}),
      Map.entry(401, new String[] {"Unauthorized",
          "This server could not verify that you are authorized to access the document you requested."}),
      Map.entry(403, new String[] {"Forbidden", "Access was denied to this resource."}),
      Map.entry(404, new String[] {"Not Found", "The resource could not be found."}),
      Map.entry(405, new String[] {"Method Not Allowed", "The method is not allowed for this resource."}),
      Map.entry(406, new String[] {"Not Acceptable",
          "The resource is not available in a format acceptable to your browser."}),
      Map.entry(408, new String[] {"Request Timeout", "The server has waited too long for the request to be sent by the client."}),
      Map.entry(409, new String[] {"Conflict", "There was a conflict when trying to complete your request."}),
      Map.entry(411, new String[] {"Length Required", "Length Required."}),
      Map.entry(412, new String[] {"Precondition Failed", "A precondition for this request was not met."}),
      Map.entry(413, new String[] {"Request Entity Too Large", "The body of your request was too large for this server."}),
      Map.entry(416, new String[] {"Requested Range Not Satisfiable", "The Range requested is not available."}),
      Map.entry(422, new String[] {"Unprocessable Entity", "Unable to process the contained instructions"}),
      Map.entry(499, new String[] {"Client Disconnect", "The client was disconnected during request."}),
      Map.entry(500, new String[] {"Internal Error",
          "The server has either erred or is incapable of performing the requested operation."}),
      Map.entry(501, new String[] {"Not Implemented", "The requested method is not implemented by this server."}),
      Map.entry(503, new String[] {"Service Unavailable", "The server is currently unavailable. Please try again at a later time."}),
      Map.entry(507, new String[] {"Insufficient Storage", "There was not enough space to save the resource."}));

  /** Marks a failure whose message is the plain-text body to answer with (Swift's middlewares' own texts). */
  private static final Throwable PLAIN_TEXT = new Throwable("plain-text body", null, false, false) {
    private static final long serialVersionUID = 1L;
  };

  private SwiftErrors() {
  }

  /** A failure answered with {@code text} as its body (in swob's text/html type), as Swift's tempurl and formpost answer. */
  public static StratusException plain(ErrorCode code, String text) {
    return new StratusException(code, text, PLAIN_TEXT);
  }

  /** Swift's reason phrase for a status. */
  public static String title(int status) {
    String[] r = REASONS.get(status);
    return r == null ? "Error" : r[0];
  }

  /** The HTML body Swift sends with an error status. */
  public static String body(int status) {
    String[] r = REASONS.get(status);
    if (r == null) return "<html><h1>Error " + status + "</h1></html>";
    return "<html><h1>" + r[0] + "</h1><p>" + r[1] + "</p></html>";
  }

  /** The status a failure is answered with. */
  public static int status(Throwable failure) {
    if (failure instanceof ReplicatedPut.ClientDisconnected) return 499;
    if (failure instanceof StratusException e) return e.code().status();
    return 500;
  }

  /** Renders a failed request; a response already under way is cut off instead. */
  public static void send(HttpServerRequest request, Throwable failure, String transId) {
    // Whatever failed, a client that hung up caused it (or will never hear of it): Swift's 499.
    int status = request.response().closed() ? 499 : status(failure);
    if (status == 500 && failure instanceof ClosedChannelException) {
      // A write to a connection that had just closed (mostly the client's, hanging up mid-answer): no bug to trace
      LOG.warn("{} {} failed (trans id {}): a connection closed under it", request.method(), request.path(), transId);
    } else if (status == 500 || (failure instanceof StratusException e && e.code() == ErrorCode.INTERNAL)) {
      LOG.error("{} {} failed (trans id {})", request.method(), request.path(), transId, failure);
    }
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      if (!response.ended()) request.connection().close();
      return;
    }
    if (failure instanceof StratusException e && e.getCause() == PLAIN_TEXT) {
      send(request, status, e.getMessage(), "text/html; charset=UTF-8");
      return;
    }
    String text = null;
    if (failure instanceof StratusException e && (status == 400 || status == 413 || status == 501)) text = e.getMessage();
    send(request, status, text);
  }

  /** Swift's realm of a 401: the account of a /v1 path, else "unknown". */
  private static String realm(String path) {
    String[] parts = path.split("/", 4);
    return parts.length > 2 && parts[1].startsWith("v1") && !parts[2].isEmpty() ? parts[2].replace("\"", "") : "unknown";
  }

  /** Sends an error status: Swift's HTML body, or {@code text} as text/plain when given. */
  public static void send(HttpServerRequest request, int status, String text) {
    send(request, status, text, text != null ? "text/plain; charset=UTF-8" : "text/html; charset=UTF-8");
  }

  private static void send(HttpServerRequest request, int status, String text, String type) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) return;
    String body = text != null ? text : body(status);
    response.setStatusCode(status).setStatusMessage(title(status));
    if (status == 401) response.putHeader("Www-Authenticate", "Swift realm=\"" + realm(request.path()) + "\"");
    response.putHeader("Content-Type", type);
    if (!request.isEnded()) {
      // An unread body would be taken for the next request: read it away, or close if it never comes.
      if (request.headers().contains("Expect", "100-continue", true)) {
        response.putHeader("Connection", "close");
      }
      request.handler(b -> { });
      request.resume();
    }
    if (request.method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
      response.end();
    } else {
      response.end(body);
    }
  }
}
