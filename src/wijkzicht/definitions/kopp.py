"""Theme KOPP/KOV: children of parents meeting a condition (config `themes.kopp`)."""

from __future__ import annotations

from dataclasses import dataclass

from wijkzicht.definitions.base import (
    Named,
    Wording,
    capital,
    check_lang,
    join_list,
    join_or,
    wording,
)
from wijkzicht.definitions.conditions import Condition, Conditions

KEY = "themes.kopp"


def _items(conditions: tuple[Condition, ...], lang: str) -> str:
    return join_list([f"{c.label(lang)} ({c.what(lang)})" for c in conditions])


@dataclass(frozen=True)
class KoppDefinition:
    """A child meets the definition when at least one parent meets one of the conditions in t."""

    name: str
    conditions: tuple[Condition, ...]
    min_age: int
    max_age: int
    custom_label: Wording | None = None

    @property
    def condition_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.conditions)

    def label(self, lang: str) -> str:
        given = self.custom_label.get(lang) if self.custom_label else ""
        if given:
            return given
        words = join_or([c.label(lang) for c in self.conditions], lang)
        return {"nl": f"ouder met {words}", "en": f"parent with {words}"}[check_lang(lang)]

    def describe(self, lang: str) -> str:
        lang = check_lang(lang)
        lo, hi, n = self.min_age, self.max_age, len(self.conditions)
        which = {
            "nl": "dit" if n == 1 else "een van deze",
            "en": "this" if n == 1 else "one of these",
        }[lang]
        text = {
            "nl": f"een kind van {lo} tot en met {hi} jaar telt mee als minstens een ouder in het jaar {which} had: ",
            "en": f"a child aged {lo} to {hi} counts when at least one parent had {which} in the year: ",
        }[lang]
        return f"{capital(self.label(lang))}: {text}{_items(self.conditions, lang)}"


@dataclass(frozen=True)
class Jeugdteam:
    """kopp.jeugdteam: the child's own condition, compared between children who meet the
    definition and children who do not."""

    condition: Condition
    definition: KoppDefinition

    def label(self, lang: str) -> str:
        return self.condition.label(lang)

    def describe(self, lang: str) -> str:
        c, d = self.condition, self.definition
        return {
            "nl": f"{capital(c.label(lang))}: het aandeel kinderen dat zelf in het jaar {c.what(lang)} had, "
                  f"voor kinderen die wel en die niet meetellen bij '{d.label(lang)}', en hoeveel keer zo groot "
                  "dat aandeel is (relatief risico)",
            "en": f"{capital(c.label(lang))}: the share of children who themselves had {c.what(lang)} in the year, "
                  f"for children who do and who do not count in '{d.label(lang)}', and how many times as large "
                  "that share is (relative risk)",
        }[check_lang(lang)]  # fmt: skip


@dataclass(frozen=True)
class Overlap:
    """kopp.overlap: children by the combination of parent conditions they have."""

    conditions: tuple[Condition, ...]

    def label(self, lang: str) -> str:
        return {"nl": "combinatie van kenmerken van de ouders",
                "en": "combination of the parents' conditions"}[check_lang(lang)]  # fmt: skip

    def describe(self, lang: str) -> str:
        return {
            "nl": f"{capital(self.label(lang))}: elk kind telt in precies een combinatie van wat zijn of haar "
                  f"ouders in het jaar hadden, of in geen: {_items(self.conditions, lang)}",
            "en": f"{capital(self.label(lang))}: each child counts in exactly one combination of what its "
                  f"parents had in the year, or in none: {_items(self.conditions, lang)}",
        }[check_lang(lang)]  # fmt: skip


@dataclass(frozen=True)
class NoLinkableParent:
    """kopp.ouders_onbekend: a data-quality measure."""

    def label(self, lang: str) -> str:
        return {"nl": "geen koppelbare ouder", "en": "no linkable parent"}[check_lang(lang)]

    def describe(self, lang: str) -> str:
        return {
            "nl": "Geen koppelbare ouder: kinderen van wie geen vader en geen moeder aan de registraties te "
                  "koppelen is; zij kunnen bij geen enkele definitie meetellen (datakwaliteit)",
            "en": "No linkable parent: children with neither a father nor a mother that can be linked to the "
                  "registers; they cannot count in any definition (data quality)",
        }[check_lang(lang)]  # fmt: skip


