package io.sqlscore.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/** {@link Wrapper} for driver objects that wrap nothing a client may reach: they unwrap to themselves. */
interface SelfWrapper extends Wrapper {
  @Override
  default <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw JdbcErrors.unsupported("unwrap to " + iface.getName());
  }

  @Override
  default boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
