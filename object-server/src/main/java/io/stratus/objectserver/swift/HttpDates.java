package io.stratus.objectserver.swift;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** HTTP dates as Swift writes them in Last-Modified: {@code Tue, 07 Nov 2023 22:13:21 GMT}. */
public final class HttpDates {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private HttpDates() {
  }

  public static String format(long epochSeconds) {
    return FORMAT.format(Instant.ofEpochSecond(epochSeconds));
  }

  /** Last-Modified of something written at {@code ts}: its seconds rounded up. */
  public static String lastModified(Timestamp ts) {
    return format(ts.ceilSeconds());
  }
}
