"""Full-text search across the records a reader may see."""
