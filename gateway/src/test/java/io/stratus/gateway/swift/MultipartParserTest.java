package io.stratus.gateway.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming multipart reader fed in pieces of every size, with near-boundaries inside a file's bytes. */
class MultipartParserTest {
  private static final String FORM = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"redirect\"\r\n\r\n"
      + "https://example.com/\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file1\"; filename=\"a \\\"b\\\".txt\"\r\n"
      + "Content-Type: text/plain\r\n\r\nline\r\n--XY not yet\r\n-\r\n--XyZ\r\n"
      + "Content-Disposition: form-data; name=\"file2\"; filename=\"\"\r\n\r\n\r\n--XyZ--\r\nepilogue";

  /** A source that hands over what the test pushes. */
  private static final class Pushed implements ReadStream<Buffer> {
    Handler<Buffer> handler;
    Handler<Void> end;

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      handler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      end = h;
      return this;
    }
  }

  @Test
  void partsInAnyPieces() {
    for (int piece = 1; piece <= FORM.length(); piece += piece < 20 ? 1 : 37) {
      List<String> events = new ArrayList<>();
      StringBuilder data = new StringBuilder();
      Pushed source = new Pushed();
      MultipartParser parser = new MultipartParser(source, "XyZ", new MultipartParser.Listener() {
        @Override
        public void partStart(String name, String filename, String contentType) {
          events.add("start " + name + " " + filename + " " + contentType);
          data.setLength(0);
        }

        @Override
        public void partData(Buffer d) {
          data.append(d.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void partEnd() {
          events.add("data " + data);
        }

        @Override
        public void formEnd() {
          events.add("end");
        }

        @Override
        public void failed(Throwable error) {
          events.add("failed " + error.getMessage());
        }
      });
      parser.start();
      byte[] bytes = FORM.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < bytes.length; i += piece) {
        source.handler.handle(Buffer.buffer().appendBytes(bytes, i, Math.min(piece, bytes.length - i)));
      }
      source.end.handle(null);
      assertEquals(List.of("start redirect null null", "data https://example.com/",
          "start file1 a \"b\".txt text/plain", "data line\r\n--XY not yet\r\n-", "start file2  null", "data ", "end"),
          events, "pieces of " + piece);
    }
    assertEquals("XyZ", MultipartParser.boundary("multipart/form-data; boundary=XyZ"));
    assertEquals("a b", MultipartParser.boundary("multipart/form-data; charset=utf-8; boundary=\"a b\""));
  }
}
