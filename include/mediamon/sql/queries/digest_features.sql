-- Which parts of the schema the warehouse has, read from one scan of its catalog's columns: key_day_counts
-- (migration 003, required: digest.build raises naming the fix without it), and the optional parts, so a digest
-- opened read-only on a warehouse not yet migrated still builds: articles.event_id (migration 006), the watches
-- tables (007), event_days with the tags' article_run_date (008), and day_totals (010). No parameters. One row.
WITH columns AS MATERIALIZED (
    SELECT table_name, column_name
    FROM duckdb_columns()
    WHERE schema_name = 'main' AND NOT internal
      AND table_name IN ('key_day_counts', 'articles', 'watch_matches', 'watches', 'event_days', 'article_topics',
                         'article_countries', 'day_totals')
)
SELECT coalesce(bool_or(table_name = 'key_day_counts'), false) AS has_key_day_counts,
       coalesce(bool_or(table_name = 'articles' AND column_name = 'event_id'), false) AS has_events,
       coalesce(bool_or(table_name = 'watch_matches') AND bool_or(table_name = 'watches'), false) AS has_watches,
       coalesce(bool_or(table_name = 'event_days')
                AND bool_or(table_name = 'article_topics' AND column_name = 'article_run_date')
                AND bool_or(table_name = 'article_countries' AND column_name = 'article_run_date'),
                false) AS has_day_summaries,
       coalesce(bool_or(table_name = 'day_totals'), false) AS has_day_totals
FROM columns
