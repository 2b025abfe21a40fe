/**
 * The sqlscore model provider for Apache Flink 2.x's {@code ML_PREDICT}: the factory that Flink
 * discovers as {@code 'provider' = 'sqlscore'} ({@link io.sqlscore.flink.SqlscoreModelProviderFactory},
 * its options in {@link io.sqlscore.flink.SqlscoreOptions}), which pins a model version when a
 * job is planned and checks the Flink model's INPUT and OUTPUT against it; and the runtime that
 * ships with the job: the synchronous and asynchronous predict functions, the batching of rows,
 * and the models shared by the subtasks of a task manager.
 */
package io.sqlscore.flink;
