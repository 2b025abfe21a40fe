package io.sqlscore.planner.engine;

import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code SET name = value} or {@code RESET name} of a sqlscore setting. */
final class SetSql implements PreparedSql {
  private final String name;
  private final @Nullable String value;

  SetSql(String name, @Nullable String value) {
    this.name = name;
    this.value = value;
  }

  /** A sqlscore setting belongs to the session, so changing it reads nothing and writes nothing. */
  @Override
  public StatementAccess access() {
    return StatementAccess.READ;
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    Settings settings = context.session().settings();
    settings.set(name, value == null ? new Settings().asMap().get(name.toLowerCase(java.util.Locale.ROOT)) : value);
    return StatementResult.count(0);
  }
}
