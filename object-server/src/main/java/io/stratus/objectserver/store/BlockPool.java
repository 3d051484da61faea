package io.stratus.objectserver.store;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Body blocks: direct buffers of one chunk each, aligned for direct I/O, reused from upload to
 * upload because allocating direct memory is slow. At most {@code maxPooled} idle blocks are kept;
 * a block not given back is freed by the garbage collector like any direct buffer.
 */
public final class BlockPool {
  /** Alignment (and size granularity) direct I/O needs on every common file system and device. */
  public static final int ALIGN = 4096;

  private final int blockSize;
  private final int maxPooled;
  private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idle = new AtomicInteger();

  BlockPool(int blockSize, int maxPooled) {
    this.blockSize = blockSize;
    this.maxPooled = maxPooled;
  }

  int blockSize() {
    return blockSize;
  }

  /** An empty block: position 0, limit and capacity the chunk size. */
  public ByteBuffer take() {
    ByteBuffer b = free.poll();
    if (b == null) return ByteBuffer.allocateDirect(blockSize + ALIGN).alignedSlice(ALIGN).limit(blockSize).slice();
    idle.decrementAndGet();
    return b.clear();
  }

  /** Returns a block for reuse. */
  void give(ByteBuffer block) {
    if (idle.incrementAndGet() > maxPooled) {
      idle.decrementAndGet();
      return;
    }
    free.offer(block);
  }
}
