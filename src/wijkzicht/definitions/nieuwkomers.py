"""Theme newcomers: markers of a newcomer moving on date m in year t (config `themes.nieuwkomers`).

A marker is met when any of its criteria is. A criterion is one of:
- `ConditionsIn`: one of the conditions in year t (lag 0) or t-1 (lag 1);
- `Uitstroom`: a Wmo provision of the listed kinds ended in [m - days, m] (its own kinds and days:
  two uitstroom markers are two different criteria);
- `AnyOf`: one of the other (simple) markers.
"""

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
from wijkzicht.definitions.words import voorziening

KEY = "themes.nieuwkomers"
LAGS = {"conditions_t": 0, "conditions_t_minus_1": 1}
WHEN_LABEL = {
    "nl": {(0,): "dit jaar", (1,): "vorig jaar", (0, 1): "dit of vorig jaar"},
    "en": {(0,): "this year", (1,): "last year", (0, 1): "this or last year"},
}
WHEN = {
    "nl": {(0,): "in het jaar van de verhuizing", (1,): "in het jaar voor de verhuizing",
           (0, 1): "in het jaar van de verhuizing of het jaar ervoor"},
    "en": {(0,): "in the year of the move", (1,): "in the year before the move",
           (0, 1): "in the year of the move or the year before"},
}  # fmt: skip


@dataclass(frozen=True)
class ConditionsIn:
    """One of `conditions` met in year t - lag."""

    conditions: tuple[Condition, ...]
    lag: int

    @property
    def condition_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.conditions)


@dataclass(frozen=True)
class Uitstroom:
    """A Wmo provision of one of `voorzieningen` ended in [m - days, m], calendar days inclusive."""

    voorzieningen: tuple[str, ...]
    days: int

    def names(self, lang: str) -> str:
        return join_or([voorziening(v, lang) for v in self.voorzieningen], lang)


@dataclass(frozen=True)
class AnyOf:
    """One of other markers (each a marker without any_of)."""

    markers: tuple[Marker, ...]


Criterion = ConditionsIn | Uitstroom | AnyOf


def _grouped(criteria) -> list[tuple[tuple[int, ...], tuple[Condition, ...]]]:
    """ConditionsIn criteria as (lags, conditions); t and t-1 with the same conditions merged."""
    out: dict[tuple[str, ...], list] = {}
    for c in criteria:
        if isinstance(c, ConditionsIn):
            out.setdefault(c.condition_names, [(), c.conditions])[0] += (c.lag,)
    return [(tuple(sorted(lags)), conds) for lags, conds in out.values()]


@dataclass(frozen=True)
class Marker:
    name: str
    criteria: tuple[Criterion, ...]
    custom_label: Wording | None = None

    @property
    def uitstroom(self) -> tuple[Uitstroom, ...]:
        return tuple(c for c in self.criteria if isinstance(c, Uitstroom))

    @property
    def any_of(self) -> tuple[Marker, ...]:
        return tuple(m for c in self.criteria if isinstance(c, AnyOf) for m in c.markers)

    def label(self, lang: str) -> str:
        given = self.custom_label.get(lang) if self.custom_label else ""
        if given:
            return given
        lang = check_lang(lang)
        parts = [f"{join_or([c.label(lang) for c in conds], lang)} ({WHEN_LABEL[lang][lags]})"
                 for lags, conds in _grouped(self.criteria)]  # fmt: skip
        parts += [
            {"nl": f"uitstroom uit {u.names(lang)}", "en": f"left {u.names(lang)}"}[lang]
            for u in self.uitstroom
        ]
        if self.any_of:
            parts.append(
                {"nl": "een van deze: ", "en": "any of: "}[lang]
                + join_list([m.label(lang) for m in self.any_of])
            )
        return join_or(parts, lang)

    def describe(self, lang: str) -> str:
        lang = check_lang(lang)
        clauses = []
        for lags, conds in _grouped(self.criteria):
            items = join_list([f"{c.label(lang)} ({c.what(lang)})" for c in conds])
            which = {"nl": "dit" if len(conds) == 1 else "een van deze",
                     "en": "this" if len(conds) == 1 else "one of these"}[lang]  # fmt: skip
            clauses.append({"nl": f"{WHEN[lang][lags]} {which} had: {items}",
                            "en": f"had {which} {WHEN[lang][lags]}: {items}"}[lang])  # fmt: skip
        for u in self.uitstroom:
            clauses.append({
                "nl": f"een Wmo-voorziening voor {u.names(lang)} had die stopte in de {u.days} dagen voor de "
                      "verhuisdatum of op die dag",
                "en": f"had a Wmo provision for {u.names(lang)} that ended in the {u.days} days before the moving "
                      "date or on that day",
            }[lang])  # fmt: skip
        if self.any_of:
            labels = join_list([m.label(lang) for m in self.any_of])
            clauses.append({"nl": f"minstens een van deze kenmerken heeft: {labels}",
                            "en": f"has at least one of these markers: {labels}"}[lang])  # fmt: skip
        joined = (" of " if lang == "nl" else " or ").join(clauses)
        head = {
            "nl": "een nieuwkomer telt mee als hij of zij",
            "en": "a newcomer counts when he or she",
        }[lang]
        return f"{capital(self.label(lang))}: {head} {joined}"


