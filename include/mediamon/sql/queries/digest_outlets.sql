-- Outlet names by source_id, for the quality banner's sentences. No parameters.
SELECT source_id, name FROM sources ORDER BY source_id
