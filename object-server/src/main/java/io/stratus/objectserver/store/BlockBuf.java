package io.stratus.objectserver.store;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.nio.ByteBuffer;

/**
 * A Netty buffer over a block of the device's {@link BlockPool}: the bytes between the block's
 * position and limit. Released (by whoever writes it out), it gives the block back to the pool
 * instead of freeing direct memory, so reading a body costs no allocation (a new direct buffer is
 * zeroed first, which cost more than the read itself).
 */
final class BlockBuf extends UnpooledDirectByteBuf {
  private final BlockPool pool;
  private final ByteBuffer block;

  BlockBuf(BlockPool pool, ByteBuffer block) {
    super(UnpooledByteBufAllocator.DEFAULT, block, block.remaining());
    this.pool = pool;
    this.block = block;
  }

  @Override
  protected void deallocate() {
    super.deallocate();
    pool.give(block);
  }
}
