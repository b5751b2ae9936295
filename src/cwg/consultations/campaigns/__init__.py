"""Mass-campaign detection: group near-identical consultation submissions into campaigns.

Pure Python and numpy; importable without Django. `engine.detect` clusters a batch,
`engine.IncrementalDetector` does the same one submission at a time.
"""
