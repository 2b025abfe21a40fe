package io.sqlscore.flink;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.factories.FactoryUtil;

/** Test helpers that plan ML_PREDICT queries and create sqlscore model providers the way Flink's planner does. */
final class Planning {
  private Planning() {}

  /**
   * Plans {@code query} (no job runs) and returns the sqlscore error it fails with, asserting its
   * code and that its message contains each of {@code fragments}.
   */
  static SqlscoreException planningFails(TableEnvironment flink, String query, ErrorCode code, String... fragments) {
    Throwable thrown = assertThrows(Throwable.class, () -> flink.explainSql(query));
    SqlscoreException error = sqlscoreCause(thrown);
    assertTrue(error.code() == code, "expected " + code + ", got " + error.getMessage());
    for (String fragment : fragments) {
      assertTrue(error.getMessage().contains(fragment), "'" + fragment + "' is not in: " + error.getMessage());
    }
    return error;
  }

  /** The sqlscore error in the cause chain of {@code thrown}; fails the test when there is none. */
  static SqlscoreException sqlscoreCause(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SqlscoreException) {
        return (SqlscoreException) t;
      }
    }
    throw new AssertionError("no sqlscore error in the causes of " + thrown, thrown);
  }

  /** The provider Flink's planner creates for model {@code name} of {@code flink}'s current catalog and database. */
  static SqlscoreModelProvider provider(TableEnvironment flink, String name) {
    ObjectIdentifier id = ObjectIdentifier.of(flink.getCurrentCatalog(), flink.getCurrentDatabase(), name);
    return (SqlscoreModelProvider) FactoryUtil.createModelProvider(null, id,
        ((TableEnvironmentImpl) flink).getCatalogManager().getModelOrError(id).getResolvedModel(),
        flink.getConfig(), Planning.class.getClassLoader(), false);
  }
}
