"""Person conditions per year t, one type per `source` (config `conditions:`).

A condition with codes refers to its codelist by name; the codes are read from the codelist
files by the conditions job (those files are its declared inputs), never when parsing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from wijkzicht.definitions.base import (
    NAME,
    Named,
    Wording,
    capital,
    check_lang,
    human,
    join_or,
    wording,
)
from wijkzicht.definitions.words import team, voorziening

IN_YEAR = {"nl": "in het jaar", "en": "in the year"}


@dataclass(frozen=True, kw_only=True)
class Condition:
    """A condition a person meets, or not, in year t."""

    name: str
    custom_label: Wording | None = None
    source: ClassVar[str] = ""
    # the source's own settings (config keys besides `source` and `label`)
    settings: ClassVar[tuple[str, ...]] = ()

    @property
    def codelists(self) -> tuple[str, ...]:
        """The names of the codelists this condition reads."""
        return ()

    def what(self, lang: str) -> str:
        """What a person has when meeting the condition, as a phrase without the year."""
        raise NotImplementedError

    def _label(self, lang: str) -> str:
        raise NotImplementedError

    def label(self, lang: str) -> str:
        """A short name: the configured label, else one made from the settings."""
        given = self.custom_label.get(lang) if self.custom_label else ""
        return given or self._label(check_lang(lang))

    def describe(self, lang: str) -> str:
        return f"{capital(self.label(lang))}: {self.what(lang)} {IN_YEAR[check_lang(lang)]}"


@dataclass(frozen=True, kw_only=True)
class GgzKosten(Condition):
    """GGZ costs of year t (the cost columns of year t summed) above 0."""

    source: ClassVar[str] = "ggz_kosten"

    def _label(self, lang):
        return {"nl": "GGZ-zorg", "en": "mental-health care"}[lang]

    def what(self, lang):
        return {"nl": "zorgkosten voor GGZ hoger dan 0",
                "en": "health-insurance costs for mental-health care above 0"}[check_lang(lang)]  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Medicijnen(Condition):
    """A medicine (ATC4) of the codelist dispensed in year t."""

    codelist: str
    source: ClassVar[str] = "medicijnen"
    settings: ClassVar[tuple[str, ...]] = ("codelist",)

    @property
    def codelists(self):
        return (self.codelist,)

    def _label(self, lang):
        return human(self.codelist)

    def what(self, lang):
        return {"nl": f"een medicijn van de apotheek uit de codelijst {human(self.codelist)}",
                "en": f"a medicine dispensed from the codelist {human(self.codelist)}"}[check_lang(lang)]  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class GgzDbc(Condition):
    """A GGZ DBC trajectory of year t with a circuit in one codelist or a main diagnosis
    starting with a prefix of the other."""

    circuit_codelist: str | None = None
    diagnosis_codelist: str | None = None
    source: ClassVar[str] = "ggz_dbc"
    settings: ClassVar[tuple[str, ...]] = ("circuit_codelist", "diagnosis_codelist")

    @property
    def codelists(self):
        return tuple(c for c in (self.circuit_codelist, self.diagnosis_codelist) if c)

    def _label(self, lang):
        lists = join_or([human(c) for c in self.codelists], lang)
        return {"nl": f"GGZ-behandeling ({lists})", "en": f"mental-health treatment ({lists})"}[
            lang
        ]

    def what(self, lang):
        lang = check_lang(lang)
        parts = []
        if self.circuit_codelist:
            parts.append({"nl": f"in een circuit uit de codelijst {human(self.circuit_codelist)}",
                          "en": f"in a circuit from the codelist {human(self.circuit_codelist)}"}[lang])  # fmt: skip
        if self.diagnosis_codelist:
            parts.append({"nl": f"met een hoofddiagnose uit de codelijst {human(self.diagnosis_codelist)}",
                          "en": f"with a main diagnosis from the codelist {human(self.diagnosis_codelist)}"}[lang])  # fmt: skip
        joined = (" of " if lang == "nl" else " or ").join(parts)
        return {"nl": f"een GGZ-behandeling {joined}", "en": f"a mental-health treatment {joined}"}[
            lang
        ]


@dataclass(frozen=True, kw_only=True)
class Wmo(Condition):
    """A Wmo provision of the listed kinds active in year t."""

    voorzieningen: tuple[str, ...]
    source: ClassVar[str] = "wmo"
    settings: ClassVar[tuple[str, ...]] = ("voorzieningen",)

    def _label(self, lang):
        return join_or([voorziening(v, lang) for v in self.voorzieningen], lang)

    def what(self, lang):
        names = join_or([voorziening(v, lang) for v in self.voorzieningen], lang)
        return {"nl": f"een Wmo-voorziening van de gemeente voor {names}",
                "en": f"a municipal Wmo provision for {names}"}[check_lang(lang)]  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Buurtteam(Condition):
    """A trajectory with one of the listed buurtteam teams active in year t."""

    teams: tuple[str, ...]
    source: ClassVar[str] = "buurtteam"
    settings: ClassVar[tuple[str, ...]] = ("teams",)

    def _label(self, lang):
        return join_or([team(t, lang) for t in self.teams], lang)

    def what(self, lang):
        names = join_or([team(t, lang) for t in self.teams], lang)
        return {"nl": f"een traject bij het {names}", "en": f"a trajectory with the {names}"}[
            check_lang(lang)
        ]


@dataclass(frozen=True, kw_only=True)
class Inkomen(Condition):
    """The income household's national percentile (INHP100HBEST) of year t within bounds."""

    percentile_min: int
    percentile_max: int
    source: ClassVar[str] = "inkomen"
    settings: ClassVar[tuple[str, ...]] = ("percentile_min", "percentile_max")

    def _label(self, lang):
        lo, hi = self.percentile_min, self.percentile_max
        if lo == 1:
            return {"nl": "laag inkomen", "en": "low income"}[lang]
        return {
            "nl": f"inkomen in groep {lo} tot en met {hi}",
            "en": f"income in percentiles {lo} to {hi}",
        }[lang]

    def what(self, lang):
        lo, hi = self.percentile_min, self.percentile_max
        if lo == 1:
            return {"nl": f"een huishoudinkomen bij de laagste {hi}% van Nederland",
                    "en": f"a household income among the lowest {hi}% of the Netherlands"}[check_lang(lang)]  # fmt: skip
        return {"nl": f"een huishoudinkomen in de groepen {lo} tot en met {hi} van de 100 (van laag naar hoog)",
                "en": f"a household income in percentiles {lo} to {hi} of 100 (low to high)"}[check_lang(lang)]  # fmt: skip


