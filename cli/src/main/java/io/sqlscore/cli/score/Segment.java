package io.sqlscore.cli.score;

/**
 * One source of input rows (a file, or a table), in the job's stable order.
 *
 * @param source the file path or table name
 * @param positions the row numbers it spans, {@code [0, positions)}: a file's rows, a table's rowids
 * @param rows the rows among them to score (those that pass {@code --where})
 */
record Segment(String source, long positions, long rows) {}
