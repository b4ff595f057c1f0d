"""Exports researchers take elsewhere: CSV, JSON, W3C Web Annotation, REFI-QDA, reports."""