class KoppDefinitions(Named[KoppDefinition]):
    """The KOPP definitions, in configuration order."""


@dataclass(frozen=True)
class Kopp:
    min_age: int
    max_age: int
    groups: tuple[str, ...]
    definitions: KoppDefinitions
    overlap_conditions: tuple[Condition, ...]
    jeugdteam: Jeugdteam

    @property
    def overlap_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.overlap_conditions)

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition the theme refers to, each once, in order of first mention."""
        seen: dict[str, Condition] = {}
        for d in self.definitions:
            for c in d.conditions:
                seen.setdefault(c.name, c)
        for c in (*self.overlap_conditions, self.jeugdteam.condition):
            seen.setdefault(c.name, c)
        return tuple(seen.values())

    @property
    def condition_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.conditions)

    def describe(self, lang: str) -> str:
        """The population."""
        return {
            "nl": f"Kinderen van {self.min_age} tot en met {self.max_age} jaar die op 1 januari in de gemeente wonen",
            "en": f"Children aged {self.min_age} to {self.max_age} living in the municipality on 1 January",
        }[check_lang(lang)]  # fmt: skip

    def definition(self, measure: str, key: str):
        """The object behind `definition` `key` of a row of `measure`; None when unknown."""
        if measure == "kopp.aandeel":
            return self.definitions.get(key)
        if measure == "kopp.overlap":
            return Overlap(self.overlap_conditions)
        if measure == "kopp.jeugdteam" and key == self.jeugdteam.definition.name:
            return self.jeugdteam
        if measure == "kopp.ouders_onbekend":
            return NoLinkableParent()
        return None


def _resolve(names, conditions: Conditions, where: str, errors: list[str]) -> tuple[Condition, ...]:
    out = []
    for c in names:
        if c in conditions:
            out.append(conditions[c])
        else:
            errors.append(f"{where}: condition {c!r} is not declared under conditions "
                          f"(declared: {', '.join(conditions.names)})")  # fmt: skip
    return tuple(out)


def parse_kopp(spec: dict, conditions: Conditions, errors: list[str]) -> Kopp:
    lo, hi = int(spec.get("min_age", 0)), int(spec.get("max_age", 17))
    if lo > hi:
        errors.append(f"{KEY}: min_age {lo} is above max_age {hi} (allowed: min_age up to max_age)")
    defs = []
    for name, d in spec["definitions"].items():
        conds = _resolve(
            d["conditions"], conditions, f"{KEY}.definitions.{name}.conditions", errors
        )
        defs.append(KoppDefinition(name, conds, lo, hi, wording(d.get("label"))))
    definitions = KoppDefinitions(tuple(defs))
    overlap_names = list(
        spec.get("overlap_conditions", ["ggz", "psychofarmaca", "verslaving", "bw_mo"])
    )
    dupes = sorted({c for c in overlap_names if overlap_names.count(c) > 1})
    if dupes:
        errors.append(
            f"{KEY}.overlap_conditions: {', '.join(map(repr, dupes))} listed twice (allowed: each once)"
        )
    overlap = _resolve(overlap_names, conditions, f"{KEY}.overlap_conditions", errors)
    jt = spec.get("jeugdteam", {})
    jt_cond = _resolve(
        [jt.get("condition", "jeugdteam")], conditions, f"{KEY}.jeugdteam.condition", errors
    )
    jt_def = jt.get("definition", "breed")
    if jt_def not in definitions:
        errors.append(f"{KEY}.jeugdteam.definition: {jt_def!r} is not a KOPP definition "
                      f"(definitions: {', '.join(definitions.names)})")  # fmt: skip
    jeugdteam = (
        Jeugdteam(jt_cond[0], definitions[jt_def]) if jt_cond and jt_def in definitions else None
    )
    return Kopp(
        lo, hi, tuple(spec.get("groups", ["totaal", "leeftijd"])), definitions, overlap, jeugdteam
    )
