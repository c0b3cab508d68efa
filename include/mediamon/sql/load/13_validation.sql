-- Every expectation's outcome in this run. Parameters: $dir.
INSERT INTO validation_results BY NAME
SELECT run_id, run_date::DATE AS run_date, suite, expectation, severity, success, unexpected_count,
       CAST(observed_value AS VARCHAR) AS observed_value, now() AS validated_at
FROM read_parquet($dir || '/validation_results.parquet')
