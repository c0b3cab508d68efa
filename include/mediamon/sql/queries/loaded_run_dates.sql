-- The run dates the warehouse holds a run of (a day loaded at least once), as text. No parameters.
SELECT DISTINCT run_date::VARCHAR AS run_date FROM runs ORDER BY run_date
