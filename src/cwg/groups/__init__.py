"""Working groups and the resolutions that create and instruct them."""
