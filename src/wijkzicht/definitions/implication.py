"""Which conditions imply which, from their settings and the codelists alone (no data).

A condition A implies B when every person who meets A in a year meets B in that year, in any
data whatever. A definition made of conditions (a KOPP definition: a parent meets one of them)
whose every condition implies one of another's counts at most as many persons in every cell:
their difference is a group of its own that disclosure control protects (docs/rules.md#e7,
`themes.kopp.count_bounds`, `themes.nieuwkomers.count_bounds`). A relation claimed that does
not hold would be a wrong constraint for the audit; one missed leaves a difference unprotected.
So implication is claimed only where it follows from how `population.conditions` selects the
persons of each source, and never where unsure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from wijkzicht.definitions.conditions import (
    Buurtteam,
    Condition,
    GgzDbc,
    GgzKosten,
    Inkomen,
    Medicijnen,
    Wmo,
)


class CodesOf(Protocol):
    """What implication reads of a codelist: its codes (`inputs.reference.Codelist`)."""

    codes: tuple[str, ...]


def _codes(name: str | None, codelists: Mapping[str, CodesOf] | None) -> tuple[str, ...] | None:
    """The codes of codelist `name`: () for no codelist, None when they are not known."""
    if name is None:
        return ()
    if codelists is None or name not in codelists:
        return None
    return tuple(codelists[name].codes)


def _within(
    a: str | None, b: str | None, codelists: Mapping[str, CodesOf] | None, *, prefix: bool
) -> bool:
    """Whatever codelist `a` matches, codelist `b` matches too: every code of `a` is a code
    of `b` (exact match), or starts with a code of `b` (prefix match: a text that starts
    with the longer one starts with the shorter). The same codelist name always is."""
    if a is None or a == b:
        return True
    ca, cb = _codes(a, codelists), _codes(b, codelists)
    if ca is None or cb is None:
        return False
    if prefix:
        return all(any(x.startswith(y) for y in cb) for x in ca)
    return set(ca) <= set(cb)


def implies(a: Condition, b: Condition, codelists: Mapping[str, CodesOf] | None = None) -> bool:
    """Whether every person who meets condition `a` in a year meets `b` in that year, for any
    data: True only when that follows from the settings and codes (`codelists`: name -> an
    object with `codes`, as `inputs.reference.read_codelists` gives; None: codes unknown).

    Implication holds, and only then, when `a` and `b` have the same `source` and:
    - `ggz_kosten`: always (no settings: the same persons);
    - `medicijnen`: every code of `a`'s codelist is a code of `b`'s. The conditions query
      matches ATC4 exactly (trimmed), whatever the registry's `match` says, so a code of `a`
      that merely starts with one of `b` (N05AA under N05A) is no implication;
    - `ggz_dbc`: every circuit of `a` is a circuit of `b` (exact match) and every diagnosis
      prefix of `a` starts with a diagnosis prefix of `b` (literal prefixes: a diagnosis
      that starts with `as1_4x` starts with `as1_4`); a codelist `a` lacks matches nothing;
    - `wmo`: every provision kind of `a` is one of `b`'s, `buurtteam`: every team of `a`
      is one of `b`'s (the same year window, active in t, for both);
    - `inkomen`: `a`'s percentile range lies within `b`'s.
    Codes are compared only when `codelists` holds both lists; otherwise only the same
    codelist name counts as inside. Never across sources (GGZ costs and a DBC trajectory
    flag different persons), never for a kind of condition not listed here. Codelists have no
    exclusions and conditions no thresholds in this codebase: a new setting of either must be
    added here, else conditions that have it imply nothing but themselves.
    """
    if a == b:
        return True
    if type(a) is not type(b):
        return False
    match a, b:
        case GgzKosten(), GgzKosten():
            return True
        case Medicijnen(), Medicijnen():
            return _within(a.codelist, b.codelist, codelists, prefix=False)
        case GgzDbc(), GgzDbc():
            return _within(
                a.circuit_codelist, b.circuit_codelist, codelists, prefix=False
            ) and _within(a.diagnosis_codelist, b.diagnosis_codelist, codelists, prefix=True)
        case Wmo(), Wmo():
            return set(a.voorzieningen) <= set(b.voorzieningen)
        case Buurtteam(), Buurtteam():
            return set(a.teams) <= set(b.teams)
        case Inkomen(), Inkomen():
            return b.percentile_min <= a.percentile_min and a.percentile_max <= b.percentile_max
    return False


def inside(
    a: Iterable[Condition], b: Iterable[Condition], codelists: Mapping[str, CodesOf] | None = None
) -> bool:
    """Whether meeting any condition of `a` means meeting some condition of `b` (each of
    `a` implies one of `b`, `implies`): a definition by `a` ("one of these") counts a subset
    of the persons of one by `b`."""
    b = tuple(b)
    return all(any(implies(x, y, codelists) for y in b) for x in a)
