package io.stratus.gateway.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Temp URL signatures against vectors computed with python3's hmac (as Swift's tempurl computes them):
 * {@code hmac.new(b'mykey', b'GET\n1700000000\n/v1/AUTH_test/c/o', hashlib.sha1).hexdigest()} etc.
 */
class TempUrlSignatureTest {
  private static final String BODY = "GET\n1700000000\n/v1/AUTH_test/c/o";
  private static final String SHA1 = "3994d403a1e371c61672cc49d49e3504805f4887";
  private static final String SHA256 = "7d8e44a645aab88cf197df39a844fc98555dad169375805007f6e9b55a5c9370";
  private static final String SHA512 = "1cc2a33fe5b1a4189352241e357eb4137852acf7b9dbd7ab04803fad3acabd2c"
      + "8c47ff30f46792ed8ff0dda0f3990cc8bffcf41791c180a9f13e72cf2d42eb34";

  @Test
  void hexSignaturesTellTheirDigestByLength() {
    assertEquals(BODY, TempUrlSignature.tempUrlBody("GET", 1_700_000_000L, "/v1/AUTH_test/c/o", null));
    for (String sig : new String[] {SHA1, SHA256, SHA512}) {
      TempUrlSignature.Digest d = TempUrlSignature.parse(sig);
      assertEquals(sig, HexFormat.of().formatHex(TempUrlSignature.hmac(d.algorithm(), "mykey", BODY)));
      assertTrue(TempUrlSignature.matches(d, "mykey", BODY));
      assertFalse(TempUrlSignature.matches(d, "other", BODY));
    }
    assertEquals("sha1", TempUrlSignature.parse(SHA1).algorithm());
    assertEquals("sha512", TempUrlSignature.parse(SHA512).algorithm());
    assertNull(TempUrlSignature.parse("abc"));
    assertNull(TempUrlSignature.parse("zz" + SHA1.substring(2)));
  }

  @Test
  void base64SignaturesNameTheirDigest() {
    // base64.urlsafe_b64encode(digest).rstrip('=') of the vectors above
    assertTrue(TempUrlSignature.matches(TempUrlSignature.parse("sha1:OZTUA6HjccYWcsxJ1J41BIBfSIc"), "mykey", BODY));
    assertTrue(TempUrlSignature.matches(TempUrlSignature.parse("sha256:fY5EpkWquIzxl985qET8mFVdrRaTdYBQB_bptVpck3A="),
        "mykey", BODY));
    assertTrue(TempUrlSignature.matches(TempUrlSignature.parse("sha256:fY5EpkWquIzxl985qET8mFVdrRaTdYBQB/bptVpck3A"),
        "mykey", BODY));
    assertTrue(TempUrlSignature.matches(TempUrlSignature.parse("sha512:HMKjP-WxpBiTUiQeNX60E3hSrPe529erBIA_rTrKvSyMR_8w9GeS7Y"
        + "_w3aDzmQzIv_z0F5HBgKnxPnLPLULrNA"), "mykey", BODY));
    assertNull(TempUrlSignature.parse("md5:OZTUA6HjccYWcsxJ1J41BIBfSIc"));
  }

  @Test
  void ipAndPrefixBodies() {
    // hmac.new(b'k2', b'ip=127.0.0.1\nPUT\n1700000000\nprefix:/v1/AUTH_test/c/pre', hashlib.sha256).hexdigest()
    String body = TempUrlSignature.tempUrlBody("PUT", 1_700_000_000L, "prefix:/v1/AUTH_test/c/pre", "127.0.0.1");
    assertTrue(TempUrlSignature.matches(TempUrlSignature.parse(
        "186d8ebdd97d7889fac69926300b155238b7bf3244ee140b83ffb7af26b3e656"), "k2", body));
    assertTrue(TempUrlSignature.inRange("127.0.0.1", "127.0.0.0/8"));
    assertTrue(TempUrlSignature.inRange("10.1.2.3", "10.1.2.3"));
    assertFalse(TempUrlSignature.inRange("10.1.2.4", "10.1.2.3"));
    assertFalse(TempUrlSignature.inRange("10.1.2.4", "example.com"));
    assertTrue(TempUrlSignature.inRange("::1", "::1/128"));
  }

  @Test
  void expiryIsEpochOrIso8601() {
    // calendar.timegm(time.strptime('2026-11-30T00:00:00Z', '%Y-%m-%dT%H:%M:%SZ')) == 1795996800
    assertEquals(1_795_996_800L, TempUrlSignature.expires("2026-11-30T00:00:00Z"));
    assertEquals(1_700_000_000L, TempUrlSignature.expires("1700000000"));
    assertEquals(-1, TempUrlSignature.expires("2026-11-30"));
    assertEquals(-1, TempUrlSignature.expires("soon"));
  }

  @Test
  void dispositionIsSwifts() {
    // quote('naïve file "x".txt', safe=' /') and quote(...) in python3
    assertEquals("attachment; filename=\"na%C3%AFve file %22x%22.txt\"; filename*=UTF-8''na%C3%AFve%20file%20%22x%22.txt",
        TempUrlSignature.disposition("attachment", "naïve file \"x\".txt"));
  }
}
