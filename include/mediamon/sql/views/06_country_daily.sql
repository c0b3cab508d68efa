-- country_daily: per country per ingest day, articles and distinct stories against the trailing
-- baseline, with the spike flag (method in key_daily). Reads key_daily.
-- One row per (day, key); key = country_code (ISO 3166-1 alpha-2). No parameters.
CREATE OR REPLACE VIEW country_daily AS
SELECT day, key, key AS country_code, articles, stories, share, baseline, baseline_14, baseline_28,
       share_baseline_28, baseline_days, spread, z, spike, coverage_gap
FROM key_daily
WHERE kind = 'country';
