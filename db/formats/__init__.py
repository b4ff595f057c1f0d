"""Files shared with other tools: CSV, JSON, W3C Web Annotation, REFI-QDA, reports."""
