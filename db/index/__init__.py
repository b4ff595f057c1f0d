"""The search index: folding text, and the FTS5 tables kept in step with the tables."""
