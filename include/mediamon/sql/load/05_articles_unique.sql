-- A staged run may hold an article, and its signature, once only, and a signature only for an article of
-- the run. articles and story_signatures have no primary key (migration 012): the load keeps their ids
-- unique itself, so this step refuses a run that breaks that, and the load rolls back. It reads the run's
-- staged files only. Parameters: $dir.
SELECT error(problem || '; fix the validate stage and stage the run again')
FROM (SELECT 'the staged run holds article ' || article_id || ' ' || count(*) || ' times' AS problem
      FROM read_parquet($dir || '/articles.parquet')
      GROUP BY article_id
      HAVING count(*) > 1
      UNION ALL
      SELECT 'the staged run holds ' || count(*) || ' signatures of article ' || article_id
      FROM read_parquet($dir || '/story_signatures.parquet')
      GROUP BY article_id
      HAVING count(*) > 1
      UNION ALL
      SELECT 'the staged run holds a signature of article ' || s.article_id || ', which it does not stage'
      FROM read_parquet($dir || '/story_signatures.parquet') s
      ANTI JOIN read_parquet($dir || '/articles.parquet') a ON a.article_id = s.article_id)
LIMIT 1
