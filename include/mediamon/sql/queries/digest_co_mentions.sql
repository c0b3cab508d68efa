-- Countries and topics tagged on the same articles as each key on the day.
-- Reads digest_day_keys (digest_day_keys.sql). One row per (kind, key, co_kind, co_key). An article has a key
-- once (the load refuses a run that tags one article twice with a key: load/06b_tags_unique.sql), so each
-- joined pair is one article and count(*) counts articles.
SELECT k.kind, k.key, o.kind AS co_kind, o.key AS co_key, max(o.label) AS co_label,
       count(*) AS articles
FROM digest_day_keys k
JOIN digest_day_keys o ON o.article_id = k.article_id AND NOT (o.kind = k.kind AND o.key = k.key)
GROUP BY k.kind, k.key, o.kind, o.key
ORDER BY k.kind, k.key, articles DESC, co_key
