package io.sqlscore.planner.catalog;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.calcite.schema.lookup.IgnoreCaseLookup;
import org.apache.calcite.schema.lookup.LikePattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A lazy, memoizing Calcite lookup over DuckDB catalog objects: names are listed once, and each
 * object is loaded the first time it is asked for. Lives for one statement.
 */
final class NameLookup<T> extends IgnoreCaseLookup<T> {
  private final Supplier<Set<String>> names;
  private final Function<String, @Nullable T> loader;
  private final Map<String, java.util.Optional<T>> loaded = new HashMap<>();
  private @Nullable Set<String> nameCache;

  NameLookup(Supplier<Set<String>> names, Function<String, @Nullable T> loader) {
    this.names = names;
    this.loader = loader;
  }

  @Override
  public @Nullable T get(String name) {
    if (!names().contains(name)) {
      return null;
    }
    return loaded.computeIfAbsent(name, n -> java.util.Optional.ofNullable(loader.apply(n))).orElse(null);
  }

  @Override
  public Set<String> getNames(LikePattern pattern) {
    org.apache.calcite.linq4j.function.Predicate1<String> matcher = pattern.matcher();
    Set<String> matching = new java.util.LinkedHashSet<>();
    for (String name : names()) {
      if (matcher.apply(name)) {
        matching.add(name);
      }
    }
    return matching;
  }

  private Set<String> names() {
    if (nameCache == null) {
      nameCache = names.get();
    }
    return nameCache;
  }
}
