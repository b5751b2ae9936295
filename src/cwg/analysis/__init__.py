"""Gap analysis of an outcome document against organisations' mandates."""
