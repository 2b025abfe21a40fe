/**
 * Progress of long statements on the command line: {@link io.sqlscore.cli.progress.Progress}
 * formats one line (rows done, of how many, rate, ETA, files), and
 * {@link io.sqlscore.cli.progress.ProgressReporter} prints it while work runs, as one live line
 * on a terminal or as a plain line every few seconds in a log.
 */
package io.sqlscore.cli.progress;
