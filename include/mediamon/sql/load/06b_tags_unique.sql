-- A staged run may tag an article with a country or a topic once only. The tag tables have no primary
-- key (migration 008: an index of every tag slowed each load as the warehouse grew), so this step
-- refuses a run that repeats one, and the load rolls back. It reads the run's staged tags only.
-- Parameters: $dir.
SELECT error('the staged run tags article ' || article_id || ' with ' || tag || ' ' || count(*)
             || ' times; fix the enrich stage and stage the run again')
FROM (SELECT article_id, country_code AS tag FROM read_parquet($dir || '/article_countries.parquet')
      UNION ALL
      SELECT article_id, topic_code FROM read_parquet($dir || '/article_topics.parquet'))
GROUP BY article_id, tag
HAVING count(*) > 1
LIMIT 1
