"""Pages of consultations, split by audience: public readers and respondents, the secretariat."""
