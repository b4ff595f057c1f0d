"""Claimdesk's collection: the project file, import, search and export, free of Qt."""
