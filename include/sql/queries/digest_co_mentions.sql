-- Countries and topics tagged on the same articles as each key on $run_date.
-- Parameters: $run_date (DATE). One row per (kind, key, co_kind, co_key).
SELECT k.kind, k.key, o.kind AS co_kind, o.key AS co_key, max(o.label) AS co_label,
       count(DISTINCT a.article_id) AS articles
FROM articles a
JOIN article_keys k USING (article_id)
JOIN article_keys o ON o.article_id = a.article_id AND NOT (o.kind = k.kind AND o.key = k.key)
WHERE a.run_date = $run_date
GROUP BY k.kind, k.key, o.kind, o.key
ORDER BY k.kind, k.key, articles DESC, co_key
