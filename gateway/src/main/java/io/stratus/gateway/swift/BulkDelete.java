package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.proxy.BackendPath;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Swift's bulk delete ({@code POST} or {@code DELETE /v1/<account>?bulk-delete}): the body lists up
 * to 10,000 URL-encoded {@code container/object} or {@code container} paths, one a line; objects and
 * containers are deleted in that order, two at a time, and the answer is a {@link BulkReport}.
 */
final class BulkDelete {
  static final int MAX_DELETES = 10_000;
  private static final int CONCURRENCY = 2;

  private final ObjectWriteHandler objects;
  private final ContainerHandler containers;

  BulkDelete(ObjectWriteHandler objects, ContainerHandler containers) {
    this.objects = objects;
    this.containers = containers;
  }

  Future<Void> handle(SwiftRequest r) {
    return names(r).compose(names -> {
      BulkReport report = BulkReport.delete();
      if (names.size() > MAX_DELETES) {
        report.fail(413, "Maximum Bulk Deletes: " + MAX_DELETES + " per request");
        return Future.succeededFuture(report);
      }
      List<Future<Void>> workers = new ArrayList<>();
      int[] next = {0};
      for (int i = 0; i < CONCURRENCY; i++) workers.add(work(r, names, next, report));
      return Future.all(workers).map(v -> report);
    }).compose(report -> BulkReport.send(r.http(), report));
  }

  /** Deletes the next name until none is left. */
  private Future<Void> work(SwiftRequest r, List<String> names, int[] next, BulkReport report) {
    if (next[0] >= names.size()) return Future.succeededFuture();
    String name = names.get(next[0]++);
    return deleteOne(r, name).map(status -> {
      report.add(BackendPath.quote(name), status);
      return null;
    }).compose(v -> work(r, names, next, report));
  }

  private Future<Integer> deleteOne(SwiftRequest r, String name) {
    String path = name.startsWith("/") ? name.substring(1) : name;
    // "container/" names the container, as its path /v1/a/container/ does
    if (!path.isEmpty() && path.indexOf('/') == path.length() - 1) path = path.substring(0, path.length() - 1);
    int slash = path.indexOf('/');
    // no container ("/", "//x"), or a container with an empty object name ("c//"): nothing to delete there
    if (path.isEmpty() || slash == 0 || slash == path.length() - 1) return Future.succeededFuture(400);
    String account = r.path().account();
    Future<Integer> status = slash < 0
        ? containers.deleteContainer(r, account, path)
        : objects.deleteObject(r, account, path.substring(0, slash), path.substring(slash + 1));
    return status.recover(e -> Future.succeededFuture(e instanceof StratusException se ? se.code().status() : 500));
  }

  /** The body's names, URL-decoded and stripped, empty lines skipped; one more than the limit at most. */
  private static Future<List<String>> names(SwiftRequest r) {
    Promise<List<String>> done = Promise.promise();
    List<String> names = new ArrayList<>();
    RecordParser lines = RecordParser.newDelimited("\n", r.http()).maxRecordSize(8192);
    lines.exceptionHandler(e -> done.tryFail(new StratusException(ErrorCode.BAD_REQUEST, "Invalid bulk delete body.")));
    lines.handler(line -> add(names, line));
    lines.endHandler(v -> done.tryComplete(names));
    r.http().resume();
    return done.future();
  }

  private static void add(List<String> names, Buffer line) {
    if (names.size() > MAX_DELETES) return;
    String name = line.toString(StandardCharsets.UTF_8).strip();
    if (name.isEmpty()) return;
    try {
      names.add(URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8).strip());
    } catch (IllegalArgumentException e) {
      names.add(name);
    }
  }
}
