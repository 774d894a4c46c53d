"""The SQLite store: the only layer that speaks SQL. It owns the schema."""
