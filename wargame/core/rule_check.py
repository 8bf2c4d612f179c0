"""The one check of each rule parameter (docs/rules.md).

The scenario file reader, the set-up editor's draft and the analysis all ask here, so a
scenario the editor refuses never loads from a file, and one that loads never fails inside
the analysis. Costs of a step must be positive (a free or negative step would make supply
lines endless); every other number is from 0 up, counts are whole numbers, switches are true
or false, and a cost table names only the road classes or terrains the rules know.

>>> checked_rules({"max_trace_cost": 30, "terrain_cost": {"woods": 4}}).terrain_cost["woods"]
4.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any

from wargame.core.errors import WargameError
from wargame.core.model import Rules

RULE_NAMES = tuple(f.name for f in fields(Rules))


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
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise RuleError(f"rule {name} must be a number from 0 up, not {value!r}")
    if isinstance(current, int):
        if value != int(value):
            raise RuleError(f"rule {name} must be a whole number, not {value!r}")
        return int(value)
    return float(value)


def _checked_costs(name: str, current: Mapping[str, float], value: Any) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise RuleError(f"rule {name} must map names to costs, e.g. {{'open': 2.0}}")
    for key, cost in value.items():
        if key not in current:
            raise RuleError(f"rule {name}: unknown name {key!r}; names are {', '.join(current)}")
        if isinstance(cost, bool) or not isinstance(cost, int | float) or not cost > 0:
            # A free or negative step would make supply lines endless.
            raise RuleError(f"rule {name}.{key} must be a positive number, not {cost!r}")
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
