package io.sqlscore.registry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The process-wide cache of loaded models, shared by all connections: keyed by (model,
 * version, sha256, backend), bounded by a memory limit, evicting the least recently used. Users hold a
 * {@link Lease} while scoring; an evicted or dropped model is closed only once no lease on it
 * remains, so running queries keep the version they were planned with. Each model is loaded
 * once even when many queries ask for it at the same time.
 *
 * @param <V> the loaded model type
 */
public final class ModelCache<V extends AutoCloseable> {
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
        closeIfDone(entry);
      }
    }
  }

  private final class Entry {
    final V value;
    final long bytes;
    int leases;
    boolean evicted;

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

  /** A cache holding at most {@code maxBytes} of models as measured by {@code sizeOf}. */
  public ModelCache(long maxBytes, ToLongFunction<V> sizeOf) {
    this.maxBytes = maxBytes;
    this.sizeOf = sizeOf;
  }

  /** A lease on the model for {@code key}, loading it with {@code loader} if not cached. */
  public Lease acquire(Key key, Supplier<V> loader) {
    CompletableFuture<Entry> future;
    boolean mine = false;
    synchronized (this) {
      Entry cached = entries.get(key);
      if (cached != null) {
        cached.leases++;
        return new Lease(cached);
      }
      future = loading.get(key);
      if (future == null) {
        future = new CompletableFuture<>();
        loading.put(key, future);
        mine = true;
      }
    }
    if (mine) {
      load(key, loader, future);
    }
    Entry entry;
    try {
      entry = future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
    }
    synchronized (this) {
      entry.leases++;
      return new Lease(entry);
    }
  }

  private void load(Key key, Supplier<V> loader, CompletableFuture<Entry> future) {
    try {
      V value = loader.get();
      Entry entry = new Entry(value, sizeOf.applyAsLong(value));
      synchronized (this) {
        loading.remove(key);
        entries.put(key, entry);
        usedBytes += entry.bytes;
        evictOverLimit(key);
      }
      future.complete(entry);
    } catch (RuntimeException e) {
      synchronized (this) {
        loading.remove(key);
      }
      future.completeExceptionally(e);
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
    if (entry.evicted && entry.leases == 0) {
      try {
        entry.value.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing an evicted model failed", e);
      }
    }
  }
}
