"""Short names for counters: a few characters that tell every unit on the map apart.

A unit's ``short`` name from the scenario wins; otherwise one is derived from its name
("Wagner Assault Det. 3" → "Wagner 3", "1/93 Mech Bde" → "1/93 Mech", "16th Panzer Division" →
"16 Pz"). Where two units would still read alike, each gets what tells it apart: a word of
its name left out, else the end of its id.

>>> from wargame.core.grid.hexgrid import Hex
>>> from wargame.core.model import Unit, UnitType
>>> units = [Unit("a", "RU", UnitType.INFANTRY, Hex(0, 0), name=f"Wagner Assault Det. {n}") for n in (1, 2)]
>>> sorted(short_names(units).values())
['Wagner 1', 'Wagner 2']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wargame.core.model import Unit

MAX_CHARS = 10  # what a counter's name line holds at the least counter size

# Words that name what every counter already shows (its echelon mark, its frame).
GENERIC = {
    "assault det.", "det.", "det", "detachment", "bde", "brigade", "bn", "battalion", "regt",
    "regiment", "div", "division", "coy", "company", "group", "corps", "and", "of", "the",
}  # fmt: skip
ABBREVIATIONS = {
    "mechanised": "Mech", "mechanized": "Mech", "motorised": "Mot", "motorized": "Mot",
    "motor": "Mot", "rifle": "Rifle", "airmobile": "Amb", "infantry": "Inf", "artillery": "Art",
    "armoured": "Arm", "armored": "Arm", "panzer": "Pz", "tank": "Tk", "logistics": "Log",
    "romanian": "Rom", "mountain": "Mtn", "assault": "Aslt", "air": "Air", "jaeger": "Jgr",
    "jäger": "Jg", "motorised rifle": "MR", "recon": "Rec", "reconnaissance": "Rec",
    "cavalry": "Cav", "garrison": "Gar", "forward": "Fwd", "guards": "Gds", "territorial": "TDF",
}  # fmt: skip
ORDINAL = re.compile(r"^((?:\d+/)?\d+)(st|nd|rd|th)$", re.IGNORECASE)  # "93rd", "1/3rd"


def short_names(units: Iterable[Unit]) -> dict[str, str]:
    """Each unit's short name by id; no two read alike (compared ignoring case)."""
    units = sorted(units, key=lambda u: u.id)
    names = {u.id: u.short or derive_short(u.name or u.id) for u in units}
    for _ in range(3):  # each round tells more of the clashing names apart
        clashes = _clashes(names)
        if not clashes:
            break
        for unit in units:
            if unit.id in clashes and not unit.short:
                names[unit.id] = _longer(unit, names[unit.id], clashes[unit.id])
    for unit_id in _clashes(names):
        names[unit_id] = f"{names[unit_id][: MAX_CHARS - 3]}·{unit_id[-2:]}"
    return names


def derive_short(name: str) -> str:
    """A counter's short name from a unit's full name (no uniqueness: see :func:`short_names`)."""
    text = re.sub(r"\([^)]*\)", " ", name)
    text = re.sub(r"(?i)assault det\.", " ", text)
    words = [_shorter(w) for w in text.split() if w.lower() not in GENERIC]
    words = [w for w in words if w]
    return _fit(words) or name[:MAX_CHARS]


def _shorter(word: str) -> str:
    match = ORDINAL.match(word)
    if match:
        return match.group(1)
    return ABBREVIATIONS.get(word.lower(), word)


def _fit(words: list[str]) -> str:
    """As many words as fit in :data:`MAX_CHARS`, keeping numbers (they tell units apart)."""
    kept: list[str] = []
    for word in words:
        trial = " ".join([*kept, word])
        if len(trial) <= MAX_CHARS:
            kept.append(word)
        elif any(ch.isdigit() for ch in word) and kept:
            kept[-1] = word  # a number matters more than the word before it
    return " ".join(kept)


def _clashes(names: dict[str, str]) -> dict[str, list[str]]:
    """For each id whose name another unit shares, the ids it clashes with."""
    by_name: dict[str, list[str]] = {}
    for unit_id, name in names.items():
        by_name.setdefault(name.lower(), []).append(unit_id)
    return {uid: ids for ids in by_name.values() if len(ids) > 1 for uid in ids}


def _longer(unit: Unit, current: str, clashing: list[str]) -> str:
    """``current`` with the first word of the unit's name (or its brackets) not yet in it."""
    source = (unit.name or unit.id).replace("(", " ").replace(")", " ")
    have = {w.lower() for w in current.split()}
    for word in source.split():
        short = _shorter(word)
        if short and short.lower() not in have and word.lower() not in GENERIC:
            return f"{current} {short}"
    return current
