"""The project file: its tables, how it is opened, created and upgraded."""
