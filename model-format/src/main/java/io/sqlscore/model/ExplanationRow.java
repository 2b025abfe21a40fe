package io.sqlscore.model;

import java.util.List;

/**
 * One stored explanation item of a model version: a field's importance or a cross feature's
 * weight, with its rank among items of the same kind.
 *
 * @param kind {@code field} or {@code cross}
 * @param fields the field name, or the fields a cross feature combines
 * @param weight the importance or weight
 * @param rank 1 for the most important item of its kind
 */
public record ExplanationRow(String kind, List<String> fields, double weight, int rank) {}
