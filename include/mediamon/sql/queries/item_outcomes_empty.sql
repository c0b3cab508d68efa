-- An item_outcomes file with no rows, for a run staged before item outcomes were staged.
SELECT NULL::VARCHAR AS run_id, NULL::DATE AS run_date, NULL::VARCHAR AS item_id, NULL::VARCHAR AS source_id,
       NULL::VARCHAR AS feed_url, NULL::VARCHAR AS url, NULL::VARCHAR AS outcome, NULL::VARCHAR AS stage,
       NULL::VARCHAR AS reason, NULL::VARCHAR AS article_id
WHERE false
