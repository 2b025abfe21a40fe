package io.sqlscore.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Distinct model packages for registry tests: copies of a bundled package whose config differs
 * in its description and whose last weight differs in its lowest mantissa bits, so each has
 * its own identity (sha256) and its own weights blob.
 */
final class PackageVariants {
  private PackageVariants() {}

  /** The bundled Adult AutoInt+ package directory. */
  static Path adultAutoInt() {
    return Path.of(System.getProperty("sqlscore.repo", "..")).resolve("sql-examples/models/adult-autoint_plus");
  }

  /** Writes variant {@code n} of {@code source} under {@code dir} and returns its directory. */
  static Path variant(Path source, Path dir, String n) throws IOException {
    Path target = dir.resolve("variant-" + n);
    Files.createDirectories(target);
    byte[] weights = Files.readAllBytes(source.resolve("weights.safetensors"));
    int tweak = (n.hashCode() & 0x7fff) + 1;
    weights[weights.length - 4] ^= (byte) tweak;
    weights[weights.length - 3] ^= (byte) (tweak >>> 8);
    Files.write(target.resolve("weights.safetensors"), weights);
    String config = Files.readString(source.resolve("config.json"), StandardCharsets.UTF_8);
    String changed = config.replaceFirst("\"description\"\\s*:\\s*\"[^\"]*\"",
        "\"description\": \"variant " + n + "\"");
    if (changed.equals(config)) {
      throw new IllegalStateException("no description to vary in " + source);
    }
    Files.writeString(target.resolve("config.json"), changed, StandardCharsets.UTF_8);
    return target;
  }
}
