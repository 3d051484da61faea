package io.stratus.image.check;

import io.stratus.common.error.StratusException;
import io.vertx.core.buffer.Buffer;

/**
 * Format inspection of an upload's first bytes, as Glance's format inspector: an image that claims
 * qcow2 must start with a qcow2 header naming no backing file and (version 3) no external data file;
 * an image that claims raw must not be a qcow2 image in disguise. Reads the header as bytes stream
 * past and decides once it has enough of them (or the stream ended).
 */
public final class Qcow2Header {
  static final int MAGIC = 0x514649fb;
  /** Bytes of the version 3 header up to and including the incompatible feature bits. */
  static final int HEADER_BYTES = 104;
  private static final long DATA_FILE_BIT = 1L << 2;

  private final String diskFormat;
  private final Buffer head = Buffer.buffer(HEADER_BYTES);
  private boolean decided;
  private Long virtualSize;

  public Qcow2Header(String diskFormat) {
    this.diskFormat = diskFormat;
  }

  /** Whether the format is one this inspector checks. */
  public static boolean inspects(String diskFormat) {
    return "qcow2".equals(diskFormat) || "raw".equals(diskFormat);
  }

  /** Looks at the next bytes; throws BAD_REQUEST as soon as the header shows a problem. */
  public void accept(Buffer data) {
    if (decided) return;
    int take = Math.min(HEADER_BYTES - head.length(), data.length());
    head.appendBuffer(data, 0, take);
    if (head.length() == HEADER_BYTES) decide();
  }

  /** The stream ended: decides on what came, however short. */
  public void finish() {
    if (!decided) decide();
  }

  /** The virtual size the qcow2 header declares (null for other formats). */
  public Long virtualSize() {
    return virtualSize;
  }

  private void decide() {
    decided = true;
    boolean qcow2 = head.length() >= 4 && head.getInt(0) == MAGIC;
    if ("raw".equals(diskFormat)) {
      if (qcow2) throw StratusException.badRequest("Image content does not match disk_format raw: it is a qcow2 image.");
      return;
    }
    if (!qcow2 || head.length() < 72) {
      throw StratusException.badRequest("Image content does not match disk_format qcow2: no qcow2 header.");
    }
    int version = head.getInt(4);
    if (version != 2 && version != 3) throw StratusException.badRequest("Unsupported qcow2 version " + version + ".");
    if (head.getLong(8) != 0 || head.getInt(16) != 0) {
      throw StratusException.badRequest("The qcow2 image has a backing file; such images are refused.");
    }
    if (version == 3) {
      if (head.length() < HEADER_BYTES) throw StratusException.badRequest("The qcow2 version 3 header is truncated.");
      if ((head.getLong(72) & DATA_FILE_BIT) != 0) {
        throw StratusException.badRequest("The qcow2 image has an external data file; such images are refused.");
      }
    }
    virtualSize = head.getLong(24);
  }
}
