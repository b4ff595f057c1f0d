"""The window's widgets: reader, captions, panels, dialogs. They know Qt, not the project."""
