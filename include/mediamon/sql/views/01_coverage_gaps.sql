-- coverage_gaps: run days on which a batch-level quality check failed at severity 'warn', read as a
-- possible coverage gap (fewer feeds, pages or articles than usual). Reads validation_results.
-- One row per day. No parameters.
CREATE OR REPLACE VIEW coverage_gaps AS
SELECT run_date AS day,
       count(*) AS failed_checks,
       string_agg(DISTINCT expectation, '; ' ORDER BY expectation) AS expectations
FROM validation_results
WHERE suite = 'batch' AND NOT success AND severity = 'warn'
GROUP BY run_date;
