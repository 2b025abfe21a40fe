package io.sqlscore.planner.engine;

import java.util.List;

/**
 * Everything a prepared statement needs to run once: the session, the parameter values (in
 * parameter order) and the control state of this execution.
 *
 * @param session the connection's session
 * @param parameters the statement parameter values
 * @param query the cancellation and error state of this execution
 */
public record ExecutionContext(Session session, List<Object> parameters, QueryContext query) {}
