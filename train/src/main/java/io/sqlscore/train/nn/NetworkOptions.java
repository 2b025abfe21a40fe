package io.sqlscore.train.nn;

/**
 * Training-time settings a network needs beyond its config.
 *
 * @param dropout the MLPs' dropout probability (0 for none)
 * @param gateTemperature ARM-Net's attention scores are divided by it before the gates (1 for
 *     the official model; below 1 sharpens the gates, so fewer fields stay open per neuron)
 * @param seed seeds the dropout masks
 */
public record NetworkOptions(float dropout, double gateTemperature, long seed) {
  /** The official model: no dropout, temperature 1. */
  public static NetworkOptions plain(long seed) {
    return new NetworkOptions(0f, 1.0, seed);
  }
}
