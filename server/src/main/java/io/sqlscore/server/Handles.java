package io.sqlscore.server;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.server.auth.Login;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The server's handles: prepared statements and executed results waiting to be (or being)
 * fetched, each owned by the session that made it, under an unguessable id. A handle may only be
 * used by the user who made it.
 */
final class Handles {
  /** A prepared statement: its text, schemas and the parameter values bound last. */
  static final class Prepared {
    final String id;
    final ClientSession owner;
    final String sql;
    final Schema parameters;
    final Schema dataset;
    private volatile List<Object> bound = List.of();

    /**
     * A statement with handle {@code id} that runs in {@code owner}; {@code parameters} is the
     * schema clients bind values with, {@code dataset} the result schema (empty: no rows).
     */
    Prepared(String id, ClientSession owner, String sql, Schema parameters, Schema dataset) {
      this.id = id;
      this.owner = owner;
      this.sql = sql;
      this.parameters = parameters;
      this.dataset = dataset;
    }

    /** The parameter values bound last (none yet: empty). */
    List<Object> bound() {
      return bound;
    }

    /** Binds parameter values for the next execution. */
    void bind(List<Object> values) {
      bound = java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }
  }

  /** An executed result; claimed once a client starts fetching it. */
  static final class Result {
    final ResultStream stream;
    final ClientSession owner;
    final long createdNanos = System.nanoTime();
    volatile boolean claimed;

    Result(ResultStream stream, ClientSession owner) {
      this.stream = stream;
      this.owner = owner;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();
  private final Map<String, Result> results = new ConcurrentHashMap<>();

  /** A new unguessable id. */
  static String newId() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  void add(Prepared statement) {
    prepared.put(statement.id, statement);
  }

  /** The prepared statement {@code id} of {@code caller}'s user. */
  Prepared prepared(String id, Login caller) {
    Prepared statement = prepared.get(id);
    if (statement == null || !sameUser(statement.owner, caller)) {
      throw new SqlscoreException(ErrorCode.INVALID_STATEMENT,
          "there is no such prepared statement; it was closed, or its session ended: prepare it again");
    }
    return statement;
  }

  void closePrepared(String id, Login caller) {
    prepared(id, caller);
    prepared.remove(id);
  }

  void add(ResultStream stream, ClientSession owner) {
    results.put(stream.id(), new Result(stream, owner));
  }

  /** Claims result {@code id} of {@code caller}'s user for fetching; a result is fetched once. */
  Result claim(String id, Login caller) {
    Result result = results.get(id);
    if (result == null || !sameUser(result.owner, caller)) {
      throw new SqlscoreException(ErrorCode.INVALID_STATEMENT,
          "there is no such result; it was already fetched, cancelled, or not fetched in time: run the statement again");
    }
    synchronized (result) {
      if (result.claimed) {
        throw new SqlscoreException(ErrorCode.INVALID_STATEMENT, "the result is already being fetched");
      }
      result.claimed = true;
    }
    return result;
  }

  /** Forgets a result whose fetch ended. */
  void finished(Result result) {
    results.remove(result.stream.id(), result);
  }

  /** The result {@code id} of {@code caller}'s user, if it is known. */
  Result result(String id, Login caller) {
    Result result = results.get(id);
    return result != null && sameUser(result.owner, caller) ? result : null;
  }

  /** Removes and returns the results not claimed within {@code maxAgeNanos}. */
  List<Result> removeUnfetched(long maxAgeNanos) {
    List<Result> stale = new ArrayList<>();
    long now = System.nanoTime();
    results.values().removeIf(r -> {
      synchronized (r) {
        if (!r.claimed && now - r.createdNanos > maxAgeNanos) {
          r.claimed = true;
          stale.add(r);
          return true;
        }
        return false;
      }
    });
    return stale;
  }

  /** Removes the handles of a session; returns its results nobody is fetching (to close). */
  List<Result> removeAll(ClientSession owner) {
    prepared.values().removeIf(p -> p.owner == owner);
    List<Result> unclaimed = new ArrayList<>();
    results.values().removeIf(r -> {
      if (r.owner != owner) {
        return false;
      }
      synchronized (r) {
        if (!r.claimed) {
          r.claimed = true;
          unclaimed.add(r);
        }
      }
      return true;
    });
    return unclaimed;
  }

  private static boolean sameUser(ClientSession owner, Login caller) {
    return owner.login().user().equals(caller.user());
  }
}
