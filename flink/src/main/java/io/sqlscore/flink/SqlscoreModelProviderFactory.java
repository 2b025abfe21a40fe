package io.sqlscore.flink;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sqlscore} model provider of Flink's {@code CREATE MODEL ... WITH ('provider' =
 * 'sqlscore', ...)}, found through Flink's factory discovery. When a job with ML_PREDICT is
 * planned it reads the model once (a registry version resolved from {@code model}, or a
 * {@code package}), checks the Flink model's INPUT and OUTPUT against it, and pins that version
 * into the job (logged, with its identity, by this class).
 */
public final class SqlscoreModelProviderFactory implements ModelProviderFactory {
  /** The provider's name in {@code 'provider' = 'sqlscore'}. */
  public static final String IDENTIFIER = "sqlscore";

  private static final Logger LOG = LoggerFactory.getLogger(SqlscoreModelProviderFactory.class);

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(SqlscoreOptions.REGISTRY, SqlscoreOptions.MODEL, SqlscoreOptions.PACKAGE, SqlscoreOptions.EXPLAIN,
        SqlscoreOptions.BATCH_SIZE, SqlscoreOptions.DEVICE, SqlscoreOptions.MAX_DELAY);
  }

  @Override
  public ModelProvider createModelProvider(Context context) {
    FactoryUtil.ModelProviderFactoryHelper helper = FactoryUtil.createModelProviderFactoryHelper(this, context);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    int batchSize = batchSize(options);
    String device = device(options);
    long maxDelayMillis = maxDelayMillis(options);
    PinnedModel model = pin(options, context.getObjectIdentifier().getObjectName());
    ResolvedCatalogModel catalogModel = context.getCatalogModel();
    Integer k = options.getOptional(SqlscoreOptions.EXPLAIN).orElse(null);
    ModelColumns columns = ModelColumns.bind(model, model.config(),
        catalogModel.getResolvedInputSchema(), catalogModel.getResolvedOutputSchema(), k);
    ScoringPlan plan = new ScoringPlan(model, columns, k == null ? 0 : k, batchSize, device, maxDelayMillis,
        context.getConfiguration().get(ExecutionConfigOptions.TABLE_EXEC_ASYNC_ML_PREDICT_MAX_CONCURRENT_OPERATIONS));
    LOG.info("sqlscore: Flink model {} scores with {}", context.getObjectIdentifier().asSummaryString(),
        plan.describe());
    return new SqlscoreModelProvider(plan);
  }

  private static PinnedModel pin(ReadableConfig options, String flinkName) {
    Optional<String> registry = options.getOptional(SqlscoreOptions.REGISTRY);
    Optional<String> model = options.getOptional(SqlscoreOptions.MODEL);
    Optional<String> pkg = options.getOptional(SqlscoreOptions.PACKAGE);
    if (pkg.isPresent() && (registry.isPresent() || model.isPresent())) {
      throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
          "Flink model %s: give either 'package' or 'registry' with 'model', not both", flinkName);
    }
    if (pkg.isPresent()) {
      return PinnedModel.ofPackage(flinkName, pkg.get(), ModelPackage.open(Path.of(pkg.get())));
    }
    if (registry.isEmpty() || model.isEmpty()) {
      throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
          "Flink model %s: say which model to score with: 'registry' = '<DuckDB database>' with "
              + "'model' = '<name>[@version|@alias]', or 'package' = '<model package directory or .zip>'",
          flinkName);
    }
    return RegistryModels.pin(registry.get(), model.get());
  }

  private static int batchSize(ReadableConfig options) {
    int size = options.get(SqlscoreOptions.BATCH_SIZE);
    if (size < 1 || size > 1 << 20) {
      throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
          "'batch-size' must be from 1 to 1048576 rows, not %d", size);
    }
    return size;
  }

  private static String device(ReadableConfig options) {
    String device = options.get(SqlscoreOptions.DEVICE).toLowerCase(Locale.ROOT);
    if (!device.equals("auto") && !device.equals("cpu") && !device.equals("gpu")) {
      throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
          "'device' must be 'auto', 'cpu' or 'gpu', not '%s'", options.get(SqlscoreOptions.DEVICE));
    }
    return device;
  }

  private static long maxDelayMillis(ReadableConfig options) {
    long millis = options.get(SqlscoreOptions.MAX_DELAY).toMillis();
    if (millis < 1) {
      throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
          "'max-delay' must be at least 1 ms, not %s", options.get(SqlscoreOptions.MAX_DELAY));
    }
    return millis;
  }
}
