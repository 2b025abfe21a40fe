package io.sqlscore.registry;

/**
 * The outcome of importing a package.
 *
 * @param model the model name as stored
 * @param version the new version, or the existing version with the same package
 * @param created false when the package was already a version of the model
 * @param sha256 the package identity
 */
public record ImportResult(String model, long version, boolean created, String sha256) {}
