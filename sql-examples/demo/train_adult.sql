-- Training in SQL on UCI Adult, against the reference-trained package. Run from the repository
-- root:  ./sqlscore run sql-examples/demo/train_adult.sql
-- The model trains on the raw census columns of adult_train with ARM-Net+'s defaults (the
-- reference recipe: 10% of the rows held out for early stopping, at most 30 epochs, patience 3),
-- and both models score adult_test.
CREATE TABLE adult_train AS
SELECT * FROM read_csv('sql-examples/data/adult/adult_train.csv', header = true, nullstr = '');
CREATE TABLE adult_test AS
SELECT * FROM read_csv('sql-examples/data/adult/adult_test.csv', header = true, nullstr = '');

CREATE MODEL adult USING armnet_plus
  AS SELECT * EXCLUDE (id, income) FROM adult_train
  WITH (epochs = 30, patience = 3, seed = 1, test = 'SELECT * FROM adult_test');

SELECT epoch, round(train_loss, 4) AS loss, metric, round(validation_metric, 4) AS validation, best,
       round(rows_per_s) AS rows_per_s, round(epoch_seconds, 1) AS seconds
FROM sqlscore.training_runs ORDER BY epoch;

CREATE MODEL reference FROM 'sql-examples/models/adult-armnet_plus';

-- Test AUC of both, computed in SQL (rank sum of the positives).
WITH scored AS (
  SELECT label, PREDICT('adult') AS trained, PREDICT('reference') AS reference FROM adult_test),
ranks AS (
  SELECT label, rank() OVER (ORDER BY trained) AS t, rank() OVER (ORDER BY reference) AS r FROM scored),
sums AS (
  SELECT count(*) FILTER (WHERE label = 1) AS p, count(*) FILTER (WHERE label = 0) AS n,
         sum(t) FILTER (WHERE label = 1) AS st, sum(r) FILTER (WHERE label = 1) AS sr FROM ranks)
SELECT round((st - p * (p + 1) / 2.0) / (p * n), 4) AS trained_in_sql_auc,
       round((sr - p * (p + 1) / 2.0) / (p * n), 4) AS reference_auc
FROM sums;
