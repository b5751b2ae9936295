"""Meetings of a group: dates, venue, agenda, participants, reports."""
