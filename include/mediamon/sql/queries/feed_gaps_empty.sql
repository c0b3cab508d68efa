-- A feed_gaps file with no rows, for a run staged before gaps were staged.
SELECT NULL::VARCHAR AS feed_url, NULL::VARCHAR AS source_id, NULL::VARCHAR AS detected_at,
       NULL::VARCHAR AS previous_poll_at, NULL::INTEGER AS items_in_window, NULL::VARCHAR AS missed_from,
       NULL::VARCHAR AS missed_to, NULL::INTEGER AS estimated_missed
WHERE false
