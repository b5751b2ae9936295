"""Pages of the search domain, split by audience."""
