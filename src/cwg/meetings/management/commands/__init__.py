"""`cwg` commands of the meetings domain."""
