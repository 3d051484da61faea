package io.stratus.gateway.s3;

import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A bucket's subresources, kept on its container: location (the CreateBucket LocationConstraint, in sysmeta),
 * versioning (Enabled maps onto Swift's history-mode versioning into the {@code <bucket>+versions} container:
 * overwrites and deletes archive the current version, deletes leave a marker; Suspended stops archiving; the S3
 * status is kept in sysmeta), CORS (the configuration checked and kept in sysmeta, the bucket registered in the
 * {@link CorsIndex} for preflights; enforced by {@link CorsHandler}) and
 * ACL basics (owner FULL_CONTROL; canned private / public-read as X-Container-Read {@code .r:*,.rlistings}); and
 * object ACLs, which are always the owner's. Other subresources answer NotImplemented.
 */
final class BucketConfigs {
  static final String SYSMETA_VERSIONING = "X-Container-Sysmeta-S3-Versioning";
  static final String SYSMETA_CORS = "X-Container-Sysmeta-S3-Cors";
  private static final String PUBLIC_READ = ".r:*,.rlistings";
  private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
  private static final int MAX_CORS = 6 * 1024;
  private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD");
  private static final List<String> KNOWN = List.of("location", "versioning", "cors", "acl", "tagging", "policy",
      "lifecycle", "website", "logging", "notification", "replication", "encryption", "object-lock", "ownershipControls",
      "publicAccessBlock", "accelerate", "requestPayment", "intelligent-tiering", "analytics", "metrics", "inventory");

  /** Every canned ACL S3 defines. */
  private static final Set<String> CANNED_ACLS = Set.of("private", "public-read", "public-read-write",
      "authenticated-read", "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control", "log-delivery-write");

  private final SwiftStore store;
  private final CorsIndex corsIndex;

  BucketConfigs(SwiftStore store, CorsIndex corsIndex) {
    this.store = store;
    this.corsIndex = corsIndex;
  }

  /** The subresource a bucket request is about, or null for the bucket itself. */
  String subresource(S3Request r) {
    for (String s : KNOWN) {
      if (r.has(s)) return s;
    }
    return null;
  }

  static String versionsOf(String bucket) {
    return bucket + "+versions";
  }

