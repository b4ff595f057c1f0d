"""How far coders agree: coefficients over highlights and variables, per code and overall."""
