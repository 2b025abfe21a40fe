package io.sqlscore.planner.engine;

import io.sqlscore.arrow.ArrowMemory;

/**
 * Process-wide state shared by all sqlscore connections: the Arrow root allocator (one per
 * engine; every query works in a child allocator).
 */
public final class Engine {
  static {
    // Calcite's literals default to ISO-8859-1; DuckDB strings are UTF-8.
    System.setProperty("calcite.default.charset", "UTF-8");
    System.setProperty("calcite.default.nationalcharset", "UTF-8");
    System.setProperty("calcite.default.collation.name", "UTF-8$en_US");
  }

  private static final Engine INSTANCE = new Engine();

  private final ArrowMemory memory = new ArrowMemory();

  private Engine() {}

  /** The engine of this process. */
  public static Engine get() {
    return INSTANCE;
  }

  /** The Arrow memory of the engine. */
  public ArrowMemory memory() {
    return memory;
  }
}
