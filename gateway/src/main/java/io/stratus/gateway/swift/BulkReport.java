package io.stratus.gateway.swift;

import io.stratus.gateway.http.SwiftErrors;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a bulk operation (a bulk delete, an SLO delete, an archive extraction) and its
 * answer in Swift's bulk middleware format, chosen by Accept: text/plain ("Key: value" lines in key
 * order, then "Errors:"), application/json, or XML ({@code <delete>} / {@code <extract>}). The
 * HTTP status is 200; the operation's own status is the "Response Status" inside.
 */
final class BulkReport {
  private final String root;
  private final String okStatus;
  private final Map<String, Object> counts = new LinkedHashMap<>();
  private final List<String[]> errors = new ArrayList<>();
  private boolean serverError;
  private String failure;
  private String body = "";

  private BulkReport(String root, String okStatus) {
    this.root = root;
    this.okStatus = okStatus;
  }

  /** A delete's report: Number Deleted, Number Not Found. */
  static BulkReport delete() {
    BulkReport report = new BulkReport("delete", "200 OK");
    report.counts.put("Number Deleted", 0);
    report.counts.put("Number Not Found", 0);
    return report;
  }

  /** An extraction's report: Number Files Created. */
  static BulkReport extract() {
    BulkReport report = new BulkReport("extract", "201 Created");
    report.counts.put("Number Files Created", 0);
    return report;
  }

  /** Counts one object's delete status: 2xx deleted, 404 not found, anything else an error. */
  BulkReport add(String name, int status) {
    if (status / 100 == 2) {
      increment("Number Deleted");
    } else if (status == 404) {
      increment("Number Not Found");
    } else {
      error(name, status);
    }
    return this;
  }

  BulkReport notFound() {
    increment("Number Not Found");
    return this;
  }

  void created() {
    increment("Number Files Created");
  }

  /** An error for one name; a 5xx makes the whole answer 502 Bad Gateway, as Swift's. */
  void error(String name, int status) {
    if (status / 100 == 5) serverError = true;
    errors.add(new String[] {name, status + " " + SwiftErrors.title(status)});
  }

  /** The whole operation failed with {@code status} and {@code message} (Response Status and Body). */
  void fail(int status, String message) {
    failure = status + " " + SwiftErrors.title(status);
    body = message;
  }

  int count(String key) {
    return (Integer) counts.get(key);
  }

  int deleted() {
    return count("Number Deleted");
  }

  int errors() {
    return errors.size();
  }

  private void increment(String key) {
    counts.merge(key, 1, (a, b) -> (Integer) a + (Integer) b);
  }

  /** The Response Status: the failure's, 502/400 with errors, else the operation's OK status. */
  String status() {
    if (failure != null) return failure;
    if (!errors.isEmpty()) return serverError ? "502 Bad Gateway" : "400 Bad Request";
    return okStatus;
  }

  /** Sends the report with status 200 in the format the Accept header asks for. */
  static Future<Void> send(HttpServerRequest request, BulkReport report) {
    String type = format(request.getHeader("Accept"));
    return request.response().setStatusCode(200).putHeader("Content-Type", type + "; charset=utf-8")
        .end(report.render(type));
  }

  /** Swift's {@code req.accept.best_match(['text/plain', 'application/json', 'application/xml', 'text/xml'])}. */
  static String format(String accept) {
    if (accept == null) return "text/plain";
    String best = "text/plain";
    double bestQ = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      String media = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      for (String offer : List.of("text/plain", "application/json", "application/xml", "text/xml")) {
        boolean match = media.equals(offer) || media.equals("*/*") || media.endsWith("/*")
            && offer.startsWith(media.substring(0, media.length() - 1));
        if (match && q > 0 && q > bestQ) {
          best = offer;
          bestQ = q;
        }
      }
    }
    return best;
  }

  String render(String type) {
    Map<String, Object> data = new TreeMap<>(counts);
    data.put("Response Status", status());
    data.put("Response Body", body);
    if (type.equals("application/json")) {
      JsonArray errs = new JsonArray();
      errors.forEach(e -> errs.add(new JsonArray().add(e[0]).add(e[1])));
      JsonObject json = new JsonObject();
      data.forEach(json::put);
      return json.put("Errors", errs).encode();
    }
    StringBuilder sb = new StringBuilder();
    if (type.endsWith("/xml")) {
      sb.append('<').append(root).append(">\n");
      data.forEach((k, v) -> {
        String tag = k.replace(' ', '_').toLowerCase(java.util.Locale.ROOT);
        sb.append('<').append(tag).append('>').append(escape(String.valueOf(v))).append("</").append(tag).append(">\n");
      });
      sb.append("<errors>\n");
      errors.forEach(e -> sb.append("<object><name>").append(escape(e[0])).append("</name><status>").append(escape(e[1]))
          .append("</status></object>\n"));
      return sb.append("</errors>\n</").append(root).append(">\n").toString();
    }
    data.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    sb.append("Errors:\n");
    List<String> lines = errors.stream().map(e -> e[0] + ", " + e[1]).toList();
    return sb.append(String.join("\n", lines)).toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
