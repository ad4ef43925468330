"""What a theme's definitions tell an attacker about its counts, for disclosure control.

The definitions are data (config `themes`), and what they imply between the published counts
follows from them: kopp.aandeel's definitions are unions of kopp.overlap's combinations, and
definitions sit inside each other (`ggz` inside `breed`; a newcomers' marker inside `breed`,
which is any of them; a definition by a narrower codelist inside one by the wider,
`definitions.implication`), and migratie.zorgkloof counts among k10_hoog's numerator.
`disclosure.control.protect` takes these as relations of the table.
"""

from __future__ import annotations

from collections.abc import Mapping

from wijkzicht.definitions.implication import CodesOf
from wijkzicht.themes import kopp, migratie, nieuwkomers
from wijkzicht.themes.table import CountBound, CountCover, CountNest, CountUnion


def count_relations(
    definitions: Mapping[str, object], codelists: Mapping[str, CodesOf] | None = None
) -> tuple[list[CountUnion], list[CountBound | CountCover | CountNest]]:
    """(unions, bounds) of the themes in `definitions` ({theme: its definitions}, as a rule's
    `DEFINITIONS.param(theme, ...)` gives them); none for a theme without such relations.
    `bounds` holds the definitions inside each other and the measures nested in another's
    numerator (`CountNest`). `codelists` (name -> codes, `inputs.reference.read_codelists`)
    let a condition by a narrower codelist imply one by a wider (psychofarmaca without
    hypnotics inside psychofarmaca); without them only conditions by the same codelist do."""
    unions: list[CountUnion] = []
    bounds: list[CountBound | CountCover | CountNest] = []
    if "kopp" in definitions:
        unions += kopp.count_unions(definitions["kopp"])
        bounds += kopp.count_bounds(definitions["kopp"], codelists)
    if "nieuwkomers" in definitions:
        bounds += nieuwkomers.count_bounds(definitions["nieuwkomers"], codelists)
    if "migratie" in definitions:
        bounds += migratie.count_nests()
    return unions, bounds
