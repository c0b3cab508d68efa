-- The language mix of each key's articles on the day (NULL language = not detected).
-- Reads digest_day_keys (digest_day_keys.sql). One row per (kind, key, language).
SELECT kind, key, language, count(*) AS articles
FROM digest_day_keys
GROUP BY kind, key, language
ORDER BY kind, key, articles DESC, language
