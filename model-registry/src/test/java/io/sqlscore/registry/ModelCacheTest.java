package io.sqlscore.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelCacheTest {
  /** A loaded model stand-in of a given size that records whether it was closed. */
  private static final class Loaded implements AutoCloseable {
    final long bytes;
    boolean closed;

    Loaded(long bytes) {
      this.bytes = bytes;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static ModelCache.Key key(String model, long version) {
    return new ModelCache.Key(model, version, "sha-" + model + version, "cpu");
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondTheLimit() {
    ModelCache<Loaded> cache = new ModelCache<>(100, l -> l.bytes);
    Loaded a = new Loaded(40);
    Loaded b = new Loaded(40);
    Loaded c = new Loaded(40);
    cache.acquire(key("a", 1), () -> a).close();
    cache.acquire(key("b", 1), () -> b).close();
    cache.acquire(key("a", 1), () -> new Loaded(40)).close();
    cache.acquire(key("c", 1), () -> c).close();
    assertTrue(cache.contains(key("a", 1)));
    assertFalse(cache.contains(key("b", 1)), "b was least recently used");
    assertTrue(b.closed);
    assertFalse(a.closed);
    assertEquals(80, cache.usedBytes());
  }

  @Test
  void aLeasedModelIsClosedOnlyAfterItsLastLease() {
    ModelCache<Loaded> cache = new ModelCache<>(1000, l -> l.bytes);
    Loaded model = new Loaded(10);
    ModelCache<Loaded>.Lease lease = cache.acquire(key("m", 2), () -> model);
    cache.evict("M", 2);
    assertFalse(cache.contains(key("m", 2)));
    assertFalse(model.closed, "a running query keeps its model");
    lease.close();
    assertTrue(model.closed);
    assertEquals(0, cache.usedBytes());
  }

  @Test
  void dropsEveryVersionOfAModel() {
    ModelCache<Loaded> cache = new ModelCache<>(1000, l -> l.bytes);
    cache.acquire(key("m", 1), () -> new Loaded(1)).close();
    cache.acquire(key("m", 2), () -> new Loaded(1)).close();
    cache.acquire(key("other", 1), () -> new Loaded(1)).close();
    cache.evict("m", -1);
    assertFalse(cache.contains(key("m", 1)));
    assertFalse(cache.contains(key("m", 2)));
    assertTrue(cache.contains(key("other", 1)));
  }

  @Test
  void concurrentRequestsLoadOnce() throws Exception {
    ModelCache<Loaded> cache = new ModelCache<>(1000, l -> l.bytes);
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Loaded>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(pool.submit(() -> {
        start.await();
        try (ModelCache<Loaded>.Lease lease = cache.acquire(key("shared", 1), () -> {
          loads.incrementAndGet();
          sleep();
          return new Loaded(5);
        })) {
          return lease.model();
        }
      }));
    }
    start.countDown();
    Loaded first = results.get(0).get();
    for (Future<Loaded> result : results) {
      assertSame(first, result.get());
    }
    pool.shutdown();
    assertEquals(1, loads.get());
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
