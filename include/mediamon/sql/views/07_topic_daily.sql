-- topic_daily: per IPTC topic per ingest day, articles and distinct stories against the trailing
-- baseline, with the spike flag (method in key_daily). Reads key_daily.
-- One row per (day, key); key = topic_code (e.g. medtop:11000000). No parameters.
CREATE OR REPLACE VIEW topic_daily AS
SELECT day, key, key AS topic_code, label AS topic_label, articles, stories, share, baseline,
       baseline_14, baseline_28, share_baseline_28, baseline_days, spread, z, spike, coverage_gap
FROM key_daily
WHERE kind = 'topic';
