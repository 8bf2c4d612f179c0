"""Start the wargame companion: `python main.py [FILE]`."""

import sys

from wargame.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
