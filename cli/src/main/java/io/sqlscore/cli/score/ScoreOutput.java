package io.sqlscore.cli.score;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * Where a job's scored rows go, committed chunk by chunk so that a chunk is visible completely or
 * not at all, with a record of the job and of every committed chunk that a rerun resumes from.
 */
interface ScoreOutput extends AutoCloseable {
  /**
   * What an output holds from an earlier run.
   *
   * @param job the job's record
   * @param chunks the committed chunks and their row counts
   * @param finished whether the job finished
   */
  record Committed(JobRecord job, Map<Integer, Long> chunks, boolean finished) {}

  /** The output, for messages: {@code folder 'scored/'} or {@code table events_scored}. */
  String describe();

  /**
   * The job this output holds, after removing what an interrupted run left uncommitted; empty for
   * an output that does not exist yet.
   *
   * @throws io.sqlscore.error.SqlscoreException DUPLICATE_OBJECT when the output exists but holds
   *     something a score job did not write
   */
  Optional<Committed> existing();

  /**
   * Whether writing this output (or clearing it for {@code --overwrite}) would change what
   * {@code input} reads: a table that is the input table, a folder that holds input files.
   */
  boolean overlaps(ScoreInput input);

  /** Removes what an earlier job wrote, to start again ({@code --overwrite}). */
  void clear();

  /** Records a new job, before its first chunk. */
  void start(JobRecord job);

  /**
   * Scores chunk {@code chunk} by running {@code query} (a scoring SELECT) on {@code statement},
   * commits it, and returns its row count. On failure nothing of the chunk stays visible.
   */
  long write(int chunk, String query, Statement statement) throws SQLException;

  /** Records that the job finished. */
  void finish();

  @Override
  void close();
}
