package io.stratus.gateway.s3;

import java.util.ArrayDeque;
import java.util.Deque;

/** Writes an S3 XML document: the declaration, nested elements and escaped text. */
final class XmlWriter {
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  private final Deque<String> open = new ArrayDeque<>();

  /** A document whose root element carries S3's namespace. */
  static XmlWriter document(String root) {
    XmlWriter w = new XmlWriter();
    w.out.append('<').append(root).append(" xmlns=\"").append(NS).append("\">");
    w.open.push(root);
    return w;
  }

  /** A document whose root element has no namespace (as S3's Error). */
  static XmlWriter plain(String root) {
    return new XmlWriter().start(root);
  }

  XmlWriter start(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  XmlWriter end() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** {@code <name>text</name>}; nothing when text is null. */
  XmlWriter element(String name, Object text) {
    if (text == null) return this;
    out.append('<').append(name).append('>');
    escape(out, text.toString());
    out.append("</").append(name).append('>');
    return this;
  }

  /** A raw fragment (already well-formed XML). */
  XmlWriter raw(String xml) {
    out.append(xml);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder whole = new StringBuilder(out);
    for (String name : open) whole.append("</").append(name).append('>');
    return whole.toString();
  }

  static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        case '\r' -> sb.append("&#13;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            sb.append("&#").append((int) c).append(';');
          } else {
            sb.append(c);
          }
        }
      }
    }
  }
}
