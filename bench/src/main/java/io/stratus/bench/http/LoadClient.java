package io.stratus.bench.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Non-blocking HTTP/1.1 client of one load driver: a keep-alive connection pool sized to the
 * driver's concurrency, request bodies streamed from a {@link RandomPayload} with back-pressure,
 * response bodies drained and counted, never kept.
 */
public final class LoadClient implements AutoCloseable {

  private final HttpClientAgent client;
  private final RandomPayload payload;
  private final long timeoutMillis;

  /** A client with at most {@code connections} connections per server. */
  public LoadClient(Vertx vertx, int connections, RandomPayload payload, long timeoutMillis) {
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setPipelining(false)
        .setTcpNoDelay(true)
        .setDecompressionSupported(false)
        // response bodies reach the handler in pieces of up to 64 KiB instead of 8 KiB
        .setMaxChunkSize(RandomPayload.CHUNK)
        .setConnectTimeout((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(Math.max(1, connections)).setMaxWaitQueueSize(-1);
    this.client = vertx.createHttpClient(options, pool);
    this.payload = payload;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * One benchmarked exchange: sends {@code bodyLength} payload bytes (none for 0) and drains the
   * response body. Fails only on transport errors; any HTTP status completes the future.
   *
   * @param uri the raw request URI (encoded path and query)
   * @param payloadOffset where in the payload stream the body starts (varies content between objects)
   */
  public Future<HttpOutcome> exchange(HttpMethod method, Endpoint endpoint, String uri,
      MultiMap headers, long bodyLength, long payloadOffset) {
    return client.request(options(method, endpoint, uri, headers))
        .compose(request -> {
          if (bodyLength > 0 || method == HttpMethod.PUT || method == HttpMethod.POST) {
            request.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(bodyLength));
            new BodyWriter(request, bodyLength, payloadOffset).writeMore();
          } else {
            request.end();
          }
          return request.response().compose(response -> drain(response, bodyLength));
        });
  }

  /** One benchmarked exchange with a fixed body (e.g. a JSON request); drains the response. */
  public Future<HttpOutcome> exchange(HttpMethod method, Endpoint endpoint, String uri,
      MultiMap headers, Buffer body) {
    return client.request(options(method, endpoint, uri, headers))
        .compose(request -> {
          request.end(body);
          return request.response().compose(response -> drain(response, body.length()));
        });
  }

  /** A whole small exchange: sends {@code body} (may be null) and returns the buffered reply. */
  public Future<HttpReply> fetch(HttpMethod method, Endpoint endpoint, String uri, MultiMap headers,
      Buffer body) {
    return client.request(options(method, endpoint, uri, headers))
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body()
            .map(bytes -> new HttpReply(response.statusCode(), response.headers(), bytes)));
  }

  private RequestOptions options(HttpMethod method, Endpoint endpoint, String uri, MultiMap headers) {
    RequestOptions options = new RequestOptions()
        .setMethod(method)
        .setHost(endpoint.host())
        .setPort(endpoint.port())
        .setSsl(endpoint.ssl())
        .setURI(uri)
        .setIdleTimeout(timeoutMillis);
    if (headers != null) {
      options.setHeaders(headers);
    }
    return options;
  }

  private static Future<HttpOutcome> drain(HttpClientResponse response, long bytesOut) {
    Promise<HttpOutcome> done = Promise.promise();
    long[] bytesIn = new long[1];
    response.handler(chunk -> bytesIn[0] += chunk.length());
    response.exceptionHandler(done::tryFail);
    response.endHandler(v -> done.tryComplete(new HttpOutcome(response.statusCode(), bytesOut, bytesIn[0])));
    return done.future();
  }

  @Override
  public void close() {
    client.close();
  }

  /** Writes a request body slice by slice while the connection's write queue has room. */
  private final class BodyWriter {
    private final HttpClientRequest request;
    private final long length;
    private final long offset;
    private long written;

    BodyWriter(HttpClientRequest request, long length, long offset) {
      this.request = request;
      this.length = length;
      this.offset = offset;
    }

    void writeMore() {
      while (written < length) {
        int n = (int) Math.min(RandomPayload.CHUNK, length - written);
        Buffer slice = payload.slice(offset + written, n);
        written += n;
        if (written == length) {
          request.end(slice);
          return;
        }
        request.write(slice);
        if (request.writeQueueFull()) {
          request.drainHandler(v -> writeMore());
          return;
        }
      }
      request.end();
    }
  }
}
