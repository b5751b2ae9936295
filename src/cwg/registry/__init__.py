"""Member States, regions, organisations, people and their roles."""