@dataclass(frozen=True)
class Concentratie:
    """nieuwkomers.concentratie: the share among newcomers over the share among the residents."""

    marker: Marker

    def label(self, lang: str) -> str:
        return self.marker.label(lang)

    def describe(self, lang: str) -> str:
        label = capital(self.marker.label(lang))
        return {
            "nl": f"{label}: het aandeel nieuwkomers met dit kenmerk gedeeld door het aandeel bewoners van de wijk "
                  "op 1 januari met hetzelfde kenmerk; boven 1 komt het kenmerk vaker voor bij nieuwkomers",
            "en": f"{label}: the share of newcomers with this marker divided by the share of the wijk's residents "
                  "on 1 January with the same marker; above 1 the marker is more common among newcomers",
        }[check_lang(lang)]  # fmt: skip


class Markers(Named[Marker]):
    """The newcomer markers, in configuration order."""


@dataclass(frozen=True)
class Nieuwkomers:
    definitions: Markers
    concentratie: tuple[Marker, ...]

    @property
    def concentratie_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.concentratie)

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition the markers refer to, each once, in order."""
        seen: dict[str, Condition] = {}
        for m in self.definitions:
            for c in m.criteria:
                if isinstance(c, ConditionsIn):
                    for cond in c.conditions:
                        seen.setdefault(cond.name, cond)
        return tuple(seen.values())

    @property
    def uitstroom(self) -> tuple[Uitstroom, ...]:
        """Every distinct uitstroom criterion of the markers, in order."""
        return tuple(dict.fromkeys(u for m in self.definitions for u in m.uitstroom))

    def describe(self, lang: str) -> str:
        return {
            "nl": "Mensen die in het jaar in de wijk kwamen wonen en niet in dat jaar geboren zijn",
            "en": "People who moved into the wijk in the year and were not born in that year",
        }[check_lang(lang)]

    def definition(self, measure: str, key: str):
        """The object behind `definition` `key` of a row of `measure`; None when unknown."""
        marker = self.definitions.get(key)
        if marker is None:
            return None
        if measure == "nieuwkomers.aandeel":
            return marker
        if measure == "nieuwkomers.concentratie":
            return Concentratie(marker)
        return None


def parse_nieuwkomers(spec: dict, conditions: Conditions, errors: list[str]) -> Nieuwkomers:
    specs = spec["definitions"]
    simple: dict[str, Marker] = {}
    for name, m in specs.items():
        where = f"{KEY}.definitions.{name}"
        if "any_of" in m:
            other = sorted(k for k in m if k not in ("any_of", "label"))
            if other:
                errors.append(f"{where}: any_of cannot be combined with {', '.join(other)} "
                              "(allowed: any_of alone, or the other keys without any_of)")  # fmt: skip
            continue
        criteria: list[Criterion] = []
        for key, lag in LAGS.items():
            names = m.get(key) or []
            conds = []
            for c in names:
                if c in conditions:
                    conds.append(conditions[c])
                else:
                    errors.append(f"{where}.{key}: condition {c!r} is not declared under conditions "
                                  f"(declared: {', '.join(conditions.names)})")  # fmt: skip
            if conds:
                criteria.append(ConditionsIn(tuple(conds), lag))
        if m.get("uitstroom"):
            u = m["uitstroom"]
            criteria.append(Uitstroom(tuple(u["voorzieningen"]), int(u["days"])))
        if not criteria and not any(m.get(k) for k in LAGS):
            errors.append(
                f"{where}: no criterion (allowed: conditions_t, conditions_t_minus_1, uitstroom or any_of)"
            )
        simple[name] = Marker(name, tuple(criteria), wording(m.get("label")))
    markers = []
    for name, m in specs.items():
        if name in simple:
            markers.append(simple[name])
            continue
        if "any_of" not in m:
            continue
        parts = []
        for x in m["any_of"]:
            if x in simple:
                parts.append(simple[x])
            else:
                errors.append(f"{KEY}.definitions.{name}.any_of: {x!r} is not a marker without any_of "
                              f"(allowed: {', '.join(simple) or 'none'})")  # fmt: skip
        markers.append(Marker(name, (AnyOf(tuple(parts)),), wording(m.get("label"))))
    definitions = Markers(tuple(markers))
    conc = []
    for x in spec.get("concentratie", ["ggz", "laag_inkomen"]):
        if x in definitions:
            conc.append(definitions[x])
        else:
            errors.append(
                f"{KEY}.concentratie: {x!r} is not a marker (markers: {', '.join(definitions.names)})"
            )
    return Nieuwkomers(definitions, tuple(conc))
