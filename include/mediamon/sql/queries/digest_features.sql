-- Which optional parts of the schema the warehouse has, so a digest opened read-only on a warehouse
-- not yet migrated still builds: articles.event_id (migration 006), the watches tables (007),
-- event_days with the tags' article_run_date (008), and day_totals (010). No parameters. One row.
SELECT EXISTS (SELECT 1 FROM duckdb_columns() WHERE table_name = 'articles' AND column_name = 'event_id'
               AND schema_name = 'main' AND NOT internal) AS has_events,
       EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'watch_matches' AND schema_name = 'main')
       AND EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'watches' AND schema_name = 'main') AS has_watches,
       EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'event_days' AND schema_name = 'main')
       AND EXISTS (SELECT 1 FROM duckdb_columns() WHERE table_name = 'article_topics' AND schema_name = 'main'
                   AND column_name = 'article_run_date')
       AND EXISTS (SELECT 1 FROM duckdb_columns() WHERE table_name = 'article_countries' AND schema_name = 'main'
                   AND column_name = 'article_run_date') AS has_day_summaries,
       EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'day_totals' AND schema_name = 'main') AS has_day_totals
