"""Reading and writing claims and listings as CSV, JSON and JSONL."""
