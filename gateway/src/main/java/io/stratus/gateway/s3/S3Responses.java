package io.stratus.gateway.s3;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Writing S3 answers (an XML document, or a status with no body) and S3's date formats. */
final class S3Responses {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private S3Responses() {
  }

  static Future<Void> xml(HttpServerRequest http, int status, XmlWriter doc) {
    HttpServerResponse out = http.response().setStatusCode(status).putHeader("Content-Type", "application/xml");
    return out.end(doc.toString());
  }

  static Future<Void> xml(HttpServerRequest http, XmlWriter doc) {
    return xml(http, 200, doc);
  }

  static Future<Void> empty(HttpServerRequest http, int status) {
    return http.response().setStatusCode(status).putHeader("Content-Length", "0").end();
  }

  /** An instant as S3's XML writes it: {@code 2009-10-12T17:50:30.000Z}. */
  static String iso(Instant t) {
    return ISO.format(t);
  }

  /** A Swift listing's {@code last_modified} ({@code 2024-01-02T03:04:05.678901}) in S3's form; now when unparsable. */
  static String isoFromListing(String lastModified) {
    if (lastModified == null) return iso(Instant.EPOCH);
    try {
      return iso(LocalDateTime.parse(lastModified).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return iso(Instant.EPOCH);
    }
  }

  /** An HTTP date (Last-Modified) in S3's XML form. */
  static String isoFromHttp(String httpDate) {
    Instant t = httpDate(httpDate);
    return iso(t == null ? Instant.EPOCH : t);
  }

  /** An RFC 1123 date, or null. */
  static Instant httpDate(String value) {
    if (value == null) return null;
    try {
      return java.time.ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
