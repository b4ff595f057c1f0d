"""Reading article files: decoding, structure recovery, and import into a project."""
