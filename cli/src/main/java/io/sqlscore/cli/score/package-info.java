/**
 * {@code sqlscore score}: batch scoring of Parquet or CSV files, or a table, into a folder of
 * scored files or a table, that a scheduler can kill and rerun. The input is read in a stable
 * order (files by path, then row number; a table by rowid) and cut into chunks of
 * {@code --rows-per-file} positions; each chunk is scored through the engine
 * ({@code PREDICT}/{@code EXPLAIN_PREDICT} over a view of the chunk, streamed as Arrow) and
 * committed whole: a file renamed into place and recorded in the folder's manifest, or a
 * transaction on the output table and its progress table. A rerun resumes after the last
 * committed chunk with the model version the job started with; a rerun with other options
 * refuses unless {@code --overwrite}.
 */
package io.sqlscore.cli.score;
