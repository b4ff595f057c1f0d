"""What the window does, one concern a controller; they meet through the shared state."""
