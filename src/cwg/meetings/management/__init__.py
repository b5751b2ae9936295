"""Management commands of the meetings domain."""
