package io.stratus.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.bench.report.HtmlReport.NamedRun;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The HTML report is well-formed, self-contained and shows the data of every run. */
class HtmlReportTest {

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void comparisonOfTwoRunsIsWellFormedAndContainsTheirData() throws Exception {
    RunResult fast = SampleResults.run("fast", 1);
    RunResult slow = SampleResults.run("slow", 3);
    String html = HtmlReport.render("Report <test>", List.of(new NamedRun("fast", fast),
        new NamedRun("slow \"quoted\"", slow)), "2026-01-01T00:00:00Z");

    Document doc = parse(html);

    assertEquals("html", doc.getDocumentElement().getTagName());
    NodeList svgs = doc.getElementsByTagName("svg");
    assertTrue(svgs.getLength() >= 5, "charts: " + svgs.getLength());
    NodeList lines = doc.getElementsByTagName("polyline");
    assertTrue(lines.getLength() >= 6, "one line per run and chart");
    String points = ((Element) lines.item(0)).getAttribute("points").trim();
    assertEquals(5, points.split(" ").length, "one point per timeline second");
    assertTrue(html.contains(">slow &quot;quoted&quot;<") || html.contains(">slow \"quoted\"<"));
    assertTrue(html.contains("Report &lt;test&gt;"));
    assertTrue(html.contains("404\u00d75"), "errors by status");
    assertTrue(html.contains(String.valueOf(slow.ops().get("put").latencyMs().p99()).replaceAll("\\.0$", "")));
    assertTrue(html.contains("CPU %"), "process chart");
    Element data = (Element) doc.getElementsByTagName("script").item(0);
    assertEquals("application/json", data.getAttribute("type"));
    assertTrue(data.getTextContent().contains("\"schema\" : \"stratus-bench/1\""));
    assertTrue(data.getTextContent().contains("\\u003c\\u0026\\u003e"), "target escaped inside script");
    assertFalse(html.contains("http://cdn") || html.contains("https://"), "no external resources");
  }

  @Test
  void singleRunRendersToo() throws Exception {
    String html = HtmlReport.render("one", List.of(new NamedRun("only", SampleResults.run("x", 2))), "now");
    assertTrue(parse(html).getElementsByTagName("table").getLength() >= 2);
  }
}
