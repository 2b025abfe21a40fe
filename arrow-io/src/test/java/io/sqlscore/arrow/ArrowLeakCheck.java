package io.sqlscore.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that gives each test a fresh child allocator of one engine-wide
 * {@link ArrowMemory} and fails the test if any byte is still allocated after it.
 * Register it as a static field with {@code @RegisterExtension}.
 */
public final class ArrowLeakCheck implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final ArrowMemory memory = new ArrowMemory();
  private BufferAllocator allocator;

  /** The allocator of the running test. */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** The engine-wide memory the test allocators are children of. */
  public ArrowMemory memory() {
    return memory;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    allocator = memory.newChild(context.getDisplayName());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    long leaked = allocator.getAllocatedMemory();
    allocator.close();
    assertEquals(0, leaked, "Arrow bytes leaked by " + context.getDisplayName());
    assertEquals(0, memory.allocatedBytes(), "Arrow bytes leaked outside the test allocator");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    memory.close();
  }
}
