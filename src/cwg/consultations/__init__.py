"""Open consultations with all stakeholders, campaigns and compilations."""
