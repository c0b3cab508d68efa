-- The integer key of an article id, its one definition: the 64-bit number an id of exactly 16 lower-case
-- hex digits spells (every id canonical_article_id gives: the first 16 hex digits of a SHA-1), NULL for
-- any other id (upper case, shorter, longer, not hex), which tests and older data may hold. Two ids with
-- a key have the same key only if they are the same id. warehouse.apply_schema (re)creates this macro
-- before the migrations; called by migrations/013_article_id_keys.sql (backfill),
-- load/05a_articles_stored.sql and load/05e_article_id_keys_new.sql. The pattern is tested first so that
-- the ids given a key never depend on which strings a DuckDB version's cast accepts.
CREATE OR REPLACE MACRO article_id_key(article_id) AS
    CASE WHEN regexp_full_match(article_id, '[0-9a-f]{16}') THEN ('0x' || article_id)::UBIGINT END;
