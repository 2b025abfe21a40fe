package io.sqlscore.registry;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The process-wide cache of loaded models, shared by all connections: keyed by (model,
 * version, sha256, backend), bounded by a memory limit, evicting the least recently used. Users hold a
 * {@link Lease} while scoring; a lease is taken under the cache's lock together with the lookup,
 * and an evicted or dropped model is closed only once no lease on it remains, so running
 * queries keep the version they were planned with. Each model is loaded once even when many
 * queries ask for it at the same time; a load that fails in any way (an {@link Error}
 * included) fails for every query waiting on it, and the next query loads again.
 *
 * @param <V> the loaded model type
 */
public final class ModelCache<V extends AutoCloseable> {
  /** How often a query waiting for another query's load checks whether it was cancelled. */
  private static final long WAIT_SLICE_MILLIS = 50;

  /**
   * The identity of a cached model.
   *
   * @param model the model name, lower-cased
   * @param version the version
   * @param sha256 the package identity
   * @param backend the backend the model is compiled for
   */
  public record Key(String model, long version, String sha256, String backend) {
    /** The key of a resolved version compiled for {@code backend}. */
    public static Key of(ResolvedModel resolved, String backend) {
      return new Key(resolved.name().toLowerCase(Locale.ROOT), resolved.version(), resolved.sha256(), backend);
    }
  }

  /** A hold on a cached model; close it when done scoring. */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean released;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    /** The model. */
    public V model() {
      return entry.value;
    }

    @Override
    public void close() {
      synchronized (ModelCache.this) {
        if (released) {
          return;
        }
        released = true;
        entry.leases--;
        leasesHeld--;
        closeIfDone(entry);
      }
    }
  }

  private final class Entry {
    final V value;
    final long bytes;
    int leases;
    boolean evicted;
    boolean closed;

    Entry(V value, long bytes) {
      this.value = value;
      this.bytes = bytes;
    }
  }

  private final long maxBytes;
  private final ToLongFunction<V> sizeOf;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Key, CompletableFuture<Entry>> loading = new LinkedHashMap<>();
  private long usedBytes;
  private long leasesHeld;

  /** A cache holding at most {@code maxBytes} of models as measured by {@code sizeOf}. */
  public ModelCache(long maxBytes, ToLongFunction<V> sizeOf) {
    this.maxBytes = maxBytes;
    this.sizeOf = sizeOf;
  }

  /** A lease on the model for {@code key}, loading it with {@code loader} if not cached. */
  public Lease acquire(Key key, Supplier<V> loader) {
    return acquire(key, loader, () -> { });
  }

  /**
   * A lease on the model for {@code key}, loading it with {@code loader} if not cached. While
   * another query loads the same model, this one waits, calling {@code checkCancelled} every
   * few milliseconds so that a cancel or timeout (which it throws) stops the wait.
   */
  public Lease acquire(Key key, Supplier<V> loader, Runnable checkCancelled) {
    while (true) {
      CompletableFuture<Entry> future;
      boolean mine = false;
      synchronized (this) {
        Entry cached = entries.get(key);
        if (cached != null) {
          return lease(cached);
        }
        future = loading.get(key);
        if (future == null) {
          future = new CompletableFuture<>();
          loading.put(key, future);
          mine = true;
        }
      }
      if (mine) {
        return load(key, loader, future);
      }
      Entry loaded = await(future, checkCancelled);
      synchronized (this) {
        if (!loaded.closed) {
          return lease(loaded);
        }
      }
      // Evicted and closed between its load and this lease: look it up (or load it) again.
    }
  }

  private Lease lease(Entry entry) {
    entry.leases++;
    leasesHeld++;
    return new Lease(entry);
  }

  private Lease load(Key key, Supplier<V> loader, CompletableFuture<Entry> future) {
    V value;
    try {
      value = loader.get();
    } catch (Throwable t) {
      synchronized (this) {
        loading.remove(key);
      }
      future.completeExceptionally(t);
      throw t;
    }
    Entry entry = new Entry(value, sizeOf.applyAsLong(value));
    Lease lease;
    synchronized (this) {
      loading.remove(key);
      entries.put(key, entry);
      usedBytes += entry.bytes;
      lease = lease(entry);
      evictOverLimit(key);
    }
    future.complete(entry);
    return lease;
  }

  private Entry await(CompletableFuture<Entry> future, Runnable checkCancelled) {
    while (true) {
      checkCancelled.run();
      try {
        return future.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // Still loading; check for a cancel and wait on.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SqlscoreException(ErrorCode.QUERY_CANCELED, "interrupted while waiting for a model to load", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "loading the model failed: " + cause, cause);
      }
    }
  }

  /** Removes every cached version of {@code model} (all versions when {@code version} < 0). */
  public synchronized void evict(String model, long version) {
    String name = model.toLowerCase(Locale.ROOT);
    for (Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Entry> e = it.next();
      if (e.getKey().model().equals(name) && (version < 0 || e.getKey().version() == version)) {
        it.remove();
        retire(e.getValue());
      }
    }
  }

  /** Whether a model for {@code key} is cached. */
  public synchronized boolean contains(Key key) {
    return entries.containsKey(key);
  }

  /** Bytes held by cached models (evicted ones still leased not counted). */
  public synchronized long usedBytes() {
    return usedBytes;
  }

  /** Leases taken and not yet closed, over all models; zero when no query is scoring. */
  public synchronized long leasesHeld() {
    return leasesHeld;
  }

  /** The memory limit. */
  public long maxBytes() {
    return maxBytes;
  }

  private void evictOverLimit(Key keep) {
    List<Key> victims = new ArrayList<>();
    long projected = usedBytes;
    for (Map.Entry<Key, Entry> e : entries.entrySet()) {
      if (projected <= maxBytes) {
        break;
      }
      if (!e.getKey().equals(keep)) {
        victims.add(e.getKey());
        projected -= e.getValue().bytes;
      }
    }
    for (Key victim : victims) {
      retire(entries.remove(victim));
    }
  }

  private void retire(Entry entry) {
    usedBytes -= entry.bytes;
    entry.evicted = true;
    closeIfDone(entry);
  }

  private void closeIfDone(Entry entry) {
    if (entry.evicted && entry.leases == 0 && !entry.closed) {
      entry.closed = true;
      try {
        entry.value.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing an evicted model failed", e);
      }
    }
  }
}
