"""Decisions taken at meetings and the actions that carry them out."""
