"""Watches: saved Boolean searches evaluated on every run's articles.

query.py parses a query, text.py folds text for matching, matcher.py matches articles with their
evidence, config.py reads watches.yaml, staging.py stages a run's matches for the load.
"""
