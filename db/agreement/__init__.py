"""How far coders agree: coefficients over highlights and article variables, per code and overall."""
