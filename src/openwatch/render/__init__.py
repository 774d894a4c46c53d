"""Showing results to people: plain text for pipes, rich tables for terminals.

Only this layer imports rich, and only when a table goes to a terminal.
"""
