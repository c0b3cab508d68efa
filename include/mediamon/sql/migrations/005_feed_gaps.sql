-- 005_feed_gaps: possible coverage gaps the feed poller recorded: a poll whose items share none with
-- the previous poll and are all newer than anything seen before, so items may have rolled off the
-- feed's window unseen. The feeds table keeps a count and the latest time for each feed.

CREATE TABLE IF NOT EXISTS feed_gaps (
    feed_url          VARCHAR NOT NULL,
    source_id         VARCHAR NOT NULL,
    detected_at       TIMESTAMPTZ NOT NULL,  -- the poll that found the gap
    previous_poll_at  TIMESTAMPTZ,           -- the poll before it: the gap lies between the two
    items_in_window   INTEGER,               -- items the feed listed at detection
    missed_from       TIMESTAMPTZ,           -- newest item seen before the gap
    missed_to         TIMESTAMPTZ,           -- oldest item of the poll that found it
    estimated_missed  INTEGER,               -- items likely lost, from the feed's observed rate (NULL: unknown)
    run_date          DATE NOT NULL,         -- the run that loaded the record
    PRIMARY KEY (feed_url, detected_at)
);

ALTER TABLE feeds ADD COLUMN IF NOT EXISTS possible_gaps INTEGER DEFAULT 0;  -- gaps recorded so far
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS last_gap_at TIMESTAMPTZ;
