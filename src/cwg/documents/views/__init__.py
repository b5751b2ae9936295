"""Pages of the documents domain, split by audience."""
