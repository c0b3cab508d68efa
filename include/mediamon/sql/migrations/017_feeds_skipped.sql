-- 017_feeds_skipped: the entries of a feed's last parsed body that gave no item (no link, a link that is not
-- http(s) or cannot be parsed, a repeat of an earlier entry's URL), counted (items_skipped_last) and named by
-- reason (skipped_last: '3 items skipped: no-link 1, bad-scheme 2'; NULL when none was skipped), so that a
-- feed that lists entries but gives no article says why in the warehouse, not only in the run's log. NULL
-- for feeds last parsed before this migration.
ALTER TABLE feeds ADD COLUMN items_skipped_last INTEGER;
ALTER TABLE feeds ADD COLUMN skipped_last VARCHAR;
