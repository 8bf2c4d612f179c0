"""`python -m wargame …`: the headless commands."""

import sys

from wargame.cli import main

sys.exit(main())
