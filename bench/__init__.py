"""Benchmarks, run on demand; each prints its figures beside a floor from the same run."""
