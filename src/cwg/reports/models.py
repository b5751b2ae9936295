"""Records of the reports domain."""
