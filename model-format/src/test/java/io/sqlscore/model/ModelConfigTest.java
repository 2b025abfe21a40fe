package io.sqlscore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
  private static final String FEATURES =
      "\"features\":["
          + "{\"name\":\"user\",\"encoding\":\"id\",\"min_id\":0,\"max_id\":9},"
          + "{\"name\":\"city\",\"encoding\":\"vocabulary\",\"vocabulary\":{\"Berlin\":11,\"Paris\":12},"
          + "\"oov_id\":10},"
          + "{\"name\":\"age\",\"encoding\":\"numeric\",\"id\":13,\"min\":17,\"max\":90,"
          + "\"null\":{\"default\":0.5}}]";

  private static String armnet(String extra) {
    return "{\"model_kind\":\"armnet_plus\",\"nfield\":3,\"nfeat\":14,\"nemb\":4,\"nhead\":2,"
        + "\"nhid\":3,\"alpha\":1.5,\"mlp_nlayer\":1,\"mlp_nhid\":8,\"deep_nlayer\":0"
        + extra
        + "}";
  }

  private static ModelConfig parse(String json) {
    return ModelConfig.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String refused(String json) {
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> parse(json));
    assertEquals(ErrorCode.CORRUPT_MODEL_PACKAGE, e.code());
    return e.getMessage();
  }

  @Test
  void buildsFromValuesWhatParsingReadsBack() {
    ModelConfig parsed = parse(armnet("," + FEATURES));
    java.util.Map<String, Object> hyper = new java.util.LinkedHashMap<>();
    hyper.put("nfield", 3);
    hyper.put("nfeat", 14);
    hyper.put("nemb", 4);
    hyper.put("nhead", 2);
    hyper.put("nhid", 3);
    hyper.put("alpha", 1.5);
    hyper.put("mlp_nlayer", 1);
    hyper.put("mlp_nhid", 8);
    hyper.put("deep_nlayer", 0);
    ModelConfig built = ModelConfig.of(ModelKind.ARMNET_PLUS, Task.REGRESSION, hyper, parsed.features());
    assertEquals(Task.REGRESSION, built.task());
    assertEquals(parsed.features().toString(), built.features().toString());
    assertEquals(parsed.alpha(), built.alpha());
    assertEquals(parsed.mlpHidden(), built.mlpHidden());
    assertEquals(built.canonicalJson(), ModelConfig.parse(built.rawJson()).canonicalJson());
    assertTrue(new String(built.rawJson(), StandardCharsets.UTF_8).startsWith("{\n  \"format\" : \"sqlscore-model/1\""));
    hyper.put("alpha", 0.5);
    SqlscoreException e = assertThrows(
        SqlscoreException.class, () -> ModelConfig.of(ModelKind.ARMNET_PLUS, Task.BINARY, hyper, parsed.features()));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
  }

  @Test
  void parsesHyperparametersAndFeatures() {
    ModelConfig c = parse(armnet("," + FEATURES));
    assertEquals(ModelKind.ARMNET_PLUS, c.kind());
    assertEquals(Task.BINARY, c.task());
    assertEquals(3, c.nhid());
    assertEquals(1.5, c.alpha());
    assertEquals(0, c.deepHidden());
    assertEquals(3, c.features().size());
    FeatureSpec city = c.features().get(1);
    assertEquals(FeatureSpec.Encoding.VOCABULARY, city.encoding());
    assertEquals(NullPolicy.OOV, city.nullPolicy());
    assertEquals(12, city.lookup("Paris"));
    assertEquals(10, city.lookup("Rome"));
    assertEquals("vocabulary of 2 values, other values -> id 10", city.describeType());
    assertEquals("NULL -> id 10", city.describeNullPolicy());
    FeatureSpec user = c.features().get(0);
    assertEquals(NullPolicy.ERROR, user.nullPolicy());
    assertEquals("id in [0, 9]; NULL is an error", user.describeType() + "; " + user.describeNullPolicy());
    FeatureSpec age = c.features().get(2);
    assertEquals(0.5f, age.scale(53.5));
    assertEquals("numeric, id 13, value (x - 17) / (90 - 17)", age.describeType());
    assertEquals("NULL -> value 0.5", age.describeNullPolicy());
  }

  @Test
  void autoIntAndRegressionWithoutFeatures() {
    ModelConfig c =
        parse(
            "{\"model_kind\":\"autoint\",\"task\":\"regression\",\"nfield\":3,\"nfeat\":14,"
                + "\"nemb\":4,\"nhead\":2,\"attn_dims\":[8,6]}");
    assertEquals(Task.REGRESSION, c.task());
    assertArrayEquals(new int[] {8, 6}, c.attnDims());
    assertFalse(c.hasFeatures());
    assertEquals(2.5, c.task().score(2.5));
  }

  @Test
  void canonicalJsonSortsKeysAndDropsWhitespace() {
    ModelConfig a = parse(armnet(",\"z\":{\"b\":1,\"a\":[2, {\"y\":1,\"x\":2}]}"));
    assertEquals(
        "{\"alpha\":1.5,\"deep_nlayer\":0,\"mlp_nhid\":8,\"mlp_nlayer\":1,\"model_kind\":\"armnet_plus\","
            + "\"nemb\":4,\"nfeat\":14,\"nfield\":3,\"nhead\":2,\"nhid\":3,"
            + "\"z\":{\"a\":[2,{\"x\":2,\"y\":1}],\"b\":1}}",
        a.canonicalJson());
    ModelConfig b = parse("  " + armnet(",\"z\":{\"a\":[2,{\"x\":2,\"y\":1}],   \"b\":1}"));
    assertEquals(a.canonicalJson(), b.canonicalJson());
  }

  @Test
  void missingOrBadKeysAreNamed() {
    assertTrue(refused(armnet("").replace("\"nemb\":4,", "")).contains("'nemb' is missing"));
    assertTrue(refused(armnet("").replace("\"nhead\":2", "\"nhead\":\"2\"")).contains("'nhead' must be an integer"));
    assertTrue(refused(armnet("").replace("armnet_plus", "xgboost")).contains("'model_kind'"));
    assertTrue(refused(armnet("").replace("\"alpha\":1.5", "\"alpha\":0.5")).contains("'alpha'"));
    assertTrue(refused(armnet(",\"task\":\"ranking\"")).contains("'task'"));
    assertTrue(refused("[1]").contains("JSON object"));
    assertTrue(refused("{").contains("not valid JSON"));
    assertTrue(
        refused("{\"model_kind\":\"autoint\",\"nfield\":3,\"nfeat\":14,\"nemb\":4,\"nhead\":2,\"attn_dims\":[8,5]}")
            .contains("'attn_dims[1]' (5) must be divisible by nhead (2)"));
  }

  @Test
  void featureListIsValidated() {
    assertTrue(
        refused(armnet(",\"features\":[]")).contains("'features' has 0 entries but nfield is 3"));
    assertTrue(
        refused(armnet("," + FEATURES.replace("\"max_id\":9", "\"max_id\":14")))
            .contains("'features[0] (user).max_id' must be in [0, 13], found 14"));
    assertTrue(
        refused(armnet("," + FEATURES.replace("\"Paris\":12", "\"Paris\":99")))
            .contains("features[1] (city).vocabulary[\"Paris\"]"));
    assertTrue(refused(armnet("," + FEATURES.replace("\"oov_id\":10", "\"oov_id\":-1"))).contains("oov_id"));
    assertTrue(
        refused(armnet("," + FEATURES.replace("\"min\":17", "\"min\":95"))).contains("must be greater than min"));
    assertTrue(refused(armnet("," + FEATURES.replace("\"name\":\"age\"", "\"name\":\"USER\""))).contains("used by two"));
    assertTrue(
        refused(armnet("," + FEATURES.replace("\"encoding\":\"id\",", "\"encoding\":\"id\",\"null\":\"oov\",")))
            .contains("only valid for vocabulary"));
    assertTrue(refused(armnet("," + FEATURES.replace("numeric", "float"))).contains("features[2] (age).encoding"));
  }
}
