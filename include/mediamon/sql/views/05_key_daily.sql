-- key_daily: key_daily_counts with trailing baselines, a robust z-score and a spike flag.
-- Method (the same as mediamon.digest.spikes.spike_flags, whose defaults are used here):
--   window    = the ingest days in the 28 days before `day`, leaving out coverage-gap days;
--   baseline  = median articles of the window's days on the same weekday when it has >= 3 of them,
--               else the median of the whole window (baseline_weekday says which, baseline_n over how
--               many days);
--   spread    = greatest(1.4826 * MAD of the window, sqrt(greatest(baseline, 1)))   (Poisson floor)
--               * sqrt(1 + (pi/2) / n), n = days the baseline median was taken over (its own noise);
--   z         = (articles - baseline) / spread;
--   spike     = baseline_days >= 7 AND articles >= 3 AND z >= 3.0.
-- The digests apply the sensitivity set in include/config/digest.yaml. Reads key_daily_counts.
-- One row per (kind, key, day). No parameters.
CREATE OR REPLACE VIEW key_daily AS
WITH hist AS (
    SELECT c.kind, c.key, c.day,
           count(h.day) AS baseline_days,
           avg(h.articles) FILTER (WHERE h.day >= c.day - 14) AS baseline_14,
           avg(h.articles) AS baseline_28,
           avg(h.share) AS share_baseline_28,
           median(h.articles) AS median_28,
           median(h.articles) FILTER (WHERE dayofweek(h.day) = dayofweek(c.day)) AS median_weekday,
           count(h.day) FILTER (WHERE dayofweek(h.day) = dayofweek(c.day)) AS weekday_days
    FROM key_daily_counts c
    LEFT JOIN key_daily_counts h
        ON h.kind = c.kind AND h.key = c.key
       AND h.day BETWEEN c.day - 28 AND c.day - 1 AND NOT h.coverage_gap
    GROUP BY c.kind, c.key, c.day
), mad AS (
    SELECT s.kind, s.key, s.day, median(abs(h.articles - s.median_28)) AS mad_28
    FROM hist s
    LEFT JOIN key_daily_counts h
        ON h.kind = s.kind AND h.key = s.key
       AND h.day BETWEEN s.day - 28 AND s.day - 1 AND NOT h.coverage_gap
    GROUP BY s.kind, s.key, s.day
), scored AS (
    SELECT c.*, s.baseline_days, s.baseline_14, s.baseline_28, s.share_baseline_28,
           CASE WHEN s.weekday_days >= 3 THEN s.median_weekday ELSE s.median_28 END AS baseline,
           CASE WHEN s.weekday_days >= 3 THEN s.weekday_days ELSE s.baseline_days END AS baseline_n,
           s.weekday_days,
           m.mad_28
    FROM key_daily_counts c
    JOIN hist s USING (kind, key, day)
    JOIN mad m USING (kind, key, day)
)
SELECT kind, key, label, day, articles, stories, day_articles, share,
       baseline,                   -- expected articles (a median, see baseline_weekday); NULL with no history
       baseline_n,                 -- days the baseline median was taken over (0 with no history)
       coalesce(weekday_days >= 3, FALSE) AS baseline_weekday,  -- TRUE: same-weekday median; FALSE: whole window
       baseline_14, baseline_28,   -- plain means over the last 14 / 28 days of the window
       share_baseline_28,
       baseline_days,              -- ingest days in the window (coverage-gap days left out)
       spread,
       (articles - baseline) / spread AS z,
       coalesce(baseline_days >= 7 AND articles >= 3 AND (articles - baseline) / spread >= 3.0,
                FALSE) AS spike,
       coverage_gap                -- the day itself had a failed 'batch' warn check: read with care
FROM (
    SELECT *, greatest(1.4826 * coalesce(mad_28, 0), sqrt(greatest(coalesce(baseline, 0), 1)))
              * sqrt(1 + pi() / 2 / greatest(baseline_n, 1)) AS spread
    FROM scored
);
