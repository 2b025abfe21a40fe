package io.sqlscore.arrow;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The Arrow allocator hierarchy of one engine: a single root allocator, and a child allocator
 * for every query or operator. Closing a child that still holds buffers fails loudly, so leaks
 * surface in tests instead of in production.
 */
public final class ArrowMemory implements AutoCloseable {
  private final RootAllocator root;

  /** Creates the root allocator with a limit in bytes ({@code Long.MAX_VALUE} for none). */
  public ArrowMemory(long limitBytes) {
    this.root = new RootAllocator(limitBytes);
  }

  /** Creates a root allocator without a limit. */
  public ArrowMemory() {
    this(Long.MAX_VALUE);
  }

  /** A new child allocator for one query or operator; the caller closes it. */
  public BufferAllocator newChild(String name) {
    return root.newChildAllocator(name, 0, root.getLimit());
  }

  /** Bytes currently allocated by all children. */
  public long allocatedBytes() {
    return root.getAllocatedMemory();
  }

  /** Highest number of bytes allocated at once since the engine started. */
  public long peakBytes() {
    return root.getPeakMemoryAllocation();
  }

  /** Closes the root; throws {@link IllegalStateException} naming the leak if bytes remain. */
  @Override
  public void close() {
    root.close();
  }
}
