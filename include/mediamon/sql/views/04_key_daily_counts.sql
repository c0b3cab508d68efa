-- key_daily_counts: articles and distinct stories per key per ingest day, zeros filled in, with the
-- key's share of all articles stored that day. The counts are the key_day_counts_on macro's
-- (macros/key_day_counts.sql, the rule key_day_counts holds); reads article_keys, ingest_days.
-- One row per (kind, key, day) for every key ever seen and every ingest day. No parameters.
CREATE OR REPLACE VIEW key_daily_counts AS
WITH counts AS (
    SELECT kind, key, day, articles, stories FROM key_day_counts_on(NULL)  -- every day
), keys AS (
    SELECT kind, key, max(label) AS label FROM article_keys GROUP BY kind, key
)
SELECT k.kind, k.key, k.label, d.day,
       coalesce(c.articles, 0) AS articles,
       coalesce(c.stories, 0) AS stories,
       d.articles AS day_articles,                                      -- all articles stored that day
       coalesce(c.articles, 0) / nullif(d.articles, 0) AS share,        -- NULL when the day stored none
       d.coverage_gap
FROM keys k
CROSS JOIN ingest_days d
LEFT JOIN counts c ON c.kind = k.kind AND c.key = k.key AND c.day = d.day;
