"""`parse_definitions`: the configuration's conditions and theme definitions, parsed once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wijkzicht.definitions.base import DefinitionError
from wijkzicht.definitions.conditions import Conditions, parse_conditions
from wijkzicht.definitions.kopp import Kopp, parse_kopp
from wijkzicht.definitions.migratie import Migratie, parse_migratie
from wijkzicht.definitions.nieuwkomers import Nieuwkomers, parse_nieuwkomers

THEMES = ("kopp", "migratie", "nieuwkomers")


@dataclass(frozen=True)
class Definitions:
    """Every condition and the definitions of each theme (None: the theme is not configured)."""

    conditions: Conditions
    kopp: Kopp | None = None
    migratie: Migratie | None = None
    nieuwkomers: Nieuwkomers | None = None

    def theme(self, name: str):
        if name not in THEMES:
            raise KeyError(f"{name!r} is not a theme (themes: {', '.join(THEMES)})")
        return getattr(self, name)

    def definition(self, measure: str, key: str):
        """The object behind `definition` `key` of a row of `measure` (labels and descriptions
        of exported rows); None when there is none."""
        theme = self.theme(measure.split(".")[0]) if measure.split(".")[0] in THEMES else None
        return theme.definition(measure, key) if theme is not None else None

    def param(self, *names: str) -> dict:
        """Parts of the definitions for a rule's params: a dict, so that Snakemake compares their
        repr (it leaves non-builtin param values out), e.g. `param("kopp")` -> {"kopp": Kopp(...)}.
        Rebuild with `Definitions.from_param`."""
        return {n: getattr(self, n) for n in (names or ("conditions", *THEMES))}

    @classmethod
    def from_param(cls, parts: dict) -> Definitions:
        return cls(conditions=parts.get("conditions", Conditions()),
                   **{t: parts.get(t) for t in THEMES})  # fmt: skip


def parse_definitions(config: dict) -> Definitions:
    """Conditions and theme definitions as typed, validated, immutable objects.

    `config` has passed the JSON schema (defaults filled in). Raises DefinitionError listing
    every name that does not refer to what it must (config key, bad value, what is allowed).
    """
    errors: list[str] = []
    conditions = parse_conditions(config.get("conditions", {}), errors)
    themes = config.get("themes", {})
    kopp = parse_kopp(themes["kopp"], conditions, errors) if "kopp" in themes else None
    migratie = (
        parse_migratie(themes["migratie"], conditions, errors) if "migratie" in themes else None
    )
    nieuwkomers = (
        parse_nieuwkomers(themes["nieuwkomers"], conditions, errors)
        if "nieuwkomers" in themes
        else None
    )
    # a condition declared but refused above is not "not declared" where a theme uses it: its
    # own error says what is wrong, a second one would send the user looking for a missing name
    refused = set(config.get("conditions", {})) - set(conditions.names)
    errors = [e for e in errors if not _undeclared(e) or _undeclared(e) not in refused]
    if errors:
        raise DefinitionError(errors)
    return Definitions(conditions, kopp, migratie, nieuwkomers)


UNDECLARED = re.compile(r": condition '([^']*)' is not declared under conditions ")


def _undeclared(error: str) -> str | None:
    """The condition an error says is not declared, else None."""
    found = UNDECLARED.search(error)
    return found.group(1) if found else None
