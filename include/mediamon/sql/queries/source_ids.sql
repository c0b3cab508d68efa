-- The source_id of every source the warehouse knows (its sources table), sorted. No parameters.
SELECT source_id FROM sources ORDER BY source_id
