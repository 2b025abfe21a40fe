package io.sqlscore.examples;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Wraps a connection so that the values golden scripts see are machine-independent: the
 * repository path becomes {@code <repo>}, timestamps become {@code <timestamp>} and the user
 * name becomes {@code <user>}. Everything else is untouched.
 */
final class NormalizedValues {
  private static final Pattern TIMESTAMP = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}(:?\\d{2})?)?");

  private NormalizedValues() {}

  static Connection wrap(Connection connection, Path repo) {
    String repoPath = repo.toAbsolutePath().normalize().toString();
    String user = System.getProperty("user.name", "unknown");
    return proxy(connection, Connection.class, repoPath, user);
  }

  private static <T> T proxy(Object target, Class<T> type, String repo, String user) {
    InvocationHandler handler = (p, method, args) -> {
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof ResultSet && method.getReturnType() == ResultSet.class) {
        return proxy(result, ResultSet.class, repo, user);
      }
      if (result instanceof Statement && method.getReturnType().isInterface()
          && Statement.class.isAssignableFrom(method.getReturnType())) {
        return proxy(result, method.getReturnType(), repo, user);
      }
      if (result instanceof String && type == ResultSet.class && method.getName().equals("getString")) {
        String text = ((String) result).replace(repo, "<repo>");
        text = TIMESTAMP.matcher(text).replaceAll("<timestamp>");
        return text.equals(user) ? "<user>" : text;
      }
      return result;
    };
    return type.cast(Proxy.newProxyInstance(NormalizedValues.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
