"""Pages of the reports domain, by audience."""
