package io.sqlscore.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the output of a golden script run on another device (the GPU, {@code
 * -Dsqlscore.golden.device=gpu}) with the script, whose expected output the CPU produced. Three
 * things may differ: ArrowPredict's device label in plans ({@code device=gpu} against {@code
 * device=auto -> cpu}); decimal numbers, within the GPU backend's tolerance against the CPU
 * ({@code |got − expected| <= 1e-5 · max(1, |expected|)}, the bar of its parity checks), which
 * covers a rounded score whose last printed digit flips; and, since a number's printed width
 * can change with it, table borders and the padding of cells. Everything else (integers, text,
 * errors, row counts, row order) must be identical.
 */
final class DeviceTolerance {
  /** The bar of the GPU backend's parity checks, scaled by max(1, |expected|). */
  static final double TOLERANCE = 1e-5;

  private static final Pattern BORDER = Pattern.compile("^\\+[-+]*\\+$");
  private static final Pattern DEVICE = Pattern.compile("device=[^,)]*");
  private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+([eE][-+]?\\d+)?|[eE][-+]?\\d+)");

  /**
   * What sets the two outputs apart beyond what may differ (empty when they agree), and how many
   * lines agree only within the tolerance.
   */
  record Result(List<String> differences, int linesWithinTolerance) {}

  private DeviceTolerance() {}

  static Result compare(String expected, String actual) {
    List<String> want = normalized(expected);
    List<String> got = normalized(actual);
    List<String> differences = new ArrayList<>();
    int tolerated = 0;
    if (want.size() != got.size()) {
      differences.add("expected " + want.size() + " lines (without table borders), got " + got.size());
    }
    for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
      String e = want.get(i);
      String a = got.get(i);
      if (e.equals(a)) {
        continue;
      }
      if (withinTolerance(e, a)) {
        tolerated++;
      } else {
        differences.add("line " + (i + 1) + " (without borders):\n  expected: " + e + "\n  actual:   " + a);
      }
    }
    return new Result(differences, tolerated);
  }

  /** Lines without table borders, cells trimmed, device labels replaced by {@code device=<device>}. */
  private static List<String> normalized(String output) {
    List<String> lines = new ArrayList<>();
    for (String line : output.split("\n", -1)) {
      if (BORDER.matcher(line).matches()) {
        continue;
      }
      String text = DEVICE.matcher(line).replaceAll("device=<device>");
      if (text.startsWith("|")) {
        StringBuilder cells = new StringBuilder();
        for (String cell : text.split("\\|", -1)) {
          cells.append(cell.trim()).append('|');
        }
        text = cells.toString();
      }
      lines.add(text);
    }
    return lines;
  }

  /** Whether the lines are equal once each decimal number of {@code actual} may differ from {@code expected}'s within the tolerance. */
  private static boolean withinTolerance(String expected, String actual) {
    Matcher e = DECIMAL.matcher(expected);
    Matcher a = DECIMAL.matcher(actual);
    int ePos = 0;
    int aPos = 0;
    while (true) {
      boolean eFound = e.find();
      boolean aFound = a.find();
      if (eFound != aFound) {
        return false;
      }
      String eText = expected.substring(ePos, eFound ? e.start() : expected.length());
      String aText = actual.substring(aPos, aFound ? a.start() : actual.length());
      if (!eText.equals(aText)) {
        return false;
      }
      if (!eFound) {
        return true;
      }
      double want = Double.parseDouble(e.group());
      double got = Double.parseDouble(a.group());
      if (!(Math.abs(got - want) <= TOLERANCE * Math.max(1.0, Math.abs(want)))) {
        return false;
      }
      ePos = e.end();
      aPos = a.end();
    }
  }
}
