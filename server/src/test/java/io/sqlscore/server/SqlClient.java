package io.sqlscore.server;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A raw Arrow Flight SQL client signed in to a test server, with its own allocator. */
final class SqlClient implements AutoCloseable {
  final BufferAllocator allocator = new RootAllocator();
  final FlightClient flight;
  final FlightSqlClient sql;
  final CallOption token;

  /** Signs in to the server of {@code fixture} as {@code user}. */
  SqlClient(ServerFixture fixture, String user, String password) {
    flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build();
    token = flight.authenticateBasicToken(user, password).orElseThrow();
    sql = new FlightSqlClient(flight);
  }

  /** Runs a query and returns the text of its first column, row by row. */
  List<String> column(String query) throws Exception {
    FlightInfo info = sql.execute(query, token);
    List<String> values = new ArrayList<>();
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), token)) {
      while (stream.next()) {
        VectorSchemaRoot root = stream.getRoot();
        for (int r = 0; r < root.getRowCount(); r++) {
          Object value = root.getVector(0).getObject(r);
          values.add(value == null ? null : value.toString());
        }
      }
    }
    return values;
  }

  @Override
  public void close() throws Exception {
    try {
      flight.close();
    } finally {
      allocator.close();
    }
  }
}
