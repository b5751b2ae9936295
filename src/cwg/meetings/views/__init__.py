"""Pages of the meetings domain, split by audience: public readers and the secretariat."""
