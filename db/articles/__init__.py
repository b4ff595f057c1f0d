"""Reading articles: the list in any order, and one article in full."""
