package io.sqlscore.planner.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSetOption;
import org.junit.jupiter.api.Test;

class SqlscoreParserTest {
  @Test
  void parsesCreateModelWithOptions() {
    SqlCreateModel node = (SqlCreateModel) SqlscoreParser.parse(
        "CREATE MODEL Adult FROM '/models/adult' WITH (description = 'income', alias = 'prod')");
    assertEquals("Adult", node.name());
    assertEquals("/models/adult", node.source());
    assertEquals(Map.of("description", "income", "alias", "prod"), node.options());
  }

  @Test
  void parsesAliasStatements() {
    SqlAlterModelAlias set = (SqlAlterModelAlias) SqlscoreParser.parse("ALTER MODEL ctr SET ALIAS prod = 3");
    assertTrue(set.isSet());
    assertEquals("prod", set.alias());
    assertEquals(3, set.version());
    SqlAlterModelAlias drop = (SqlAlterModelAlias) SqlscoreParser.parse("alter model ctr drop alias prod");
    assertFalse(drop.isSet());
  }

  @Test
  void parsesDropShowDescribeExplain() {
    SqlDropModel version = (SqlDropModel) SqlscoreParser.parse("DROP MODEL ctr VERSION 2");
    assertEquals(2, version.version().getAsLong());
    SqlDropModel whole = (SqlDropModel) SqlscoreParser.parse("DROP MODEL IF EXISTS ctr");
    assertTrue(whole.ifExists());
    assertTrue(whole.version().isEmpty());
    assertInstanceOf(SqlShowModels.class, SqlscoreParser.parse("SHOW MODELS"));
    assertEquals("ctr@prod", ((SqlDescribeModel) SqlscoreParser.parse("DESCRIBE MODEL ctr@prod")).ref().text());
    assertEquals("ctr@3", ((SqlDescribeModel) SqlscoreParser.parse("DESCRIBE MODEL ctr@3")).ref().text());
    SqlExplainModel explain = (SqlExplainModel) SqlscoreParser.parse(
        "EXPLAIN MODEL ctr@latest ON (SELECT * FROM events WHERE day > 3) AS november");
    assertEquals("ctr@latest", explain.ref().text());
    assertInstanceOf(SqlSelect.class, explain.query());
    assertEquals("november", explain.saveAs().orElseThrow());
  }

  @Test
  void parsesCreateTableAsAndSet() {
    SqlCreateTableAs ctas = (SqlCreateTableAs) SqlscoreParser.parse(
        "CREATE OR REPLACE TABLE s.scored AS SELECT id FROM t");
    assertEquals(List.of("s", "scored"), ctas.name());
    assertEquals("CREATE OR REPLACE TABLE \"s\".\"scored\" AS ", ctas.prefix());
    assertInstanceOf(SqlSetOption.class, SqlscoreParser.parse("SET batch_size = 8192"));
  }

  @Test
  void keywordsRemainUsableAsIdentifiers() {
    SqlNode node = SqlscoreParser.parse("SELECT model, models, alias, version, temp FROM t WHERE x::INTEGER > 1");
    assertInstanceOf(SqlSelect.class, node);
    assertTrue(node.toString().contains("::"), node.toString());
  }

  @Test
  void commonColumnNamesAreIdentifiersNotFunctions() {
    SqlSelect select = (SqlSelect) SqlscoreParser.parse(
        "SELECT user, hour, day, value, key, state, size, year, version FROM t WHERE day = DATE '2026-11-01'");
    for (SqlNode item : select.getSelectList()) {
      assertInstanceOf(org.apache.calcite.sql.SqlIdentifier.class, item, item.toString());
    }
  }

  @Test
  void syntaxErrorsCarryThePosition() {
    SqlscoreException e = assertThrows(SqlscoreException.class,
        () -> SqlscoreParser.parse("SELECT a,\n  FROM t"));
    assertEquals(ErrorCode.SYNTAX_ERROR, e.code());
    assertTrue(e.getMessage().contains("line 2, column 3"), e.getMessage());
  }

  @Test
  void parsesTrainingWithHyperparametersQueryAndOptions() {
    SqlTrainModel node = (SqlTrainModel) SqlscoreParser.parse(
        "CREATE MODEL churn USING ARMNET_PLUS (nemb = 8, alpha = 1.7)\n"
            + "  AS SELECT age, plan, churned FROM customers WHERE signup < DATE '2026-01-01'\n"
            + "  WITH (label = 'churned', learning_rate = 2e-3, epochs = 30)");
    assertEquals("churn", node.name());
    assertEquals("armnet_plus", node.kind());
    assertEquals(Map.of("nemb", "8", "alpha", "1.7"), node.hyperparameters());
    assertEquals("SELECT age, plan, churned FROM customers WHERE signup < DATE '2026-01-01'", node.queryText());
    assertEquals("churned", node.options().get("label"));
    assertEquals(0.002, Double.parseDouble(node.options().get("learning_rate")));
  }

  @Test
  void trainingQueryIsKeptAsWrittenWithDuckDbSyntaxCommentsTabsAndCtes() {
    String query = "WITH t AS (SELECT * EXCLUDE (id) FROM \"my table\" -- the table\r\n)\tFROM t\n"
        + "  WHERE x IN (SELECT y FROM u)";
    SqlTrainModel node = (SqlTrainModel) SqlscoreParser.parse(
        "create model m using autoint as " + query + " /* ) WITH ( */\n with (label = 'y')");
    assertEquals(query, node.queryText());
    assertEquals(Map.of("label", "y"), node.options());
    SqlTrainModel bare = (SqlTrainModel) SqlscoreParser.parse("CREATE MODEL m USING armnet AS FROM t");
    assertEquals("FROM t", bare.queryText());
    assertEquals(Map.of(), bare.hyperparameters());
    assertEquals(Map.of(), bare.options());
  }

  @Test
  void bracketedListsAreOptionValues() {
    SqlTrainModel node = (SqlTrainModel) SqlscoreParser.parse(
        "CREATE MODEL m USING autoint (attn_dims = [32, 32, 64], nhead = 2) AS SELECT a, y FROM t");
    assertEquals("[32, 32, 64]", node.hyperparameters().get("attn_dims"));
  }

  @Test
  void trainingSyntaxErrorsSayWhatIsMissing() {
    SqlscoreException noQuery = assertThrows(SqlscoreException.class,
        () -> SqlscoreParser.parse("CREATE MODEL m USING armnet AS WITH (label = 'y')"));
    assertEquals(ErrorCode.SYNTAX_ERROR, noQuery.code());
    assertTrue(noQuery.getMessage().contains("needs a query after AS"), noQuery.getMessage());
    SqlscoreException twice = assertThrows(SqlscoreException.class,
        () -> ((SqlTrainModel) SqlscoreParser.parse(
            "CREATE MODEL m USING armnet AS SELECT a FROM t WITH (epochs = 1, EPOCHS = 2)")).options());
    assertEquals(ErrorCode.INVALID_ARGUMENT, twice.code());
    assertTrue(twice.getMessage().contains("'epochs' is given twice"), twice.getMessage());
  }

  @Test
  void parsesExportModel() {
    SqlExportModel node = (SqlExportModel) SqlscoreParser.parse("EXPORT MODEL churn@3 TO '/tmp/churn.zip'");
    assertEquals("churn@3", node.ref().text());
    assertEquals("/tmp/churn.zip", node.target());
    assertInstanceOf(SqlSelect.class, SqlscoreParser.parse("SELECT export FROM t"));
  }
}
