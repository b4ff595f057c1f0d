"""The frozen app's entry point."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the importer parses large folders in worker processes
    from desktop.main import main

    sys.exit(main())
