package io.stratus.gateway.s3;

import io.stratus.common.http.Utf8;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed element of the small XML documents S3 requests carry (CreateBucketConfiguration, Delete,
 * CompleteMultipartUpload, Tagging ...): its local name, its text and its child elements. The parser
 * knows elements, attributes (ignored), text, CDATA, comments, processing instructions and the
 * predefined and numeric entities; a DOCTYPE (and so any entity expansion) is refused. Anything
 * malformed is S3's MalformedXML, and so is nesting deeper than {@link #MAX_DEPTH}: the parser recurses once per
 * level on the event loop, and S3's documents need a handful of levels, so a deeper one is refused before it can
 * exhaust the stack.
 */
final class XmlNode {
  /** The deepest element nesting accepted (the root is depth 1); S3's request documents need at most about 5. */
  static final int MAX_DEPTH = 32;

  private final String name;
  private final StringBuilder text = new StringBuilder();
  private final List<XmlNode> children = new ArrayList<>();

  private XmlNode(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The element's own text (not its children's). */
  String text() {
    return text.toString();
  }

  List<XmlNode> children() {
    return children;
  }

  /** The first child of this local name, or null. */
  XmlNode child(String local) {
    for (XmlNode c : children) {
      if (c.name.equals(local)) return c;
    }
    return null;
  }

  List<XmlNode> children(String local) {
    return children.stream().filter(c -> c.name.equals(local)).toList();
  }

  /** The trimmed text of the first child of this name, or null. */
  String childText(String local) {
    XmlNode c = child(local);
    return c == null ? null : c.text().trim();
  }

  /** Parses a document; its root element. */
  static XmlNode parse(String xml) {
    return new Parser(xml).document();
  }

  /** Parses a request body, which must be UTF-8 (a byte that is not is MalformedXML, not a U+FFFD in a key). */
  static XmlNode parse(Buffer body) {
    return parse(text(body));
  }

  /** A request body's text, trimmed, for a caller that must see whether it is empty before parsing it; as {@link #parse(Buffer)}. */
  static String text(Buffer body) {
    String text = Utf8.decode(body.getBytes());
    if (text == null) throw malformed();
    return text.trim();
  }

  private static S3Exception malformed() {
    return new S3Exception(S3ErrorCode.MALFORMED_XML);
  }

  /** A recursive-descent parser over the document text. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    XmlNode document() {
      skipMisc();
      if (!s.startsWith("<", i)) throw malformed();
      XmlNode root = element(1);
      skipMisc();
      if (i != s.length()) throw malformed();
      return root;
    }

    private void skipMisc() {
      while (true) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        if (s.startsWith("<?", i)) {
          i = after("?>");
        } else if (s.startsWith("<!--", i)) {
          i = after("-->");
        } else if (s.startsWith("<!", i)) {
          throw malformed();
        } else {
          return;
        }
      }
    }

    private int after(String end) {
      int at = s.indexOf(end, i);
      if (at < 0) throw malformed();
      return at + end.length();
    }

    /** The element starting at {@code <}, nested {@code depth} levels deep; MalformedXML beyond {@link #MAX_DEPTH}. */
    private XmlNode element(int depth) {
      if (depth > MAX_DEPTH) throw malformed();
      i++;
      String qname = name();
      XmlNode node = new XmlNode(local(qname));
      boolean selfClosing = attributes();
      if (selfClosing) return node;
      while (true) {
        if (i >= s.length()) throw malformed();
        if (s.startsWith("</", i)) {
          i += 2;
          if (!name().equals(qname)) throw malformed();
          while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
          if (i >= s.length() || s.charAt(i) != '>') throw malformed();
          i++;
          return node;
        }
        if (s.startsWith("<!--", i)) {
          i = after("-->");
        } else if (s.startsWith("<![CDATA[", i)) {
          int end = s.indexOf("]]>", i);
          if (end < 0) throw malformed();
          node.text.append(s, i + 9, end);
          i = end + 3;
        } else if (s.startsWith("<?", i)) {
          i = after("?>");
        } else if (s.startsWith("<!", i)) {
          throw malformed();
        } else if (s.charAt(i) == '<') {
          node.children.add(element(depth + 1));
        } else {
          int end = s.indexOf('<', i);
          if (end < 0) throw malformed();
          decode(node.text, s.substring(i, end));
          i = end;
        }
      }
    }

    /** Skips the attributes; true when the tag closes itself. */
    private boolean attributes() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '>') {
          i++;
          return false;
        }
        if (c == '/' && s.startsWith("/>", i)) {
          i += 2;
          return true;
        }
        if (c == '"' || c == '\'') {
          int end = s.indexOf(c, i + 1);
          if (end < 0) throw malformed();
          i = end + 1;
        } else if (c == '<') {
          throw malformed();
        } else {
          i++;
        }
      }
      throw malformed();
    }

    private String name() {
      int start = i;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c) || c == '>' || c == '/' || c == '<' || c == '=') break;
        i++;
      }
      if (i == start) throw malformed();
      return s.substring(start, i);
    }

    private static String local(String qname) {
      int colon = qname.indexOf(':');
      return colon < 0 ? qname : qname.substring(colon + 1);
    }

    private static void decode(StringBuilder out, String raw) {
      int k = 0;
      while (k < raw.length()) {
        char c = raw.charAt(k);
        if (c != '&') {
          out.append(c);
          k++;
          continue;
        }
        int semi = raw.indexOf(';', k);
        if (semi < 0) throw malformed();
        String entity = raw.substring(k + 1, semi);
        switch (entity) {
          case "lt" -> out.append('<');
          case "gt" -> out.append('>');
          case "amp" -> out.append('&');
          case "quot" -> out.append('"');
          case "apos" -> out.append('\'');
          default -> out.appendCodePoint(numeric(entity));
        }
        k = semi + 1;
      }
    }

    private static int numeric(String entity) {
      int cp = -1;
      try {
        if (entity.startsWith("#x") || entity.startsWith("#X")) {
          cp = Integer.parseInt(entity.substring(2), 16);
        } else if (entity.startsWith("#")) {
          cp = Integer.parseInt(entity.substring(1));
        }
      } catch (NumberFormatException e) {
        throw malformed();
      }
      if (cp < 0 || !Character.isValidCodePoint(cp)) throw malformed();
      return cp;
    }
  }
}
