import sys

from db.cli import run

sys.exit(run())
