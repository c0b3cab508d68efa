-- The configured watches (saved searches, migration 007) with their query and filters, by name.
-- No parameters. One row per watch.
SELECT name AS watch_name, query, description, countries, topics, languages, sources, alert
FROM watches
ORDER BY name
