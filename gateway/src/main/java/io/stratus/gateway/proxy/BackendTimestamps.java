package io.stratus.gateway.proxy;

import java.math.BigDecimal;

/**
 * Compares Swift timestamps as storage nodes send them in X-Backend-Timestamp
 * ({@code 1700000000.12345} or with an {@code _offset} in hex); unparseable values count as oldest.
 */
public final class BackendTimestamps {
  private BackendTimestamps() {
  }

  /** Negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}; null is oldest. */
  public static int compare(String a, String b) {
    BigDecimal[] x = parse(a);
    BigDecimal[] y = parse(b);
    int c = x[0].compareTo(y[0]);
    return c != 0 ? c : x[1].compareTo(y[1]);
  }

  private static BigDecimal[] parse(String ts) {
    BigDecimal zero = BigDecimal.ZERO;
    if (ts == null || ts.isEmpty()) return new BigDecimal[] {BigDecimal.valueOf(-1), zero};
    try {
      int underscore = ts.indexOf('_');
      if (underscore < 0) return new BigDecimal[] {new BigDecimal(ts), zero};
      return new BigDecimal[] {new BigDecimal(ts.substring(0, underscore)),
          new BigDecimal(new java.math.BigInteger(ts.substring(underscore + 1), 16))};
    } catch (NumberFormatException e) {
      return new BigDecimal[] {BigDecimal.valueOf(-1), zero};
    }
  }
}
