package io.stratus.objectserver.swift;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.stratus.common.error.StratusException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Swift's timestamp: seconds since the epoch to 10 microseconds ({@code 1700000000.12345}) plus an
 * optional offset that orders writes made at the same instant ({@code 1700000000.12345_000000000000000a}).
 * Newer compares greater; the newest write of an object wins.
 */
public record Timestamp(long ticks, long offset) implements Comparable<Timestamp> {
  /** Ticks per second: Swift keeps five decimal places. */
  public static final long TICKS_PER_SECOND = 100_000L;
  /** The zero timestamp, older than any real write. */
  public static final Timestamp ZERO = new Timestamp(0, 0);
  /** Encoded size in keys: ticks and offset, both big-endian. */
  public static final int BYTES = 16;
  private static final long MAX_TICKS = 9_999_999_999L * TICKS_PER_SECOND + 99_999L;
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  public Timestamp {
    if (ticks < 0 || ticks > MAX_TICKS || offset < 0) throw new IllegalArgumentException("timestamp out of range");
  }

  /** Parses the normal or internal form; throws IllegalArgumentException when it is neither. */
  @JsonCreator
  public static Timestamp parse(String text) {
    if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty timestamp");
    String seconds = text;
    long offset = 0;
    int underscore = text.indexOf('_');
    if (underscore >= 0) {
      seconds = text.substring(0, underscore);
      String hex = text.substring(underscore + 1);
      if (hex.isEmpty() || hex.length() > 16 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new IllegalArgumentException("bad timestamp offset");
      }
      offset = Long.parseUnsignedLong(hex, 16);
    }
    for (int i = 0; i < seconds.length(); i++) {
      char c = seconds.charAt(i);
      if ((c < '0' || c > '9') && c != '.') throw new IllegalArgumentException("bad timestamp");
    }
    long ticks = plainTicks(seconds);
    if (ticks < 0) {
      // more than 5 decimals (rounded like Swift) or an unusual form: the exact but slower way
      ticks = new BigDecimal(seconds).setScale(5, RoundingMode.HALF_EVEN).movePointRight(5).longValueExact();
    }
    return new Timestamp(ticks, offset);
  }

  /** The ticks of {@code 1700000000.12345}-like text (1-10 digits, optionally '.' and 1-5 digits); -1 for anything else. */
  private static long plainTicks(String seconds) {
    int dot = seconds.indexOf('.');
    int whole = dot < 0 ? seconds.length() : dot;
    int decimals = dot < 0 ? 0 : seconds.length() - dot - 1;
    if (whole < 1 || whole > 10 || decimals > 5 || (dot >= 0 && decimals == 0) || seconds.indexOf('.', whole + 1) >= 0) {
      return -1;
    }
    long ticks = 0;
    for (int i = 0; i < whole; i++) ticks = ticks * 10 + (seconds.charAt(i) - '0');
    long fraction = 0;
    for (int i = 0; i < 5; i++) fraction = fraction * 10 + (i < decimals ? seconds.charAt(whole + 1 + i) - '0' : 0);
    return ticks * TICKS_PER_SECOND + fraction;
  }

  /** The request's X-Timestamp as Swift's {@code valid_timestamp}: 400 when missing or malformed. */
  public static Timestamp required(String header) {
    if (header == null) throw StratusException.badRequest("Missing timestamp");
    try {
      return parse(header);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw StratusException.badRequest("X-Timestamp should be a UNIX timestamp float value; was " + header);
    }
  }

  public static Timestamp ofMillis(long epochMillis) {
    return new Timestamp(epochMillis * 100, 0);
  }

  /** {@code 1700000000.12345}: zero-padded to 16 characters, offset left out. */
  public String normal() {
    String whole = Long.toString(ticks / TICKS_PER_SECOND);
    String fraction = Long.toString(ticks % TICKS_PER_SECOND);
    StringBuilder out = new StringBuilder(16);
    for (int pad = 16 - (whole.length() + 6); pad > 0; pad--) out.append('0');
    out.append(whole).append('.');
    for (int pad = 5 - fraction.length(); pad > 0; pad--) out.append('0');
    return out.append(fraction).toString();
  }

  /** The normal form, plus {@code _} and 16 hex digits when there is an offset. */
  @JsonValue
  public String internal() {
    if (offset == 0) return normal();
    String hex = Long.toHexString(offset);
    return normal() + "_" + "0".repeat(16 - hex.length()) + hex;
  }

  /** Whole seconds, rounded up: what Last-Modified shows. */
  public long ceilSeconds() {
    return (ticks + TICKS_PER_SECOND - 1) / TICKS_PER_SECOND;
  }

  /** Swift's {@code Timestamp.isoformat}: UTC, always six fractional digits. */
  public String isoformat() {
    long micros = (ticks % TICKS_PER_SECOND) * 10;
    Instant instant = Instant.ofEpochSecond(ticks / TICKS_PER_SECOND, micros * 1000);
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(ISO);
  }

  public Timestamp withOffset(long newOffset) {
    return new Timestamp(ticks, newOffset);
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).putLong(ticks).putLong(offset).array();
  }

  public static Timestamp fromBytes(byte[] bytes, int at) {
    ByteBuffer b = ByteBuffer.wrap(bytes, at, BYTES);
    return new Timestamp(b.getLong(), b.getLong());
  }

  public boolean isAfter(Timestamp other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Timestamp o) {
    int c = Long.compare(ticks, o.ticks);
    return c != 0 ? c : Long.compareUnsigned(offset, o.offset);
  }

  @Override
  public String toString() {
    return internal();
  }
}
