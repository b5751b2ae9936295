"""Documents with symbols, language versions, revisions and access levels."""
