package io.stratus.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results files survive a write/read round trip unchanged and carry the documented fields. */
class ResultsJsonTest {

  @TempDir
  Path dir;

  @Test
  void roundTripKeepsEverything() throws IOException {
    RunResult original = SampleResults.run("a", 1);
    Path file = dir.resolve("sub/run.json");

    ResultsJson.write(original, file);
    RunResult back = ResultsJson.read(file);

    assertEquals(original, back);
  }

  @Test
  void jsonHasTheSchemaFields() {
    String json = ResultsJson.toJson(SampleResults.run("a", 1));
    for (String field : new String[] {"\"schema\" : \"stratus-bench/1\"", "\"opsPerSec\"", "\"mibPerSec\"",
        "\"p50\"", "\"p90\"", "\"p99\"", "\"p999\"", "\"max\"", "\"errorsByStatus\"", "\"404\" : 5",
        "\"timeline\"", "\"processes\"", "\"cpuPct\""}) {
      assertTrue(json.contains(field), "missing " + field);
    }
  }

  @Test
  void partsAreMarkedAndLeftOutOfTheTotal() throws IOException {
    RunResult nova = SampleResults.launches();
    String json = ResultsJson.toJson(nova);

    assertEquals(nova, ResultsJson.fromJson(json));
    assertEquals(1, json.split("\"part\" : true", -1).length - 1, json);
    assertEquals(10, nova.total().count());
    assertEquals(5.0, nova.ops().get("launch").opsPerSec());
    assertEquals(2000, nova.ops().get("launch").latencyMs().p99(), 2);
    assertEquals(40, nova.ops().get("launch-api").latencyMs().p99(), 0.1);
    assertTrue(json.contains("\"ERROR: No valid host was found.\" : 1"), json);
    String text = TextSummary.format(nova);
    assertTrue(text.contains("launch-api"), text);
    assertFalse(text.contains("total"), text);
  }

  @Test
  void refusesOtherJson() {
    assertThrows(IOException.class, () -> ResultsJson.fromJson("{\"schema\":\"other\"}"));
  }
}
