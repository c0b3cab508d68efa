-- Which optional parts of the schema the warehouse has, so a digest opened read-only on a warehouse
-- not yet migrated still builds: articles.event_id (migration 006) and the watches tables (007).
-- No parameters. One row.
SELECT EXISTS (SELECT 1 FROM duckdb_columns() WHERE table_name = 'articles' AND column_name = 'event_id'
               AND schema_name = 'main' AND NOT internal) AS has_events,
       EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'watch_matches' AND schema_name = 'main')
       AND EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'watches' AND schema_name = 'main') AS has_watches