  /**
   * X-Container-Read for a canned ACL: public-read is everyone's read and listing, private (or none) nothing. The
   * other canned ACLs S3 defines are NotImplemented; a name S3 does not define is InvalidArgument, as AWS answers.
   */
  static String cannedRead(String acl) {
    if (acl == null || acl.equals("private") || acl.equals("bucket-owner-full-control")) return "";
    if (acl.equals("public-read")) return PUBLIC_READ;
    requireCannedName(acl);
    throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "The canned ACL " + acl + " is not implemented.");
  }

  /** Passes when {@code acl} is absent or a canned ACL S3 defines; else InvalidArgument. */
  static void requireCannedName(String acl) {
    if (acl != null && !CANNED_ACLS.contains(acl)) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The canned ACL " + acl + " is not one S3 defines.")
          .with("ArgumentName", "x-amz-acl").with("ArgumentValue", acl);
    }
  }

  Future<Void> handle(S3Request r, String sub) {
    HttpMethod m = r.http().method();
    return switch (sub) {
      case "location" -> m == HttpMethod.GET ? location(r) : notAllowed();
      case "versioning" -> m == HttpMethod.GET ? getVersioning(r) : m == HttpMethod.PUT ? putVersioning(r) : notAllowed();
      case "cors" -> m == HttpMethod.GET ? getCors(r) : m == HttpMethod.PUT ? putCors(r)
          : m == HttpMethod.DELETE ? deleteCors(r) : notAllowed();
      case "acl" -> m == HttpMethod.GET ? getAcl(r) : m == HttpMethod.PUT ? putAcl(r) : notAllowed();
      case "tagging" -> m == HttpMethod.GET ? bucketHead(r).compose(h -> {
        throw new S3Exception(S3ErrorCode.NO_SUCH_TAG_SET, S3ErrorCode.NO_SUCH_TAG_SET.message(), "/" + r.bucket());
      }) : notImplemented(sub);
      default -> notImplemented(sub);
    };
  }

  private static Future<Void> notAllowed() {
    throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
  }

  private static Future<Void> notImplemented(String sub) {
    throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "The bucket subresource " + sub + " is not implemented.");
  }

  /** The bucket's stored headers; NoSuchBucket when it does not exist. */
  private Future<MultiMap> bucketHead(S3Request r) {
    return store.headContainer(r.swift(), r.bucket()).map(head -> {
      if (head.status() / 100 != 2) throw S3Errors.forStatus(head.status(), false, r.bucket(), null);
      return head.headers();
    });
  }

  private Future<Integer> post(S3Request r, MultiMap client, MultiMap sysmeta) {
    return store.writeContainer(r.swift(), HttpMethod.POST, r.bucket(), client, sysmeta).map(status -> {
      if (status / 100 != 2) throw S3Errors.forStatus(status, false, r.bucket(), null);
      return status;
    });
  }

  private Future<Void> location(S3Request r) {
    return bucketHead(r).compose(h -> {
      String region = BucketHandler.region(h);
      XmlWriter xml = XmlWriter.document("LocationConstraint");
      if (!region.equals(BucketHandler.REGION)) xml.raw(escape(region));
      return S3Responses.xml(r.http(), xml);
    });
  }

  private Future<Void> getVersioning(S3Request r) {
    return bucketHead(r).compose(h -> {
      String status = h.get(SYSMETA_VERSIONING);
      XmlWriter xml = XmlWriter.document("VersioningConfiguration");
      if (status != null && !status.isEmpty()) xml.element("Status", status);
      return S3Responses.xml(r.http(), xml);
    });
  }

  private Future<Void> putVersioning(S3Request r) {
    return r.readBody(64 * 1024, S3ErrorCode.MALFORMED_XML).compose(body -> {
      XmlNode root = XmlNode.parse(body);
      if (!root.name().equals("VersioningConfiguration")) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      String status = root.childText("Status");
      if (!"Enabled".equals(status) && !"Suspended".equals(status)) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      if ("Enabled".equals(root.childText("MfaDelete"))) {
        throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "MFA delete is not implemented.");
      }
      MultiMap client = MultiMap.caseInsensitiveMultiMap().add("X-Versions-Location", "");
      MultiMap sysmeta = MultiMap.caseInsensitiveMultiMap().add(SYSMETA_VERSIONING, status);
      MultiMap none = MultiMap.caseInsensitiveMultiMap();
      if (status.equals("Suspended")) {
        client.add("X-History-Location", "");
        return bucketHead(r).compose(h -> post(r, client, sysmeta));
      }
      client.add("X-History-Location", versionsOf(r.bucket()));
      return bucketHead(r)
          .compose(h -> store.writeContainer(r.swift(), HttpMethod.PUT, versionsOf(r.bucket()), none, none))
          .compose(created -> {
            if (created / 100 != 2) throw S3Errors.forStatus(created, false, r.bucket(), null);
            return post(r, client, sysmeta);
          });
    }).compose(v -> S3Responses.empty(r.http(), 200));
  }

  private Future<Void> getCors(S3Request r) {
    return bucketHead(r).compose(h -> {
      String stored = h.get(SYSMETA_CORS);
      if (stored == null || stored.isEmpty()) {
        throw new S3Exception(S3ErrorCode.NO_SUCH_CORS_CONFIGURATION, S3ErrorCode.NO_SUCH_CORS_CONFIGURATION.message(),
            "/" + r.bucket()).with("BucketName", r.bucket());
      }
      return S3Responses.xml(r.http(), XmlWriter.document("CORSConfiguration")
          .raw(new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8)));
    });
  }

  private Future<Void> putCors(S3Request r) {
    return r.readBody(64 * 1024, S3ErrorCode.MALFORMED_XML).compose(body -> {
      String rules = corsRules(XmlNode.parse(body));
      String encoded = Base64.getEncoder().encodeToString(rules.getBytes(StandardCharsets.UTF_8));
      if (encoded.length() > MAX_CORS) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The CORS configuration is larger than this service keeps.");
      }
      return bucketHead(r).compose(h -> corsIndex.claim(r)).compose(v -> post(r, MultiMap.caseInsensitiveMultiMap(),
          MultiMap.caseInsensitiveMultiMap().add(SYSMETA_CORS, encoded)));
    }).compose(v -> S3Responses.empty(r.http(), 200));
  }

  /** The CORS rules of a CORSConfiguration, checked (1-100 rules, methods, origins) and written out again. */
  static String corsRules(XmlNode root) {
    if (!root.name().equals("CORSConfiguration")) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
    List<XmlNode> rules = root.children("CORSRule");
    if (rules.isEmpty() || rules.size() > 100) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
    StringBuilder out = new StringBuilder();
    for (XmlNode rule : rules) {
      List<XmlNode> methods = rule.children("AllowedMethod");
      if (methods.isEmpty() || rule.children("AllowedOrigin").isEmpty()) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      for (XmlNode m : methods) {
        if (!METHODS.contains(m.text().trim())) {
          throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Found unsupported HTTP method in CORS config. Unsupported method is "
              + m.text().trim());
        }
      }
      out.append("<CORSRule>");
      for (String name : List.of("ID", "AllowedOrigin", "AllowedMethod", "AllowedHeader", "ExposeHeader", "MaxAgeSeconds")) {
        for (XmlNode c : rule.children(name)) {
          out.append('<').append(name).append('>').append(escape(c.text().trim())).append("</").append(name).append('>');
        }
      }
      out.append("</CORSRule>");
    }
    return out.toString();
  }

  private Future<Void> deleteCors(S3Request r) {
    return bucketHead(r).compose(h -> post(r, MultiMap.caseInsensitiveMultiMap(),
        MultiMap.caseInsensitiveMultiMap().add(SYSMETA_CORS, ""))).compose(v -> corsIndex.release(r))
        .compose(v -> S3Responses.empty(r.http(), 204));
  }

  private Future<Void> getAcl(S3Request r) {
    return bucketHead(r).compose(h -> {
      String read = h.get("X-Container-Read");
      return S3Responses.xml(r.http(), acl(r, read != null && read.contains(".r:*")));
    });
  }

  /** An AccessControlPolicy: the owner's FULL_CONTROL, and everyone's READ when public. */
  static XmlWriter acl(S3Request r, boolean publicRead) {
    XmlWriter xml = XmlWriter.document("AccessControlPolicy");
    BucketHandler.owner(xml, r);
    xml.start("AccessControlList");
    xml.raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">")
        .element("ID", r.project()).element("DisplayName", r.ownerName())
        .raw("</Grantee><Permission>FULL_CONTROL</Permission></Grant>");
    if (publicRead) {
      xml.raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\"><URI>" + ALL_USERS
          + "</URI></Grantee><Permission>READ</Permission></Grant>");
    }
    return xml.end();
  }

  private Future<Void> putAcl(S3Request r) {
    String canned = r.header("x-amz-acl");
    return r.readBody(64 * 1024, S3ErrorCode.MALFORMED_XML).compose(body -> {
      String read = canned != null ? cannedRead(canned) : policyRead(body);
      return bucketHead(r).compose(h -> post(r, MultiMap.caseInsensitiveMultiMap().add("X-Container-Read", read),
          MultiMap.caseInsensitiveMultiMap()));
    }).compose(v -> S3Responses.empty(r.http(), 200));
  }

  /** X-Container-Read for an AccessControlPolicy body: only the owner's FULL_CONTROL and everyone's READ are kept. */
  private static String policyRead(Buffer body) {
    String text = XmlNode.text(body);
    if (text.isEmpty()) throw new S3Exception(S3ErrorCode.MISSING_SECURITY_HEADER, "Your request was missing a required header");
    XmlNode root = XmlNode.parse(text);
    XmlNode list = root.child("AccessControlList");
    if (!root.name().equals("AccessControlPolicy") || list == null) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
    boolean everyone = false;
    for (XmlNode grant : list.children("Grant")) {
      XmlNode grantee = grant.child("Grantee");
      String permission = grant.childText("Permission");
      if (grantee == null || permission == null) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      if (ALL_USERS.equals(grantee.childText("URI")) && permission.equals("READ")) {
        everyone = true;
      } else if (grantee.childText("URI") != null || !permission.equals("FULL_CONTROL")) {
        throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Only the owner's FULL_CONTROL and everyone's READ are implemented.");
      }
    }
    return everyone ? PUBLIC_READ : "";
  }

  /** GetObjectAcl (the owner's FULL_CONTROL) and PutObjectAcl (only private). */
  Future<Void> objectAcl(S3Request r) {
    HttpMethod m = r.http().method();
    if (m == HttpMethod.PUT) {
      String canned = r.header("x-amz-acl");
      if (canned != null && !cannedRead(canned).isEmpty()) {
        throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Object ACLs other than private are not implemented.");
      }
    } else if (m != HttpMethod.GET) {
      return notAllowed();
    }
    return store.openObject(r.swift(), r.bucket(), r.key(), MultiMap.caseInsensitiveMultiMap(), HttpMethod.HEAD, false)
        .compose(head -> {
          head.body().discard();
          if (!head.success()) throw S3Errors.forStatus(head.status(), false, r.bucket(), r.key());
          if (m == HttpMethod.PUT) return S3Responses.empty(r.http(), 200);
          return S3Responses.xml(r.http(), acl(r, false));
        });
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    XmlWriter.escape(sb, s);
    return sb.toString();
  }
}
