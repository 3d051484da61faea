package io.stratus.bench.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes results files (pretty-printed JSON of {@link RunResult}). */
public final class ResultsJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ResultsJson() {
  }

  /** The JSON text of a result. */
  public static String toJson(RunResult result) {
    try {
      return MAPPER.writeValueAsString(result);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise results", e);
    }
  }

  /** Parses the JSON text of a result. */
  public static RunResult fromJson(String json) throws IOException {
    RunResult r = MAPPER.readValue(json, RunResult.class);
    if (r.schema() == null || !r.schema().startsWith("stratus-bench/")) {
      throw new IOException("not a stratus-bench results file (schema " + r.schema() + ")");
    }
    return r;
  }

  /** Writes a results file. */
  public static void write(RunResult result, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson(result) + "\n");
  }

  /** Reads a results file. */
  public static RunResult read(Path file) throws IOException {
    return fromJson(Files.readString(file));
  }
}
