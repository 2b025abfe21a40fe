package io.sqlscore.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlscore.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DuckDbErrorsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Parser Error: syntax error at or near \"selec\"|SYNTAX_ERROR",
      "Catalog Error: Table with name nope does not exist!|UNDEFINED_TABLE",
      "Catalog Error: Table with name t already exists!|DUPLICATE_OBJECT",
      "Catalog Error: Scalar Function with name foo does not exist!|UNDEFINED_FUNCTION",
      "Binder Error: Referenced column \"nope\" not found in FROM clause!|UNDEFINED_COLUMN",
      "Binder Error: Ambiguous reference to column name \"id\"|AMBIGUOUS_COLUMN",
      "Binder Error: No function matches the given name and argument types 'f(INT)'|UNDEFINED_FUNCTION",
      "Conversion Error: Could not convert string 'a' to INT32|CONVERSION_ERROR",
      "Constraint Error: Duplicate key \"id: 1\"|CONSTRAINT_VIOLATION",
      "Out of Range Error: Overflow in addition|NUMERIC_OUT_OF_RANGE",
      "TransactionContext Error: Catalog write-write conflict on create|TRANSACTION_CONFLICT",
      "INTERRUPT Error: Interrupted!|QUERY_CANCELED",
      "IO Error: No files found that match the pattern|IO_ERROR",
      "Something else entirely|DATABASE_ERROR",
  })
  void classifiesDuckDbMessages(String message, ErrorCode expected) {
    assertEquals(expected, DuckDbErrors.classify(message));
  }
}
