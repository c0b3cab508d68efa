-- coverage_gaps: run days on which a batch-level quality check failed at severity 'warn', read as a
-- possible coverage gap (fewer feeds, pages or articles than usual). Reads validation_results.
-- A share of undated articles says how an outlet dates its pages, not that articles are missing, so
-- that check is not read as a gap.
-- One row per day. No parameters.
CREATE OR REPLACE VIEW coverage_gaps AS
SELECT run_date AS day,
       count(*) AS failed_checks,
       string_agg(DISTINCT expectation, '; ' ORDER BY expectation) AS expectations
FROM validation_results
WHERE suite = 'batch' AND NOT success AND severity = 'warn'
  AND expectation NOT LIKE '%(undated_share)'
GROUP BY run_date;
