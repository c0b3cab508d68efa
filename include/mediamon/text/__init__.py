"""Text helpers every stage shares: charset decoding, dates written in text, URLs, HTML budgets, YAML guards,
invisible characters and word counts."""
