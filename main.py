"""Start the wargame companion: `python main.py [FILE]`."""

import sys

from wargame.ui.window.app import main

if __name__ == "__main__":
    sys.exit(main())
