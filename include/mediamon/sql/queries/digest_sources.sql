-- The outlets that covered each key on the day, with their country of publication and language.
-- Reads digest_day_keys (digest_day_keys.sql). One row per (kind, key, source_id).
SELECT k.kind, k.key, k.source_id, coalesce(s.name, k.source_id) AS outlet, s.country AS source_country,
       count(*) AS articles,
       count(DISTINCT k.story_id) AS stories
FROM digest_day_keys k
LEFT JOIN sources s USING (source_id)
GROUP BY k.kind, k.key, k.source_id, s.name, s.country
ORDER BY k.kind, k.key, articles DESC, outlet
