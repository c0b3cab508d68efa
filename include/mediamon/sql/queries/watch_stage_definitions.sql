-- Stage the watches a run was evaluated with (one row per watch, columns as in the watches table),
-- from one list per column. Parameters: $path (the Parquet file to write), $run_date, $name, $query,
-- $countries, $topics, $languages, $sources, $description, $alert.
COPY (
    SELECT unnest($name::VARCHAR[]) AS name, unnest($query::VARCHAR[]) AS query,
           unnest($countries::VARCHAR[][]) AS countries, unnest($topics::VARCHAR[][]) AS topics,
           unnest($languages::VARCHAR[][]) AS languages, unnest($sources::VARCHAR[][]) AS sources,
           unnest($description::VARCHAR[]) AS description, unnest($alert::BOOLEAN[]) AS alert,
           $run_date::DATE AS run_date
) TO $path (FORMAT parquet)
