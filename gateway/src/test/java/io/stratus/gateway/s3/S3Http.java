package io.stratus.gateway.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Plain HTTP calls to the S3 test front as one caller, and reading their XML answers. */
final class S3Http {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final S3TestFront front;
  private final String authorization;

  S3Http(S3TestFront front, String authorization) {
    this.front = front;
    this.authorization = authorization;
  }

  /** A request with alternating header names and values; the answer's body as bytes. */
  HttpResponse<byte[]> call(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(front.url(path))).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", authorization);
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> call(String method, String path, String body, String... headers) {
    return call(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  static Document xml(HttpResponse<byte[]> r) {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(r.body()));
    } catch (Exception e) {
      throw new IllegalStateException("not XML: " + text(r), e);
    }
  }

  /** The texts of the nodes an XPath selects. */
  static List<String> all(HttpResponse<byte[]> r, String xpath) {
    try {
      NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, xml(r), XPathConstants.NODESET);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getTextContent());
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text of the first node an XPath selects, or null. */
  static String one(HttpResponse<byte[]> r, String xpath) {
    List<String> all = all(r, xpath);
    return all.isEmpty() ? null : all.get(0);
  }

  static String md5Hex(byte[] data) {
    return HexFormat.of().formatHex(md5(data));
  }

  static String md5Base64(byte[] data) {
    return Base64.getEncoder().encodeToString(md5(data));
  }

  static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
