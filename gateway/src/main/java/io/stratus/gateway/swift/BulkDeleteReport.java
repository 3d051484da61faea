package io.stratus.gateway.swift;

import io.stratus.gateway.http.SwiftErrors;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of deleting many objects at once (an SLO delete, a bulk delete) and its answer in
 * Swift's bulk middleware format: plain text ("Number Deleted: n" ... "Errors:") or JSON by Accept.
 */
final class BulkDeleteReport {
  private int deleted;
  private int notFound;
  private final List<String[]> errors = new ArrayList<>();

  /** Counts one object's delete status: 2xx deleted, 404 not found, anything else an error. */
  BulkDeleteReport add(String name, int status) {
    if (status / 100 == 2) {
      deleted++;
    } else if (status == 404) {
      notFound++;
    } else {
      errors.add(new String[] {name, status + " " + SwiftErrors.title(status)});
    }
    return this;
  }

  BulkDeleteReport notFound() {
    notFound++;
    return this;
  }

  int deleted() {
    return deleted;
  }

  int errors() {
    return errors.size();
  }

  /** Sends the report with status 200; the inner status is 400 (or 502 for server errors) when some deletes failed. */
  static Future<Void> send(HttpServerRequest request, BulkDeleteReport report) {
    String inner = report.errors.isEmpty() ? "200 OK" : "400 Bad Request";
    String accept = request.getHeader("Accept");
    boolean json = accept != null && accept.contains("application/json");
    String body;
    if (json) {
      JsonArray errs = new JsonArray();
      report.errors.forEach(e -> errs.add(new JsonArray().add(e[0]).add(e[1])));
      body = new JsonObject().put("Number Deleted", report.deleted).put("Number Not Found", report.notFound)
          .put("Response Body", "").put("Response Status", inner).put("Errors", errs).encode();
    } else {
      StringBuilder sb = new StringBuilder().append("Number Deleted: ").append(report.deleted).append('\n')
          .append("Number Not Found: ").append(report.notFound).append('\n').append("Response Body: \n")
          .append("Response Status: ").append(inner).append('\n').append("Errors:\n");
      report.errors.forEach(e -> sb.append(e[0]).append(", ").append(e[1]).append('\n'));
      body = sb.toString();
    }
    return request.response().setStatusCode(200)
        .putHeader("Content-Type", json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8").end(body);
  }
}
