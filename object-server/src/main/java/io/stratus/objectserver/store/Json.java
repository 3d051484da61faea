package io.stratus.objectserver.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.error.StratusException;
import java.io.IOException;

/** The encoding of metadata rows: JSON, so a row can be read with any RocksDB tool. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {
  }

  static byte[] encode(Object row) {
    try {
      return MAPPER.writeValueAsBytes(row);
    } catch (IOException e) {
      throw StratusException.from(e);
    }
  }

  static <T> T decode(byte[] bytes, Class<T> type) {
    if (bytes == null) return null;
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw StratusException.from(e);
    }
  }
}