SOURCES: dict[str, type[Condition]] = {
    c.source: c for c in (GgzKosten, Medicijnen, GgzDbc, Wmo, Buurtteam, Inkomen)
}


# The shape of a code in the codelist each setting names: the shape of the column its codes are
# compared with (docs/rules.md#c3, docs/rules.md#c4), as a regular expression matched in full and
# in words. A code of another shape can match nothing (an ATC5 N06AB where MEDICIJNTAB holds
# ATC4, a letter O for the zero in NO6A) and would publish 0% as if it were a real zero.
CODE_SHAPES: dict[str, tuple[str, str]] = {
    "codelist": (
        r"[A-Z][0-9]{2}[A-Z]",
        "an ATC4 code as MEDICIJNTAB.ATC4 holds it (a letter, two digits, a letter, e.g. N06A)",
    ),
    "circuit_codelist": (
        r"[0-9]+",
        "a DBC GGZ circuit as GGZDBCTRAJECTENHOOFDDIAGTAB.GGZDBCCircuitHOOFDDIAG holds it "
        "(digits, e.g. 5)",
    ),
    "diagnosis_codelist": (
        r"as[12]_([0-9]+(\.[0-9]+)*\.?)?",
        "the start of a DSM-IV main diagnosis as GGZDBCTRAJECTENHOOFDDIAGTAB."
        "GGZDBCHoofddiagnoseDSMIV holds it (as1_ or as2_, then a number or nothing, e.g. as1_4, "
        "as1_4.1 or as2_ for every diagnosis of axis II)",
    ),
}


def setting_errors(where: str, spec: dict, kind: type[Condition]) -> list[str]:
    """A condition's missing settings and unknown keys, in one message (empty: none)."""
    allowed = ("source", *kind.settings, "label")
    unknown = [k for k in spec if k not in allowed]
    needs = [] if kind is GgzDbc else [k for k in kind.settings if k not in spec]
    parts = [f"{k!r} is required for source {kind.source}" for k in needs]
    parts += [f"unknown key {k!r}" for k in unknown]
    if not parts:
        return []
    return [f"{where}: {'; '.join(parts)} (allowed for source {kind.source}: "
            f"{', '.join(allowed)})"]  # fmt: skip


class Conditions(Named[Condition]):
    """Every configured condition, in configuration order."""


def parse_conditions(specs: dict, errors: list[str]) -> Conditions:
    """The `conditions:` section as objects; problems are appended to `errors`."""
    out = []
    for name, spec in specs.items():
        where = f"conditions.{name}"
        if not NAME.match(str(name)):
            errors.append(f"conditions: name {name!r} is not allowed (allowed: lower-case letters, digits and _, "
                          "starting with a letter)")  # fmt: skip
            continue
        src = spec.get("source")
        kind = SOURCES.get(src)
        if kind is None:
            errors.append(
                f"{where}.source: {src!r} is not a source (allowed: {', '.join(SOURCES)}); "
                "a registration wijkzicht does not read yet needs a source in the code: "
                "docs/sources.md"
            )
            continue
        problems = setting_errors(where, spec, kind)
        if problems:
            errors.extend(problems)
            continue
        label = wording(spec.get("label"))
        try:
            if kind is GgzKosten:
                cond = GgzKosten(name=name, custom_label=label)
            elif kind is Medicijnen:
                cond = Medicijnen(name=name, custom_label=label, codelist=spec["codelist"])
            elif kind is GgzDbc:
                cond = GgzDbc(name=name, custom_label=label, circuit_codelist=spec.get("circuit_codelist"),
                              diagnosis_codelist=spec.get("diagnosis_codelist"))  # fmt: skip
                if not cond.codelists:
                    errors.append(
                        f"{where}: a ggz_dbc condition needs circuit_codelist or diagnosis_codelist"
                    )
                    continue
            elif kind is Wmo:
                cond = Wmo(
                    name=name, custom_label=label, voorzieningen=tuple(spec["voorzieningen"])
                )
            elif kind is Buurtteam:
                cond = Buurtteam(name=name, custom_label=label, teams=tuple(spec["teams"]))
            else:
                lo, hi = int(spec["percentile_min"]), int(spec["percentile_max"])
                if lo > hi:
                    errors.append(
                        f"{where}: percentile_min {lo} is above percentile_max {hi} (allowed: min <= max)"
                    )
                    continue
                cond = Inkomen(name=name, custom_label=label, percentile_min=lo, percentile_max=hi)
        except KeyError as err:
            errors.append(f"{where}: source {src} needs the setting {err.args[0]!r}")
            continue
        out.append(cond)
    return Conditions(tuple(out))
