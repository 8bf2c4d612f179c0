"""Supply, zones of control, route status, encirclement and warnings: pure functions of a state.

Importing this package installs the turns-out-of-supply counter and the official-supply
fixer that ``EndTurn`` uses.
"""

from wargame.core import actions
from wargame.core.rules.official import count_turns_out_of_supply, official_supply

actions.SUPPLY_COUNTER = count_turns_out_of_supply
actions.OFFICIAL_SUPPLY = official_supply
