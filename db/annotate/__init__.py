"""Codes, highlights and notes: what researchers add to the articles."""
