"""What every part of the window stands on: paths, settings, style, icons, first paint."""
