-- 013_article_id_keys: the integer key of every stored article id (macros/article_id_key.sql), so a load
-- finds which of its articles are stored already by reading this narrow column instead of every stored
-- article_id (at ten million articles that read took 0.22-0.33 s of a day's 1.4-1.7 s load and grew with
-- the warehouse; load/05a_articles_stored.sql). An article whose id has no key (not 16 lower-case hex
-- digits) has no row here: the load looks such ids up in articles itself. The load adds the keys of the
-- articles it inserts in the same transaction (load/05e_article_id_keys_new.sql); nothing else inserts
-- into articles. No index, as articles (migration 012); the rows keep the articles' stored order.
CREATE TABLE article_id_keys (
    id_key    UBIGINT NOT NULL,   -- article_id_key(article_id) of a stored article
    run_date  DATE NOT NULL       -- that article's run_date, so its row is read from that day's row groups only
);
INSERT INTO article_id_keys
SELECT article_id_key(article_id) AS id_key, run_date
FROM articles
WHERE article_id_key(article_id) IS NOT NULL;
