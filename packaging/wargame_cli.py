"""The standalone bundle's console command `wargame` (the headless commands), beside the app."""

import sys

from wargame.cli import main

if __name__ == "__main__":
    sys.exit(main())
