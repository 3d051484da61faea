package io.stratus.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The S3 request-body XML reader and writer, S3's conditionals and the multipart ETag. */
class XmlNodeTest {
  @Test
  void readsElementsTextEntitiesAndCdata() {
    XmlNode root = XmlNode.parse("<?xml version=\"1.0\"?><!-- c --><s3:Delete xmlns:s3=\"x\"><Quiet>true</Quiet>"
        + "<Object><Key>a &amp; b &#x263A;</Key></Object><Object><Key><![CDATA[<raw>]]></Key></Object><Empty/></s3:Delete>");
    assertEquals("Delete", root.name());
    assertEquals("true", root.childText("Quiet"));
    assertEquals(List.of("a & b \u263A", "<raw>"), root.children("Object").stream().map(o -> o.childText("Key")).toList());
    assertEquals("", root.childText("Empty"));
  }

  @Test
  void refusesWhatIsNotPlainWellFormedXml() {
    for (String bad : new String[] {"", "text", "<a>", "<a></b>", "<a>&bogus;</a>", "<a>&#xFFFFFFF;</a>",
        "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", "<a/><b/>"}) {
      S3Exception e = assertThrows(S3Exception.class, () -> XmlNode.parse(bad), bad);
      assertEquals(S3ErrorCode.MALFORMED_XML, e.code());
    }
  }

  @Test
  void refusesNestingDeeperThanTheLimitWithoutRecursingIntoIt() {
    assertEquals("a", XmlNode.parse(nested(XmlNode.MAX_DEPTH)).name());
    for (int depth : new int[] {XmlNode.MAX_DEPTH + 1, 3000, 100_000}) {
      S3Exception e = assertThrows(S3Exception.class, () -> XmlNode.parse(nested(depth)), "depth " + depth);
      assertEquals(S3ErrorCode.MALFORMED_XML, e.code());
    }
  }

  /** {@code depth} elements, each inside the one before. */
  static String nested(int depth) {
    return "<a>".repeat(depth) + "</a>".repeat(depth);
  }

  @Test
  void writesEscapedDocuments() {
    String xml = XmlWriter.document("R").element("K", "<&\"'>").start("L").element("N", 1).end().toString();
    assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R xmlns=\"" + XmlWriter.NS + "\"><K>&lt;&amp;&quot;&apos;&gt;</K>"
        + "<L><N>1</N></L></R>", xml);
  }

  @Test
  void conditionalsFollowS3Precedence() {
    String old = "Mon, 01 Jan 2001 00:00:00 GMT";
    String modified = "Tue, 02 Jan 2024 00:00:00 GMT";
    assertEquals(0, S3Conditionals.evaluate(h("If-Match", "\"e\"", "If-Unmodified-Since", old), "", "e", modified));
    assertEquals(412, S3Conditionals.evaluate(h("If-Match", "\"x\""), "", "e", modified));
    assertEquals(412, S3Conditionals.evaluate(h("If-Unmodified-Since", old), "", "e", modified));
    assertEquals(304, S3Conditionals.evaluate(h("If-None-Match", "e"), "", "e", modified));
    assertEquals(0, S3Conditionals.evaluate(h("If-None-Match", "\"x\"", "If-Modified-Since", modified), "", "e", modified));
    assertEquals(304, S3Conditionals.evaluate(h("If-Modified-Since", modified), "", "e", modified));
    assertEquals(412, S3Conditionals.evaluate(h("x-amz-copy-source-If-Match", "x"), "x-amz-copy-source-", "e", modified));
  }

  @Test
  void multipartEtagIsTheMd5OfTheBinaryMd5s() {
    // Two parts whose MD5s are those of "" and "a": the ETag is MD5(0xd41d8c... || 0x0cc175...) + "-2".
    String etag = Digests.multipartEtag(List.of("d41d8cd98f00b204e9800998ecf8427e", "0cc175b9c0f1b6a831c399e269772661"));
    byte[] joined = java.util.HexFormat.of().parseHex("d41d8cd98f00b204e9800998ecf8427e0cc175b9c0f1b6a831c399e269772661");
    assertEquals(Digests.hex(Digests.md5(joined)) + "-2", etag);
  }

  private static MultiMap h(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) m.add(kv[i], kv[i + 1]);
    return m;
  }
}
