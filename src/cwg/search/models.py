"""Records of the search domain."""
