package io.stratus.compute.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ImageCacheTest {
  private static final JsonObject VERIFIED = new JsonObject().put("size", 3L).put("checksum", "abc")
      .put("os_hash_algo", "sha512").put("os_hash_value", "def");

  @Test
  void claimsAreComparedWithWhatTheBytesWere() {
    assertNull(ImageCache.mismatch(new JsonObject(), VERIFIED), "no claims, nothing to disagree with");
    assertNull(ImageCache.mismatch(new JsonObject().put("size", 3).put("checksum", "ABC").put("os_hash_value", "DEF"), VERIFIED));
    assertNull(ImageCache.mismatch(new JsonObject().putNull("size").putNull("checksum"), VERIFIED));
    assertEquals("size 3 != 4", ImageCache.mismatch(new JsonObject().put("size", 4), VERIFIED));
    assertTrue(ImageCache.mismatch(new JsonObject().put("checksum", "abd"), VERIFIED).startsWith("md5 "));
    assertTrue(ImageCache.mismatch(new JsonObject().put("os_hash_value", "x"), VERIFIED).startsWith("sha512 "));
    assertEquals("no sha256 digest", ImageCache.mismatch(new JsonObject().put("os_hash_algo", "sha256").put("os_hash_value", "x"),
        VERIFIED));
  }

  @Test
  void glanceDiskFormatsMapToQemuFormats() {
    assertEquals("qcow2", InstanceDisks.qemuFormat("qcow2"));
    assertEquals("raw", InstanceDisks.qemuFormat("ami"));
    assertEquals("raw", InstanceDisks.qemuFormat(null));
    assertEquals("vpc", InstanceDisks.qemuFormat("vhd"));
    assertEquals("vmdk", InstanceDisks.qemuFormat("VMDK"));
  }
}
