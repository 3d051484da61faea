package io.stratus.identity.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.io.IOException;

/** Stored values as JSON bytes, read back tolerating fields added by newer versions. */
final class JsonCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private JsonCodec() {
  }

  static byte[] encode(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new StratusException(ErrorCode.INTERNAL, "Cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T decode(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new StratusException(ErrorCode.INTERNAL, "Corrupt stored " + type.getSimpleName(), e);
    }
  }
}
