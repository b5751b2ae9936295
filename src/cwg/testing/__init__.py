"""Test support shared by every app: named personas and factories."""
