"""`cwg report`."""
