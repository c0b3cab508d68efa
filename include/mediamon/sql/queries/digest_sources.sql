-- The outlets that covered each key on the day, with their country of publication and language.
-- Counted per outlet first, then named (sources has one row per source_id). The distinct stories are counted
-- as the rows of a first grouping by story, so the rows are grouped in one pass.
-- Reads digest_day_keys (digest_day_keys.sql). One row per (kind, key, source_id).
WITH counts AS (
    SELECT kind, key, source_id, sum(articles)::BIGINT AS articles, count(*) AS stories
    FROM (SELECT kind, key, source_id, story_id, count(*) AS articles FROM digest_day_keys GROUP BY ALL)
    GROUP BY ALL
)
SELECT c.kind, c.key, c.source_id, coalesce(s.name, c.source_id) AS outlet, s.country AS source_country,
       c.articles, c.stories
FROM counts c
LEFT JOIN sources s USING (source_id)
ORDER BY c.kind, c.key, c.articles DESC, outlet
