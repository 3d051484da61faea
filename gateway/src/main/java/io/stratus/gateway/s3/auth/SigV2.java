package io.stratus.gateway.s3.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AWS Signature Version 2's string to sign for S3 (path-style requests):
 * method, Content-MD5, Content-Type, Date (or a presigned URL's Expires; empty when x-amz-date is sent), the
 * x-amz-* headers, and the resource with its sub-resources.
 */
final class SigV2 {
  /** The query parameters that are part of the signed resource (as boto and s3cmd sign them). */
  static final Set<String> SUB_RESOURCES = Set.of("acl", "cors", "delete", "lifecycle", "location", "logging",
      "notification", "partNumber", "policy", "requestPayment", "restore", "tagging", "torrent", "uploadId", "uploads",
      "versionId", "versioning", "versions", "website", "object-lock", "retention", "legal-hold", "accelerate",
      "replication", "encryption", "response-content-type", "response-content-language", "response-expires",
      "response-cache-control", "response-content-disposition", "response-content-encoding");

  private SigV2() {
  }

  /** The signed resource's path: a bucket alone is signed as {@code /bucket/} (botocore and s3cmd send {@code /bucket}). */
  static String resource(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) return "/";
    if (rawPath.length() > 1 && rawPath.indexOf('/', 1) < 0) return rawPath + "/";
    return rawPath;
  }

  /**
   * @param headers the request's headers by lowercase name, several values joined with ','
   * @param rawPath the path as sent
   * @param query the decoded query parameters (first value of each)
   * @param dateLine the Date header, or a presigned URL's Expires
   */
  static String stringToSign(String method, Map<String, String> headers, String rawPath, Map<String, String> query,
      String dateLine) {
    StringBuilder out = new StringBuilder(256);
    out.append(method).append('\n');
    out.append(headers.getOrDefault("content-md5", "")).append('\n');
    out.append(headers.getOrDefault("content-type", "")).append('\n');
    out.append(headers.containsKey("x-amz-date") ? "" : dateLine).append('\n');
    Map<String, String> amz = new TreeMap<>();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-amz-")) amz.put(name, h.getValue().trim());
    }
    for (Map.Entry<String, String> h : amz.entrySet()) out.append(h.getKey()).append(':').append(h.getValue()).append('\n');
    out.append(resource(rawPath));
    List<String> subs = new ArrayList<>();
    for (Map.Entry<String, String> q : query.entrySet()) {
      if (!SUB_RESOURCES.contains(q.getKey())) continue;
      subs.add(q.getValue() == null || q.getValue().isEmpty() ? q.getKey() : q.getKey() + "=" + q.getValue());
    }
    subs.sort(null);
    if (!subs.isEmpty()) out.append('?').append(String.join("&", subs));
    return out.toString();
  }
}
