package io.sqlscore.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell with statements piped in (a script fed to {@code ./sqlscore --db f}): the
 * output holds the results only, without the banner, prompts or JLine's warning that it made a
 * plain terminal.
 */
class PipedShellTest {
  @TempDir Path dir;

  @Test
  void pipedStatementsPrintTheirResultsOnly() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("sqlscore.jvmArgs",
        "--add-opens=java.base/java.nio=ALL-UNNAMED --add-modules=jdk.incubator.vector").trim().split("\\s+")));
    command.addAll(List.of("-Duser.home=" + dir, "-cp", System.getProperty("java.class.path"),
        "io.sqlscore.shell.Main", "--db", dir.resolve("piped.duckdb").toString()));
    Path err = dir.resolve("err.txt");
    Process shell = new ProcessBuilder(command).redirectError(err.toFile()).start();
    shell.getOutputStream().write("SELECT 40 + 2 AS answer;\n.quit\n".getBytes(StandardCharsets.UTF_8));
    shell.getOutputStream().close();
    String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertTrue(shell.waitFor(60, TimeUnit.SECONDS), "the shell did not end at .quit");
    } finally {
      shell.destroyForcibly();
    }
    String errors = Files.readString(err);
    assertEquals(0, shell.exitValue(), out + errors);
    assertTrue(out.startsWith("+--------+\n| answer |\n+--------+\n|     42 |\n+--------+\n(1 row)\n"), out);
    assertFalse(out.contains("sqlscore>") || out.contains("Type .help"), out);
    assertFalse(errors.contains("terminal"), errors);
  }
}
