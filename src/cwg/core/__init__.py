"""Cross-cutting pieces: audit trail, access helpers, test personas, site shell."""
