package io.stratus.gateway.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Bulk reports in the shapes Swift's bulk middleware writes ({@code get_response_body}) and its Accept choice. */
class BulkReportTest {
  @Test
  void plainTextIsSortedKeysThenErrors() {
    BulkReport r = BulkReport.delete().add("/c/a", 204).add("/c/b", 404).add("/c", 409).add("/c/x", 401);
    assertEquals("Number Deleted: 1\nNumber Not Found: 1\nResponse Body: \nResponse Status: 400 Bad Request\n"
        + "Errors:\n/c, 409 Conflict\n/c/x, 401 Unauthorized", r.render("text/plain"));
    assertEquals("Number Deleted: 0\nNumber Not Found: 0\nResponse Body: \nResponse Status: 200 OK\nErrors:\n",
        BulkReport.delete().render("text/plain"));
  }

  @Test
  void jsonAndXml() {
    BulkReport r = BulkReport.delete().add("/c/a", 204).add("/c/b", 503);
    JsonObject json = new JsonObject(r.render("application/json"));
    assertEquals("502 Bad Gateway", json.getString("Response Status"));
    assertEquals(1, json.getInteger("Number Deleted"));
    assertEquals("[[\"/c/b\",\"503 Service Unavailable\"]]", json.getJsonArray("Errors").encode());
    BulkReport e = BulkReport.extract();
    e.created();
    assertEquals("<extract>\n<number_files_created>1</number_files_created>\n<response_body></response_body>\n"
        + "<response_status>201 Created</response_status>\n<errors>\n</errors>\n</extract>\n", e.render("text/xml"));
  }

  @Test
  void acceptPicksTheBestOfSwiftsFormats() {
    assertEquals("text/plain", BulkReport.format(null));
    assertEquals("application/json", BulkReport.format("application/json"));
    assertEquals("text/plain", BulkReport.format("*/*"));
    assertEquals("application/xml", BulkReport.format("text/plain;q=0.5, application/xml"));
    assertEquals("text/plain", BulkReport.format("image/png"));
  }
}
