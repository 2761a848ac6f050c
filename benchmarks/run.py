"""Entry point of `make bench`: `.venv/bin/python benchmarks/run.py [--help]` (see web.py)."""

import sys
from pathlib import Path

if __name__ == "__main__":
    # Run as a script, so the repository root (where `benchmarks` lives) is not on the path.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.web import main

    sys.exit(main())
