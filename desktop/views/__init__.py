"""The main window's layout and its actions: what is shown where, nothing of what it does."""
