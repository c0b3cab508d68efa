-- Records quarantined on $run_date per stage and reason code (detail after ':' dropped).
-- Parameters: $run_date (DATE). One row per (stage, reason).
SELECT q.stage, split_part(r.reason, ':', 1) AS reason, count(*) AS records
FROM quarantine q,
     unnest(CAST(q.reasons AS VARCHAR[])) AS r(reason)
WHERE q.run_date = $run_date
GROUP BY q.stage, split_part(r.reason, ':', 1)
ORDER BY records DESC, q.stage, reason
