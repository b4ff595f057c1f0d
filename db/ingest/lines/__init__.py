"""A learned labeller for the lines of a plain-text article (a linear-chain CRF)."""
