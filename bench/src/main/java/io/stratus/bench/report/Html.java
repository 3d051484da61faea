package io.stratus.bench.report;

/** Escaping for the HTML report (which is also well-formed XML). */
final class Html {

  private Html() {
  }

  /** Text or attribute content with &amp; &lt; &gt; &quot; escaped. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** JSON made safe inside a script element: &lt; &gt; &amp; become unicode escapes. */
  static String scriptSafeJson(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }
}
