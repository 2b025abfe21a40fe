package io.sqlscore.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the test classes that share one server: each starts {@link #fixture} in its own
 * {@code @BeforeAll} (on a database under {@link #dir}); this stops it after the class and checks
 * after every test that the test left no Arrow memory, scan or model lease behind.
 */
abstract class SharedServerTest {
  @TempDir
  static Path dir;
  static ServerFixture fixture;

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
      fixture = null;
    }
  }

  @AfterEach
  void released() throws InterruptedException {
    fixture.awaitReleased();
  }
}
