"""Template filters of the meetings pages."""
