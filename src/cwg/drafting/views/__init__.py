"""Pages of the drafting room."""
