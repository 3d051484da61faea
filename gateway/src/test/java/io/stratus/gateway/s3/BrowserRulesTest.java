package io.stratus.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CORS rule matching and POST policy conditions, as pure functions (examples after AWS's documentation). */
class BrowserRulesTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void corsRulesMatchOriginMethodAndHeaders() {
    CorsRules rules = CorsRules.fromStored(b64("<CORSRule><AllowedOrigin>http://*.example.com</AllowedOrigin>"
        + "<AllowedMethod>PUT</AllowedMethod><AllowedHeader>x-amz-*</AllowedHeader><MaxAgeSeconds>30</MaxAgeSeconds>"
        + "</CORSRule><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>"));
    CorsRules.Rule put = rules.match("http://www.example.com", "PUT", List.of("x-amz-date", "x-amz-meta-a"));
    assertEquals("30", put.maxAge());
    assertEquals("http://www.example.com", put.allowOrigin("http://www.example.com"));
    assertNull(rules.match("http://www.example.com", "PUT", List.of("content-type")));
    assertNull(rules.match("https://www.example.com", "PUT", List.of()));
    assertNull(rules.match("http://www.example.com", "DELETE", List.of()));
    assertEquals("*", rules.match("null", "GET", List.of()).allowOrigin("null"));
    assertEquals(List.of("x-amz-date", "content-type"), CorsRules.requestedHeaders(" X-Amz-Date ,Content-Type"));
    assertTrue(CorsRules.wildcard("*", "anything", false));
    assertFalse(CorsRules.wildcard("a*a", "a", false));
    assertTrue(CorsRules.fromStored("").isEmpty());
  }

  @Test
  void postPolicyConditions() {
    String policy = b64("{\"expiration\": \"2030-01-01T00:00:00Z\", \"conditions\": [{\"bucket\": \"b\"},"
        + " [\"starts-with\", \"$key\", \"user/\"], {\"acl\": \"private\"}, [\"eq\", \"$x-amz-meta-tag\", \"t\"],"
        + " [\"starts-with\", \"$Content-Type\", \"image/\"], [\"content-length-range\", 1, \"1048576\"],"
        + " {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"}]}");
    PostConditions conditions = PostConditions.parse(policy);
    assertEquals(new PostConditions.Range(1, 1048576), conditions.range());
    Map<String, String> form = new LinkedHashMap<>(Map.of("key", "user/${filename}", "ACL", "private", "x-amz-meta-tag", "t",
        "Content-Type", "image/png, image/gif", "policy", policy, "X-Amz-Algorithm", "AWS4-HMAC-SHA256",
        "x-amz-signature", "s", "x-ignore-me", "1"));
    conditions.check(form, "b");
    S3Exception bucket = assertThrows(S3Exception.class, () -> conditions.check(form, "other"));
    assertEquals("Invalid according to Policy: Policy Condition failed: [\"eq\", \"$bucket\", \"b\"]", bucket.getMessage());
    form.put("Content-Type", "image/png, text/html");
    assertThrows(S3Exception.class, () -> conditions.check(form, "b"));
    form.put("Content-Type", "image/png");
    form.put("x-amz-meta-more", "1");
    S3Exception extra = assertThrows(S3Exception.class, () -> conditions.check(form, "b"));
    assertEquals(S3ErrorCode.ACCESS_DENIED, extra.code());
    assertEquals("Invalid according to Policy: Extra input fields: x-amz-meta-more", extra.getMessage());
    form.remove("x-amz-meta-more");
    form.remove("ACL");
    assertThrows(S3Exception.class, () -> conditions.check(form, "b"), "a condition on a missing field fails");
    assertEquals(S3ErrorCode.INVALID_POLICY_DOCUMENT, assertThrows(S3Exception.class,
        () -> PostConditions.parse(b64("{\"conditions\": [[\"between\", \"$key\", \"a\"]]}"))).code());
  }
}
