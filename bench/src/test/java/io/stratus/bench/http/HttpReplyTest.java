package io.stratus.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Error messages are found in the shapes OpenStack services answer with. */
class HttpReplyTest {

  private static String message(int status, String body) {
    return new HttpReply(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body)).errorMessage();
  }

  @Test
  void novaFaultGlanceMessageOrPlainText() {
    assertEquals("Quota exceeded for instances: Requested 1, but already used 10 of 10 instances",
        message(403, "{\"forbidden\": {\"code\": 403, \"message\": \"Quota exceeded for instances: Requested 1,"
            + " but already used 10 of 10 instances\"}}"));
    assertEquals("Image not found", message(404, "{\"code\": 404, \"message\": \"Image not found\"}"));
    assertEquals("<html>Internal Error</html>", message(500, "<html>Internal Error</html>\n"));
    assertEquals("{\"a\":1}", message(500, "{\"a\":1}"));
  }
}
