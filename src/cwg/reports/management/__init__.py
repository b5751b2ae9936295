"""Management commands of the reports domain."""
