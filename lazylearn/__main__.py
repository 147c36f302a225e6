"""``python -m lazylearn``: the course's command line (see ``lazylearn --help``)."""
from lazylearn.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
