"""The one check of each rule parameter (docs/rules.md).

The scenario file reader, the set-up editor's draft and the analysis all ask here, so a
scenario the editor refuses never loads from a file, and one that loads never fails inside
the analysis. Costs of a step must be positive (a free or negative step would make supply
lines endless); capacities, needs and shares are from 0 up (shares at most 1); every other
number is from 0 up to a million, counts are whole numbers up to a hundred (the last mile up
to four hexes), the mud factor of movement is at least 1, switches are true or false, the
ground is dry, frozen or mud, and a table names only the road classes, terrains, grounds,
echelons or unit types the rules know.

>>> checked_rules({"max_trace_cost": 30, "terrain_cost": {"woods": 4}}).terrain_cost["woods"]
4.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any

from wargame.core.errors import WargameError
from wargame.core.model import GROUNDS, Rules

RULE_NAMES = tuple(f.name for f in fields(Rules))
# Upper bounds, far above any sensible value, so that every rule is a finite number a file can
# hold and no count makes a search run on for ever.
MAX_RULE_NUMBER = 1_000_000.0
MAX_RULE_COUNT = 100  # hexes (50 km at 500 m hexes) or turns
# The last mile is walked from every unit along every path (6 ** steps of them): beyond a few
# hexes that takes gigabytes.
COUNT_LIMITS = {"last_mile_hexes": 4}
AT_LEAST_ONE = frozenset({"move_mud_factor"})
SHARES = frozenset({"terrain_capacity", "river_capacity", "fire_capacity", "limited_share"})


class RuleError(WargameError):
    """A rule parameter the rules cannot take; the message names it and says what it takes."""


def checked_rule(rules: Rules, name: str, value: Any) -> Any:
    """``value`` as rule parameter ``name`` of ``rules`` takes it (a cost table may be given in
    part: it is merged into the current one); RuleError says why not."""
    if name not in RULE_NAMES:
        raise RuleError(f"unknown rule parameter {name!r}; known: {', '.join(RULE_NAMES)}")
    current = getattr(rules, name)
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise RuleError(f"rule {name} must be true or false, not {value!r}")
        return value
    if isinstance(current, dict):
        return _checked_costs(name, current, value)
    if isinstance(current, str):
        if value not in GROUNDS:
            raise RuleError(f"rule {name} must be one of {', '.join(GROUNDS)}, not {value!r}")
        return value
    if name in SHARES and isinstance(value, int | float) and not isinstance(value, bool) and value > 1:
        raise RuleError(f"rule {name} is a share, from 0 to 1, not {value!r}")
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise RuleError(f"rule {name} must be a number from 0 up, not {value!r}")
    if isinstance(current, int):
        most = COUNT_LIMITS.get(name, MAX_RULE_COUNT)
        if not value <= most or value != int(value):
            raise RuleError(f"rule {name} must be a whole number from 0 to {most}, not {value!r}")
        return int(value)
    if not value <= MAX_RULE_NUMBER:
        raise RuleError(f"rule {name} must be a number from 0 to {MAX_RULE_NUMBER:,.0f}, not {value!r}")
    if name in AT_LEAST_ONE and value < 1:
        raise RuleError(f"rule {name} must be at least 1 (mud never makes a step cheaper), not {value!r}")
    return float(value)


def _checked_costs(name: str, current: Mapping[str, float], value: Any) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise RuleError(f"rule {name} must map names to costs, e.g. {{'open': 2.0}}")
    for key, cost in value.items():
        if key not in current:
            raise RuleError(f"rule {name}: unknown name {key!r}; names are {', '.join(current)}")
        if isinstance(cost, bool) or not isinstance(cost, int | float) or not 0 <= cost <= MAX_RULE_NUMBER:
            raise RuleError(
                f"rule {name}.{key} must be a number from 0 to {MAX_RULE_NUMBER:,.0f}, not {cost!r}"
            )
        if cost == 0 and name.endswith("_cost"):
            # A free step would make supply lines endless (capacities and shares may be 0).
            raise RuleError(f"rule {name}.{key} must be a positive number, not {cost!r}")
        if name in SHARES and cost > 1:
            raise RuleError(f"rule {name}.{key} is a share, from 0 to 1, not {cost!r}")
    return {**current, **{key: float(cost) for key, cost in value.items()}}


def checked_rules(raw: Mapping[str, Any], base: Rules | None = None) -> Rules:
    """The rules ``raw`` (a scenario file's ``rules`` object) sets over ``base`` (default:
    the documented defaults), each parameter checked by :func:`checked_rule`."""
    rules = base or Rules()
    return replace(rules, **{name: checked_rule(rules, name, value) for name, value in raw.items()})


def check_rules(rules: Rules) -> None:
    """Rules built in code (tests, sketch maps) pass the same checks as rules read from a file;
    their cost tables may name what they like."""
    for name in RULE_NAMES:
        value = getattr(rules, name)
        if isinstance(value, dict):
            _checked_costs(name, value, value)
        else:
            checked_rule(Rules(), name, value)
