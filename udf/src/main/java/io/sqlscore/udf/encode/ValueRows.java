package io.sqlscore.udf.encode;

/**
 * A batch of rows held outside Arrow, as a row-oriented engine (Flink) holds them, which
 * {@link FeatureEncoder#encodeRows} reads value by value without turning each into a Java object:
 * column f holds feature f's values, all of the one Java type declared for the column. An integer
 * column (Byte, Short, Integer, Long) is read with {@link #integer}, a floating-point or decimal
 * one (Float, Double, BigDecimal) with {@link #number}, a Boolean one with {@link #bool}, a string
 * one with {@link #utf8}; only non-NULL values are read.
 */
public interface ValueRows {
  /** The number of rows. */
  int size();

  /** Whether row {@code row}'s value in column {@code column} is NULL. */
  boolean isNull(int row, int column);

  /** An integer column's value. */
  long integer(int row, int column);

  /** A floating-point or decimal column's value as a double. */
  double number(int row, int column);

  /** A boolean column's value. */
  boolean bool(int row, int column);

  /** A string column's value as UTF-8 bytes; the encoder neither keeps nor changes the array. */
  byte[] utf8(int row, int column);
}
