"""Text helpers every stage shares: charset decoding, dates written in text, URLs, HTML budgets, YAML guards,
invisible characters, stored titles and word counts."""
