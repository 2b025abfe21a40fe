package io.sqlscore.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import org.junit.jupiter.api.Test;

class ModelRefTest {
  @Test
  void parsesNameVersionAndAlias() {
    ModelRef plain = ModelRef.parse("ctr");
    assertEquals("ctr", plain.name());
    assertEquals(ModelRef.LATEST, plain.alias());
    assertFalse(plain.version().isPresent());
    assertEquals(3, ModelRef.parse("ctr@3").version().getAsLong());
    assertEquals("prod", ModelRef.parse(" Ctr@PROD ").alias());
    assertEquals("Ctr@PROD", ModelRef.parse(" Ctr@PROD ").toString());
  }

  @Test
  void rejectsMalformedReferences() {
    for (String bad : new String[] {"", "@3", "ctr@", "1ctr", "ctr@pr od", "a-b"}) {
      SqlscoreException e = assertThrows(SqlscoreException.class, () -> ModelRef.parse(bad), bad);
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }
  }
}
