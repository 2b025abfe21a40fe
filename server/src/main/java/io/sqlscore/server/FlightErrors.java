package io.sqlscore.server;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * sqlscore errors as Flight call statuses: the status says the kind of failure, the description
 * carries sqlscore's message (error code, what went wrong, what to do) and its SQLSTATE.
 */
final class FlightErrors {
  private FlightErrors() {}

  /** The Flight error for {@code e}; Flight errors pass unchanged, anything else is INTERNAL. */
  static FlightRuntimeException of(Throwable e) {
    if (e instanceof FlightRuntimeException) {
      return (FlightRuntimeException) e;
    }
    if (e instanceof SqlscoreException) {
      SqlscoreException s = (SqlscoreException) e;
      return status(s.code()).withDescription(s.getMessage() + " (SQLSTATE " + s.sqlState() + ")")
          .toRuntimeException();
    }
    return CallStatus.INTERNAL.withDescription("INTERNAL_ERROR: " + e).withCause(e).toRuntimeException();
  }

  private static CallStatus status(ErrorCode code) {
    switch (code) {
      case PERMISSION_DENIED:
        return CallStatus.UNAUTHORIZED;
      case QUERY_CANCELED:
        return CallStatus.CANCELLED;
      case QUERY_TIMEOUT:
        return CallStatus.TIMED_OUT;
      case MODEL_NOT_FOUND:
      case VERSION_NOT_FOUND:
      case ALIAS_NOT_FOUND:
      case MODEL_PACKAGE_NOT_FOUND:
      case UNDEFINED_TABLE:
        return CallStatus.NOT_FOUND;
      case DUPLICATE_OBJECT:
      case DUPLICATE_PACKAGE:
        return CallStatus.ALREADY_EXISTS;
      case OUT_OF_MEMORY:
        return CallStatus.RESOURCE_EXHAUSTED;
      case GPU_UNAVAILABLE:
      case CONNECTION_CLOSED:
      case CONNECTION_FAILURE:
        return CallStatus.UNAVAILABLE;
      case NOT_SUPPORTED:
        return CallStatus.UNIMPLEMENTED;
      case IO_ERROR:
      case DATABASE_ERROR:
      case INTERNAL_ERROR:
      case CORRUPT_MODEL_PACKAGE:
        return CallStatus.INTERNAL;
      default:
        return CallStatus.INVALID_ARGUMENT;
    }
  }
}
