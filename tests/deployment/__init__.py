"""Tests of the production layout: real worker processes, several app hosts."""
