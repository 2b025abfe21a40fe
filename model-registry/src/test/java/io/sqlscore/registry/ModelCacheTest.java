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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ModelCacheTest {
  /** A loaded model stand-in of a given size that records whether it was closed. */
  private static final class Loaded implements AutoCloseable {
    final long bytes;
    volatile boolean closed;

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

  @Test
  void anErrorWhileLoadingFailsEveryWaiterAndTheNextAcquireLoadsAgain() throws Exception {
    ModelCache<Loaded> cache = new ModelCache<>(1000, l -> l.bytes);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Future<Throwable> loader = blockedLoad(cache, pool, release, () -> {
      throw new NoClassDefFoundError("jdk/incubator/vector/FloatVector");
    });
    List<Future<Throwable>> waiters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiters.add(pool.submit(() -> failure(() -> cache.acquire(key("m", 1), () -> {
        throw new OutOfMemoryError("a later load");
      }).close())));
    }
    Thread.sleep(100);
    release.countDown();
    assertTrue(loader.get(10, TimeUnit.SECONDS) instanceof NoClassDefFoundError);
    for (Future<Throwable> waiter : waiters) {
      Throwable t = waiter.get(10, TimeUnit.SECONDS);
      // A waiter gets the failure of the load it waited for, or loads again itself (and fails).
      assertTrue(t instanceof NoClassDefFoundError || t instanceof OutOfMemoryError, String.valueOf(t));
    }
    pool.shutdown();
    Loaded retried = new Loaded(1);
    try (ModelCache<Loaded>.Lease lease = cache.acquire(key("m", 1), () -> retried)) {
      assertSame(retried, lease.model(), "the failed load is not cached; the next query loads again");
    }
    assertEquals(0, cache.leasesHeld());
  }

  @Test
  void aWaiterStopsWaitingWhenItsQueryIsCancelled() throws Exception {
    ModelCache<Loaded> cache = new ModelCache<>(1000, l -> l.bytes);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<Throwable> loader = blockedLoad(cache, pool, release, () -> new Loaded(1));
    AtomicBoolean cancelled = new AtomicBoolean();
    Future<Throwable> waiter = pool.submit(() -> failure(() -> cache.acquire(key("m", 1), () -> new Loaded(1), () -> {
      if (cancelled.get()) {
        throw new IllegalStateException("cancelled");
      }
    }).close()));
    cancelled.set(true);
    assertEquals("cancelled", waiter.get(10, TimeUnit.SECONDS).getMessage(), "the cancel reaches a waiting query");
    release.countDown();
    assertEquals(null, loader.get(10, TimeUnit.SECONDS), "the load itself succeeds");
    pool.shutdown();
  }

  @Test
  void evictionAndDropNeverCloseAModelAQueryHolds() throws Exception {
    // Room for two models: every load of a third evicts one, and a dropper evicts all the time.
    ModelCache<Loaded> cache = new ModelCache<>(20, l -> l.bytes);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger scored = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(9);
    List<Future<?>> scorers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      scorers.add(pool.submit(() -> {
        java.util.Random random = new java.util.Random(thread);
        while (!stop.get()) {
          try (ModelCache<Loaded>.Lease lease = cache.acquire(key("m", random.nextInt(4)), () -> new Loaded(10))) {
            for (int i = 0; i < 50; i++) {
              if (lease.model().closed) {
                throw new AssertionError("a leased model was closed");
              }
              Thread.onSpinWait();
            }
            scored.incrementAndGet();
          }
        }
        return null;
      }));
    }
    Future<?> dropper = pool.submit(() -> {
      java.util.Random random = new java.util.Random(99);
      while (!stop.get()) {
        cache.evict("m", random.nextBoolean() ? -1 : random.nextInt(4));
        Thread.yield();
      }
    });
    Thread.sleep(1000);
    stop.set(true);
    for (Future<?> scorer : scorers) {
      scorer.get(30, TimeUnit.SECONDS);
    }
    dropper.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertTrue(scored.get() > 100, "scored " + scored.get());
    assertEquals(0, cache.leasesHeld());
  }

  /**
   * Starts on {@code pool} a load of m@1 that waits for {@code release} and then returns or
   * throws what {@code then} does; returns (what the load threw, or null) once the load began.
   */
  private static Future<Throwable> blockedLoad(ModelCache<Loaded> cache, ExecutorService pool, CountDownLatch release,
      Supplier<Loaded> then) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Future<Throwable> load = pool.submit(() -> failure(() -> cache.acquire(key("m", 1), () -> {
      started.countDown();
      await(release);
      return then.get();
    }).close()));
    assertTrue(started.await(10, TimeUnit.SECONDS), "the load began");
    return load;
  }

  private static Throwable failure(Runnable action) {
    try {
      action.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
