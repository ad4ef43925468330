"""What a theme's definitions tell an attacker about its counts, for disclosure control.

The definitions are data (config `themes`), and what they imply between the published counts
follows from them: kopp.aandeel's definitions are unions of kopp.overlap's combinations, and
definitions sit inside each other (`ggz` inside `breed`; a newcomers' marker inside `breed`,
which is any of them). `disclosure.control.protect` takes these as relations of the table.
"""

from __future__ import annotations

from collections.abc import Mapping

from wijkzicht.themes import kopp, nieuwkomers
from wijkzicht.themes.table import CountBound, CountCover, CountUnion


def count_relations(
    definitions: Mapping[str, object],
) -> tuple[list[CountUnion], list[CountBound | CountCover]]:
    """(unions, bounds) of the themes in `definitions` ({theme: its definitions}, as a rule's
    `DEFINITIONS.param(theme, ...)` gives them); none for a theme without such relations."""
    unions: list[CountUnion] = []
    bounds: list[CountBound | CountCover] = []
    if "kopp" in definitions:
        unions += kopp.count_unions(definitions["kopp"])
        bounds += kopp.count_bounds(definitions["kopp"])
    if "nieuwkomers" in definitions:
        bounds += nieuwkomers.count_bounds(definitions["nieuwkomers"])
    return unions, bounds
