-- The daily key-count rule, its one definition: how many articles, and how many distinct stories,
-- carry each key (country or IPTC topic) on each day. warehouse.apply_schema (re)creates this macro
-- in the warehouse on every writable connection, before the migrations and the views; it is stored in
-- the warehouse file, so read-only connections (analysts, digests) can read the views that call it.
-- Called by views/04_key_daily_counts.sql, migrations/003_key_day_counts.sql (backfill),
-- load/17_key_day_counts_insert.sql and queries/key_day_counts_rebuild.sql; none of them repeats it.
--
-- key_day_counts_on(days): the rows of the key_day_counts table for the days listed in `days`
-- (a DATE list; NULL: every day; an empty list: no day). One row per (day, kind, key) that has
-- at least one tagged article stored that day; days and keys without articles have no row. Not ordered.
--
-- The FROM clause starts with the parameter on purpose: DuckDB checks a table macro against the
-- catalog when it is created, and apply_schema creates macros before migration 001 creates articles
-- and the tag tables (in a new warehouse they do not exist yet). A parameter whose type is known only
-- at a call postpones that check to the first call, when the tables exist.
CREATE OR REPLACE MACRO key_day_counts_on(days) AS TABLE
SELECT a.run_date AS day,                                            -- the run that first stored the articles
       k.kind,                                                       -- 'country' or 'topic'
       k.key,                                                        -- ISO 3166-1 alpha-2, or an IPTC code
       max(k.label) AS label,                                        -- the code for countries, the IPTC label for topics
       count(*) AS articles,                                         -- articles stored that day carrying the key
       count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories -- syndicated copies once
FROM (SELECT days AS wanted) d
JOIN articles a ON d.wanted IS NULL OR list_contains(d.wanted, a.run_date)
-- the article_keys view (views/03), written out: views are created after the migrations that call this
JOIN (SELECT article_id, 'country' AS kind, country_code AS key, country_code AS label FROM article_countries
      UNION ALL
      SELECT article_id, 'topic', topic_code, topic_label FROM article_topics) k USING (article_id)
GROUP BY a.run_date, k.kind, k.key;
