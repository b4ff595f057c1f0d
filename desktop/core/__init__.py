"""The open project as the window sees it: shared state, database work off the GUI thread, undo."""
