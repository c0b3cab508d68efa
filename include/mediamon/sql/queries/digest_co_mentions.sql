-- Countries and topics tagged on the same articles as each key on the day.
-- Reads digest_day_keys (digest_day_keys.sql). One row per (kind, key, co_kind, co_key). The day's keys
-- are numbered first, so the articles' pairs are grouped by two integers. An article has a key once
-- (the load refuses a run that tags one article twice with a key: load/06b_tags_unique.sql), so each
-- joined pair is one article and count(*) counts articles.
WITH keys AS (
    SELECT kind, key, max(label) AS label, row_number() OVER () AS n FROM digest_day_keys GROUP BY kind, key
), tagged AS (
    SELECT d.article_id, k.n FROM digest_day_keys d JOIN keys k USING (kind, key)
), pairs AS (
    SELECT t.n, o.n AS co_n, count(*) AS articles
    FROM tagged t
    JOIN tagged o ON o.article_id = t.article_id AND o.n <> t.n
    GROUP BY t.n, o.n
)
SELECT k.kind, k.key, c.kind AS co_kind, c.key AS co_key, c.label AS co_label, p.articles
FROM pairs p
JOIN keys k ON k.n = p.n
JOIN keys c ON c.n = p.co_n
ORDER BY k.kind, k.key, articles DESC, co_key
