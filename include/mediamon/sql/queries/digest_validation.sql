-- Validation results of the latest run of $run_date, failures first.
-- Parameters: $run_date (DATE). One row per expectation checked.
SELECT suite, expectation, severity, success, unexpected_count, observed_value
FROM validation_results
WHERE run_date = $run_date
  AND run_id = (SELECT arg_max(run_id, validated_at) FROM validation_results WHERE run_date = $run_date)
ORDER BY success, severity, suite, expectation
