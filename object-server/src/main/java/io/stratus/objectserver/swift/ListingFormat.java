package io.stratus.objectserver.swift;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The three listing dialects of Swift's account and container servers, rendered byte for byte as
 * Swift renders them: plain names, {@code json.dumps} JSON (ASCII-escaped) and ElementTree XML.
 */
public enum ListingFormat {
  PLAIN("text/plain"), JSON("application/json"), XML("application/xml");

  private final String mediaType;

  ListingFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String contentType() {
    return mediaType + "; charset=utf-8";
  }

  /** The format from {@code ?format=}, else from the Accept header, else plain text. */
  public static ListingFormat choose(String format, String accept) {
    if (format != null && !format.isEmpty()) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "json" -> JSON;
        case "xml" -> XML;
        default -> PLAIN;
      };
    }
    if (accept == null) return PLAIN;
    String a = accept.toLowerCase(Locale.ROOT);
    if (a.contains("application/json")) return JSON;
    if (a.contains("application/xml") || a.contains("text/xml")) return XML;
    return PLAIN;
  }

  /** A container's listing. */
  public String container(String containerName, List<Lister.Entry<ObjectRow>> entries) {
    StringBuilder out = new StringBuilder();
    switch (this) {
      case PLAIN -> plain(out, entries, ObjectRow::name);
      case JSON -> jsonArray(out, entries, r -> "{\"bytes\": " + r.bytes() + ", \"hash\": " + json(r.etag())
          + ", \"name\": " + json(r.name()) + ", \"content_type\": " + json(r.contentType())
          + ", \"last_modified\": " + json(r.timestamp().isoformat()) + "}");
      case XML -> {
        out.append(XML_DECLARATION).append("<container name=\"").append(xmlAttr(containerName)).append('"');
        if (entries.isEmpty()) return out.append(" />").toString();
        out.append('>');
        for (Lister.Entry<ObjectRow> e : entries) {
          if (e.row() == null) {
            out.append("<subdir name=\"").append(xmlAttr(e.subdir())).append("\"><name>").append(xmlText(e.subdir()))
                .append("</name></subdir>");
          } else {
            ObjectRow r = e.row();
            out.append("<object>").append(element("name", r.name())).append(element("hash", r.etag()))
                .append(element("bytes", Long.toString(r.bytes()))).append(element("content_type", r.contentType()))
                .append(element("last_modified", r.timestamp().isoformat())).append("</object>");
          }
        }
        out.append("</container>");
      }
      default -> throw new IllegalStateException();
    }
    return out.toString();
  }

  /** An account's listing. */
  public String account(String accountName, List<Lister.Entry<ContainerRow>> entries) {
    StringBuilder out = new StringBuilder();
    switch (this) {
      case PLAIN -> plain(out, entries, ContainerRow::name);
      case JSON -> jsonArray(out, entries, r -> "{\"name\": " + json(r.name()) + ", \"count\": " + r.objectCount()
          + ", \"bytes\": " + r.bytesUsed() + ", \"last_modified\": " + json(r.putTimestamp().isoformat()) + "}");
      case XML -> {
        out.append(XML_DECLARATION).append("<account name=\"").append(xmlAttr(accountName)).append("\">\n");
        for (Lister.Entry<ContainerRow> e : entries) {
          if (e.row() == null) {
            out.append("<subdir name=\"").append(xmlAttr(e.subdir())).append("\" />\n");
          } else {
            ContainerRow r = e.row();
            out.append("<container>").append(element("name", r.name())).append(element("count", Long.toString(r.objectCount())))
                .append(element("bytes", Long.toString(r.bytesUsed())))
                .append(element("last_modified", r.putTimestamp().isoformat())).append("</container>\n");
          }
        }
        out.append("</account>");
      }
      default -> throw new IllegalStateException();
    }
    return out.toString();
  }

  /** One name per line; a subdir entry by its prefix. */
  private static <R> void plain(StringBuilder out, List<Lister.Entry<R>> entries, Function<R, String> name) {
    entries.forEach(e -> out.append(e.row() == null ? e.subdir() : name.apply(e.row())).append('\n'));
  }

  /** A JSON array of rows ({@code rowJson}) and subdir entries, spaced as {@code json.dumps} does. */
  private static <R> void jsonArray(StringBuilder out, List<Lister.Entry<R>> entries, Function<R, String> rowJson) {
    out.append('[');
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) out.append(", ");
      Lister.Entry<R> e = entries.get(i);
      out.append(e.row() == null ? "{\"subdir\": " + json(e.subdir()) + "}" : rowJson.apply(e.row()));
    }
    out.append(']');
  }

  private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

  private static String element(String tag, String text) {
    return "<" + tag + ">" + xmlText(text) + "</" + tag + ">";
  }

  /** Python's {@code json.dumps} of a string with ensure_ascii. */
  static String json(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e && c != 0x7f) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }

  static String xmlText(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String xmlAttr(String s) {
    return xmlText(s).replace("\"", "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#09;");
  }
}
