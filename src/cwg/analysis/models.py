"""Records of the analysis domain."""
