package io.stratus.gateway.s3;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * DeleteObjects ({@code POST ?delete}): the Delete document (at most 1000 keys; Content-MD5 or an x-amz-checksum
 * required, as AWS does) is read, the bucket checked, and each key deleted as DeleteObject does, a few at a time;
 * the DeleteResult lists every key as Deleted (none in Quiet mode) or as an Error with its code.
 */
final class DeleteObjects {
  private static final int MAX_KEYS = 1000;
  private static final int CONCURRENCY = 8;
  private static final int MAX_BODY = 2 * 1024 * 1024;

  private final ObjectHandler objects;

  DeleteObjects(ObjectHandler objects) {
    this.objects = objects;
  }

  /** One Object of the request: its key and the VersionId it named (null when none). */
  private record Target(String key, String versionId) {
  }

  /** One key's outcome: deleted, or the error. */
  private record Outcome(Target target, S3Exception error) {
  }

  Future<Void> handle(S3Request r) {
    if (r.header("Content-MD5") == null && !hasChecksum(r)) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Missing required header for this request: Content-MD5");
    }
    return r.readBody(MAX_BODY, S3ErrorCode.MALFORMED_XML).compose(body -> {
      XmlNode root = XmlNode.parse(body);
      if (!root.name().equals("Delete")) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      boolean quiet = "true".equalsIgnoreCase(root.childText("Quiet"));
      List<XmlNode> objectNodes = root.children("Object");
      if (objectNodes.isEmpty() || objectNodes.size() > MAX_KEYS) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      List<Target> keys = new ArrayList<>();
      for (XmlNode o : objectNodes) {
        XmlNode key = o.child("Key");
        if (key == null) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        XmlNode version = o.child("VersionId");
        keys.add(new Target(key.text(), version == null ? null : version.text().trim()));
      }
      return objects.store().headContainer(r.swift(), r.bucket()).compose(head -> {
        if (head.status() / 100 != 2) throw S3Errors.forStatus(head.status(), false, r.bucket(), null);
        return deleteAll(r, keys);
      }).compose(outcomes -> S3Responses.xml(r.http(), result(outcomes, quiet)));
    });
  }

  private static boolean hasChecksum(S3Request r) {
    return r.http().headers().names().stream().anyMatch(n -> n.toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-checksum-")
        && !n.equalsIgnoreCase("x-amz-checksum-algorithm")) || r.header("x-amz-sdk-checksum-algorithm") != null;
  }

  private Future<List<Outcome>> deleteAll(S3Request r, List<Target> keys) {
    Outcome[] outcomes = new Outcome[keys.size()];
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < keys.size(); from += CONCURRENCY) {
      int start = from;
      int end = Math.min(keys.size(), from + CONCURRENCY);
      chain = chain.compose(v -> {
        List<Future<Void>> batch = new ArrayList<>();
        for (int i = start; i < end; i++) {
          int index = i;
          Target target = keys.get(i);
          batch.add(delete(r, target).map(error -> {
            outcomes[index] = new Outcome(target, error);
            return null;
          }));
        }
        return Future.join(batch).mapEmpty();
      });
    }
    return chain.map(v -> List.of(outcomes));
  }

  /**
   * Deletes one key; null when gone, else the error to report for it. A VersionId other than "null" names a version
   * these objects never have: nothing is deleted and it is reported deleted, as a DELETE of it answers 204; a malformed
   * one is that key's InvalidArgument.
   */
  private Future<S3Exception> delete(S3Request r, Target target) {
    String key = target.key();
    if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > 1024) {
      return Future.succeededFuture(new S3Exception(key.isEmpty() ? S3ErrorCode.INVALID_ARGUMENT : S3ErrorCode.KEY_TOO_LONG));
    }
    try {
      if (!VersionIds.current(target.versionId(), "VersionId")) return Future.succeededFuture(null);
    } catch (S3Exception e) {
      return Future.succeededFuture(e);
    }
    return objects.deleteKey(r, key).map((S3Exception) null).otherwise(e -> {
      S3Exception mapped = S3Errors.map(e, r.bucket(), key);
      return mapped != null ? mapped : new S3Exception(S3ErrorCode.INTERNAL_ERROR);
    });
  }

  private static XmlWriter result(List<Outcome> outcomes, boolean quiet) {
    XmlWriter xml = XmlWriter.document("DeleteResult");
    for (Outcome o : outcomes) {
      Target t = o.target();
      if (o.error() == null) {
        if (quiet) continue;
        xml.start("Deleted").element("Key", t.key());
        if (t.versionId() != null) xml.element("VersionId", t.versionId());
        xml.end();
      } else {
        xml.start("Error").element("Key", t.key());
        if (t.versionId() != null && o.error().code() != S3ErrorCode.INVALID_ARGUMENT) xml.element("VersionId", t.versionId());
        xml.element("Code", o.error().code().code()).element("Message", o.error().getMessage()).end();
      }
    }
    return xml;
  }
}
