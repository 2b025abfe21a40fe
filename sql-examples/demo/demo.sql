-- Step 1. Load the bundled UCI Adult test data (CC BY 4.0; see sql-examples/data/adult/SOURCE.md)
-- into DuckDB: the raw census columns, 16,281 rows.
CREATE TABLE adult_test AS
SELECT * FROM read_csv('{{home}}/sql-examples/data/adult/adult_test.csv', header = true, nullstr = '');

-- Step 2. Import the bundled reference-trained ARM-Net+ model as version 1, alias prod.
CREATE MODEL adult FROM '{{home}}/sql-examples/models/adult-armnet_plus'
WITH (alias = 'prod', description = 'UCI Adult: income above 50K');

-- Step 3. The model is an ordinary database object.
DESCRIBE MODEL adult@prod;

-- Step 4. Score every row with PREDICT over the raw columns, straight into a table.
CREATE TABLE scored AS
SELECT id, label, PREDICT('adult@prod', age, workclass, fnlwgt, education, education_num, marital_status,
       occupation, relationship, race, sex, capital_gain, capital_loss, hours_per_week, native_country) AS p
FROM adult_test;

-- Step 5. The AUC of those scores, computed in SQL (rank sum of the positives).
WITH ranked AS (SELECT label, rank() OVER (ORDER BY p) AS r FROM scored)
SELECT round((sum(r) FILTER (WHERE label = 1)
        - count(*) FILTER (WHERE label = 1) * (count(*) FILTER (WHERE label = 1) + 1) / 2.0)
       / (count(*) FILTER (WHERE label = 1) * count(*) FILTER (WHERE label = 0)), 4) AS auc,
       count(*) AS rows
FROM ranked;

-- Step 6. A few rows with their explanation: the cross features that drove the score, with
-- the row's values of the fields they combine (EXPLAIN_PREDICT binds the features by name).
SELECT e.id, e.age, e.education, e.occupation, round(e.why.score, 4) AS p,
       e.why.crosses[1].fields AS top_cross_feature, e.why.crosses[1]."values" AS its_values,
       e.why.importance[1].field AS most_important_field
FROM (SELECT id, age, education, occupation, EXPLAIN_PREDICT('adult@prod', 3) AS why
      FROM adult_test WHERE id IN (3, 7, 8, 10, 11)) e
ORDER BY e.id;

-- Step 7. Which cross features drive high scores? Flatten the explanations with UNNEST.
SELECT c.fields, count(*) AS high_score_rows, round(avg(c.weight), 5) AS mean_weight
FROM (SELECT EXPLAIN_PREDICT('adult@prod', 3) AS why FROM adult_test) s
CROSS JOIN UNNEST(s.why.crosses) AS c
WHERE s.why.score > 0.9
GROUP BY c.fields ORDER BY high_score_rows DESC LIMIT 5;

-- Step 8. How it runs: DuckDB reads the rows, ArrowPredict scores Arrow batches, DuckDB does
-- the rest (the filter on age runs inside DuckDB, before scoring).
EXPLAIN PLAN FOR
SELECT count(*) FROM adult_test WHERE age > 40 AND PREDICT('adult@prod') > 0.5;
