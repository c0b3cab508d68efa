-- A staged run may hold a fetch attempt (run_id, kind, url, attempt) and a feed item's outcome
-- (run_id, item_id) once only. fetch_log and item_outcomes have no primary key (migration 014): the
-- load keeps their keys unique itself, so this step refuses a run that breaks that, and the load rolls
-- back (steps 03_fetch_log_clear and 18_item_outcomes_clear replace a run's own rows when it is loaded
-- again). It reads the run's staged files only. Parameters: $dir.
SELECT error(problem || '; fix the fetch and validate stages and stage the run again')
FROM (SELECT 'the staged run holds attempt ' || attempt || ' of the ' || kind || ' fetch of ' || url || ' in run '
             || run_id || ' ' || count(*) || ' times' AS problem
      FROM read_parquet($dir || '/fetch_log.parquet')
      GROUP BY run_id, kind, url, attempt
      HAVING count(*) > 1
      UNION ALL
      SELECT 'the staged run holds the outcome of item ' || item_id || ' in run ' || run_id || ' ' || count(*)
             || ' times'
      FROM read_parquet($dir || '/item_outcomes.parquet')
      GROUP BY run_id, item_id
      HAVING count(*) > 1)
LIMIT 1
