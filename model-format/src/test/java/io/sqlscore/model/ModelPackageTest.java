package io.sqlscore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageTest {
  private static final Path ADULT_ARMNET =
      Path.of(System.getProperty("sqlscore.repo", ".."), "sql-examples/models/adult-armnet_plus");
  private static final Path ADULT_AUTOINT =
      Path.of(System.getProperty("sqlscore.repo", ".."), "sql-examples/models/adult-autoint_plus");

  @TempDir Path dir;

  private Path copyWith(Path source, byte[] config, byte[] weights) throws IOException {
    Path target = Files.createDirectories(dir.resolve("pkg"));
    Files.write(target.resolve("config.json"), config == null ? Files.readAllBytes(source.resolve("config.json")) : config);
    Files.write(
        target.resolve("weights.safetensors"),
        weights == null ? Files.readAllBytes(source.resolve("weights.safetensors")) : weights);
    return target;
  }

  private Path withWeights(Map<String, TensorFileWriter.Entry> entries) throws IOException {
    return copyWith(ADULT_ARMNET, null, TensorFileWriter.write(entries));
  }

  private static Map<String, TensorFileWriter.Entry> adultEntries() {
    return TensorFileWriter.entries(SafeTensors.open(ADULT_ARMNET.resolve("weights.safetensors")));
  }

  private static String refused(Path pkg) {
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> ModelPackage.open(pkg));
    assertEquals(ErrorCode.CORRUPT_MODEL_PACKAGE, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(pkg.toString()), e.getMessage());
    return e.getMessage();
  }

  @Test
  void opensBundledPackages() {
    ModelPackage armnet = ModelPackage.open(ADULT_ARMNET);
    assertEquals(ModelKind.ARMNET_PLUS, armnet.config().kind());
    assertEquals(14, armnet.config().features().size());
    assertEquals(0.909002, armnet.metrics().orElseThrow().get("auc").asDouble());
    assertTrue(armnet.readme().isEmpty());
    assertEquals(64, armnet.sha256().length());
    ModelPackage autoint = ModelPackage.open(ADULT_AUTOINT);
    assertEquals(ModelKind.AUTOINT_PLUS, autoint.config().kind());
    assertNotEquals(armnet.sha256(), autoint.sha256());
  }

  @Test
  void zipDirectoryAndBytesHaveTheSameIdentity() throws IOException {
    ModelPackage fromDir = ModelPackage.open(ADULT_ARMNET);
    Path zip = dir.resolve("adult.zip");
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (String name : new String[] {"config.json", "weights.safetensors", "metrics.json"}) {
        out.putNextEntry(new ZipEntry(name));
        out.write(Files.readAllBytes(ADULT_ARMNET.resolve(name)));
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("README.md"));
      out.write("Adult income".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    ModelPackage fromZip = ModelPackage.open(zip);
    assertEquals(fromDir.sha256(), fromZip.sha256());
    assertEquals("Adult income", fromZip.readme().orElseThrow());
    ModelPackage fromBytes =
        ModelPackage.of(
            fromDir.config().rawJson(), ByteBuffer.wrap(toArray(fromDir.weightsBytes())), null, null, "adult@1");
    assertEquals(fromDir.sha256(), fromBytes.sha256());
    assertArrayEquals(
        fromDir.weights().floats("ensemble_layer.weight"), fromBytes.weights().floats("ensemble_layer.weight"));
    assertEquals(fromDir.weights().sizeBytes() + fromDir.config().rawJson().length, fromBytes.sizeBytes());
  }

  @Test
  void reformattedConfigKeepsTheIdentityButChangedWeightsDoNot() throws IOException {
    ModelPackage original = ModelPackage.open(ADULT_ARMNET);
    String config = new String(original.config().rawJson(), StandardCharsets.UTF_8).replace("\n", "\n  ");
    ModelPackage reformatted = ModelPackage.open(copyWith(ADULT_ARMNET, config.getBytes(StandardCharsets.UTF_8), null));
    assertEquals(original.sha256(), reformatted.sha256());
    Map<String, TensorFileWriter.Entry> entries = adultEntries();
    entries.get("ensemble_layer.bias").data[0] ^= 1;
    Files.write(dir.resolve("pkg/weights.safetensors"), TensorFileWriter.write(entries));
    assertNotEquals(original.sha256(), ModelPackage.open(dir.resolve("pkg")).sha256());
  }

  @Test
  void missingPathIsNotFound() {
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> ModelPackage.open(dir.resolve("nope")));
    assertEquals(ErrorCode.MODEL_PACKAGE_NOT_FOUND, e.code());
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    Path pkg = copyWith(ADULT_ARMNET, null, null);
    Files.delete(pkg.resolve("weights.safetensors"));
    assertTrue(refused(pkg).contains("has no weights.safetensors"));
    Files.delete(pkg.resolve("config.json"));
    assertTrue(refused(pkg).contains("has no config.json"));
  }

  @Test
  void truncatedWeightsAreRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(ADULT_ARMNET.resolve("weights.safetensors"));
    Path pkg = copyWith(ADULT_ARMNET, null, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertTrue(refused(pkg).contains("truncated"));
  }

  @Test
  void corruptHeaderIsRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(ADULT_ARMNET.resolve("weights.safetensors"));
    bytes[8] = 'x';
    assertTrue(refused(copyWith(ADULT_ARMNET, null, bytes)).contains("not valid JSON"));
  }

  @Test
  void missingTensorIsNamed() throws IOException {
    Map<String, TensorFileWriter.Entry> entries = adultEntries();
    entries.remove("deep_mlp.mlp.4.weight");
    String message = refused(withWeights(entries));
    assertTrue(message.contains("tensor 'deep_mlp.mlp.4.weight' is missing"), message);
    assertTrue(message.contains("[64, 64]"), message);
  }

  @Test
  void wrongShapeIsNamed() throws IOException {
    Map<String, TensorFileWriter.Entry> entries = adultEntries();
    entries.get("attn_layer.query").shape = new long[] {8, 4, 8};
    String message = refused(withWeights(entries));
    assertTrue(message.contains("tensor 'attn_layer.query' has shape [8, 4, 8]"), message);
    assertTrue(message.contains("implies [4, 8, 8]"), message);
  }

  @Test
  void wrongDtypeIsNamed() throws IOException {
    Map<String, TensorFileWriter.Entry> entries = adultEntries();
    entries.get("arm_bn.weight").dtype = "I32";
    assertTrue(refused(withWeights(entries)).contains("tensor 'arm_bn.weight' is I32, expected F32"));
    entries.get("arm_bn.weight").dtype = "F16";
    entries.get("arm_bn.weight").data = new byte[64];
    assertTrue(refused(withWeights(entries)).contains("'arm_bn.weight' as dtype F16"));
  }

  @Test
  void configThatDoesNotMatchTheWeightsIsRefused() throws IOException {
    String config =
        new String(Files.readAllBytes(ADULT_ARMNET.resolve("config.json")), StandardCharsets.UTF_8);
    String plain = config.replace("\"armnet_plus\"", "\"armnet\"");
    String message = refused(copyWith(ADULT_ARMNET, plain.getBytes(StandardCharsets.UTF_8), null));
    assertTrue(message.contains("is not part of a armnet model"), message);
    String wider = config.replace("\"nhid\": 8", "\"nhid\": 4");
    message = refused(copyWith(ADULT_ARMNET, wider.getBytes(StandardCharsets.UTF_8), null));
    assertTrue(message.contains("'attn_layer.query' has shape [4, 8, 8]"), message);
  }

  @Test
  void extraTensorIsRefusedButBatchCountersAreIgnored() throws IOException {
    Map<String, TensorFileWriter.Entry> entries = adultEntries();
    assertTrue(entries.containsKey("arm_bn.num_batches_tracked"));
    entries.put("extra.weight", new TensorFileWriter.Entry("F32", new long[] {1}, new byte[4]));
    assertTrue(refused(withWeights(entries)).contains("tensor 'extra.weight' [1] is not part of"));
  }

  @Test
  void badConfigKeyNamesPackageAndKey() throws IOException {
    String config =
        new String(Files.readAllBytes(ADULT_ARMNET.resolve("config.json")), StandardCharsets.UTF_8);
    String message = refused(copyWith(ADULT_ARMNET, config.replace("\"nemb\"", "\"n_emb\"").getBytes(StandardCharsets.UTF_8), null));
    assertTrue(message.contains("'nemb' is missing"), message);
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
