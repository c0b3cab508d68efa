-- article_keys: every digest key an article carries, countries and IPTC topics in one list.
-- Reads article_countries, article_topics. One row per (article_id, kind, key). No parameters.
CREATE OR REPLACE VIEW article_keys AS
SELECT article_id,
       'country' AS kind,          -- 'country' or 'topic'
       country_code AS key,        -- ISO 3166-1 alpha-2, or an IPTC code such as medtop:11000000
       country_code AS label,      -- the code for countries (names come from ISO 3166 in Python)
       is_focus,                   -- NULL for topics
       article_run_date,           -- the article's run_date (migration 008): a day's filter skips other days
       mentions,                   -- how often the article names the country; NULL for topics
       NULL::DOUBLE AS score       -- the topic's score (0-1); NULL for countries
FROM article_countries
UNION ALL
SELECT article_id, 'topic', topic_code, topic_label, NULL, article_run_date, NULL, score
FROM article_topics;
