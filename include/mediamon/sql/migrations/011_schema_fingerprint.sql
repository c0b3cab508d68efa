-- 011_schema_fingerprint: which macro and view definitions the warehouse holds, so a writer that finds
-- them current (and no migration pending) does not recreate them on every open
-- (warehouse.apply_schema; warehouse.schema_fingerprint digests the macros/ and views/ files).
CREATE TABLE IF NOT EXISTS schema_fingerprint (
    fingerprint  VARCHAR NOT NULL,              -- sha256 of the macros/*.sql and views/*.sql files, names and text
    applied_at   TIMESTAMPTZ DEFAULT now()      -- when apply_schema last (re)created them
);
