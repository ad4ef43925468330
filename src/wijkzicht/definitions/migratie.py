"""Theme migration background and mental health (config `themes.migratie`)."""

from __future__ import annotations

from dataclasses import dataclass

from wijkzicht.definitions.base import Named, capital, check_lang, number
from wijkzicht.definitions.conditions import Condition, Conditions

KEY = "themes.migratie"
CARE = "ggz"  # the registry measure that zorgkloof and or_ggz are about


@dataclass(frozen=True)
class RegistryMeasure:
    """migratie.<name>: the share of adults meeting `condition` in year t."""

    name: str
    condition: Condition
    min_age: int

    def label(self, lang: str) -> str:
        return self.condition.label(lang)

    def describe(self, lang: str) -> str:
        c = self.condition
        return {
            "nl": f"{capital(c.label(lang))}: een volwassene van {self.min_age} jaar of ouder telt mee als hij of "
                  f"zij in het jaar {c.what(lang)} had",
            "en": f"{capital(c.label(lang))}: an adult aged {self.min_age} or over counts when he or she had "
                  f"{c.what(lang)} in the year",
        }[check_lang(lang)]  # fmt: skip


@dataclass(frozen=True)
class K10:
    """migratie.k10_hoog: K10 score (answered items x 10 / number answered, with at least
    `min_items` answered) at or above `cutoff`."""

    min_items: int
    cutoff: float

    def label(self, lang: str) -> str:
        return {"nl": "hoge psychische klachten", "en": "high psychological distress"}[
            check_lang(lang)
        ]

    def describe(self, lang: str) -> str:
        cut = number(self.cutoff)
        return {
            "nl": f"Hoge psychische klachten: een score van {cut} of meer op de K10, tien vragen over psychische "
                  f"klachten in de gezondheidsmonitor; de score telt alleen als minstens {self.min_items} vragen "
                  "zijn beantwoord",
            "en": f"High psychological distress: a score of {cut} or more on the K10, ten questions about "
                  f"psychological distress in the health survey; the score counts only when at least "
                  f"{self.min_items} questions are answered",
        }[check_lang(lang)]  # fmt: skip


@dataclass(frozen=True)
class Eenzaamheid:
    """migratie.eenzaam: De Jong Gierveld score at or above `cutoff` (all 11 items answered)."""

    negative_items: tuple[int, ...]
    positive_items: tuple[int, ...]
    cutoff: float

    def label(self, lang: str) -> str:
        return {"nl": "eenzaam", "en": "lonely"}[check_lang(lang)]

    def describe(self, lang: str) -> str:
        cut = number(self.cutoff)
        neg = ", ".join(map(str, self.negative_items))
        pos = ", ".join(map(str, self.positive_items))
        return {
            "nl": f"Eenzaam: een score van {cut} of meer op de eenzaamheidsschaal van De Jong Gierveld (11 vragen, "
                  f"alle beantwoord); de vragen {neg} tellen 1 punt bij ja of min of meer, de vragen {pos} bij nee of "
                  "min of meer",
            "en": f"Lonely: a score of {cut} or more on the De Jong Gierveld loneliness scale (11 questions, all "
                  f"answered); questions {neg} score 1 for yes or more or less, questions {pos} for no or more or less",
        }[check_lang(lang)]  # fmt: skip


@dataclass(frozen=True)
class SurveyScales:
    k10: K10
    eenzaamheid: Eenzaamheid


@dataclass(frozen=True)
class Zorgkloof:
    """migratie.zorgkloof: among respondents with high distress, the share with care."""

    distress: K10
    care: RegistryMeasure

    def label(self, lang: str) -> str:
        return self.care.label(lang)

    def describe(self, lang: str) -> str:
        c = self.care.condition
        return {
            "nl": f"{capital(c.label(lang))} bij hoge klachten: van de mensen in de gezondheidsmonitor met hoge "
                  f"psychische klachten (K10 {number(self.distress.cutoff)} of meer) het gewogen aandeel dat in "
                  f"hetzelfde jaar {c.what(lang)} had",
            "en": f"{capital(c.label(lang))} with high distress: of the people in the health survey with high "
                  f"psychological distress (K10 {number(self.distress.cutoff)} or more) the weighted share who had "
                  f"{c.what(lang)} in the same year",
        }[check_lang(lang)]  # fmt: skip


@dataclass(frozen=True)
class OddsRatio:
    """migratie.or_ggz: odds of care by herkomst, age band, sex and income quintile."""

    care: RegistryMeasure

    def label(self, lang: str) -> str:
        return self.care.label(lang)

    def describe(self, lang: str) -> str:
        c = self.care.condition
        return {
            "nl": f"Kans op {c.label(lang)} ({c.what(lang)}) vergeleken met de referentiegroep (Nederlandse "
                  "herkomst, de jongste leeftijdsgroep, man, een huishoudinkomen bij de laagste 20% van Nederland), rekening "
                  "houdend met herkomst, leeftijd, "
                  "geslacht en inkomen (odds ratio)",
            "en": f"Odds of {c.label(lang)} ({c.what(lang)}) against the reference group (Dutch origin, "
                  "the youngest age band, man, a household income in the lowest 20% of the Netherlands), taking origin, age, sex and income into account (odds ratio)",
        }[check_lang(lang)]  # fmt: skip


class RegistryMeasures(Named[RegistryMeasure]):
    """The registry measures, in configuration order."""


@dataclass(frozen=True)
class Migratie:
    min_age: int
    definitions: RegistryMeasures
    survey: SurveyScales

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition the theme refers to, each once, in order."""
        return tuple({m.condition.name: m.condition for m in self.definitions}.values())

    @property
    def care(self) -> RegistryMeasure:
        """The registry measure of GGZ care (zorgkloof, or_ggz and the survey's care flag)."""
        return self.definitions[CARE]

    def describe(self, lang: str) -> str:
        return {
            "nl": f"Volwassenen van {self.min_age} jaar of ouder die op 1 januari in de gemeente wonen",
            "en": f"Adults aged {self.min_age} or over living in the municipality on 1 January",
        }[check_lang(lang)]

    def definition(self, measure: str, key: str):
        """The object behind `definition` `key` of a row of `measure`; None when unknown."""
        if measure == "migratie.k10_hoog":
            return self.survey.k10
        if measure == "migratie.eenzaam":
            return self.survey.eenzaamheid
        if measure == "migratie.zorgkloof":
            return Zorgkloof(self.survey.k10, self.care)
        if measure == "migratie.or_ggz":
            return OddsRatio(self.care)
        if measure == f"migratie.{key}":
            return self.definitions.get(key)
        return None


def parse_migratie(spec: dict, conditions: Conditions, errors: list[str]) -> Migratie:
    min_age = int(spec.get("min_age", 18))
    measures = []
    for name, cond in spec["definitions"].items():
        if cond in conditions:
            measures.append(RegistryMeasure(name, conditions[cond], min_age))
        else:
            errors.append(f"{KEY}.definitions.{name}: condition {cond!r} is not declared under conditions "
                          f"(declared: {', '.join(conditions.names)})")  # fmt: skip
    if CARE not in spec["definitions"]:
        errors.append(f"{KEY}.definitions: no measure {CARE!r} (zorgkloof and or_ggz are about it)")
    s = spec.get("survey", {})
    neg = tuple(int(i) for i in s.get("eenzaamheid_negative_items", [2, 3, 5, 6, 9, 10]))
    pos = tuple(int(i) for i in s.get("eenzaamheid_positive_items", [1, 4, 7, 8, 11]))
    both = sorted(set(neg) & set(pos))
    if both:
        errors.append(f"{KEY}.survey: item(s) {both} are both eenzaamheid_negative_items and "
                      "eenzaamheid_positive_items (allowed: each item in one list)")  # fmt: skip
    scales = SurveyScales(
        K10(int(s.get("k10_min_items", 8)), float(s.get("k10_cutoff", 30))),
        Eenzaamheid(neg, pos, float(s.get("eenzaamheid_cutoff", 3))),
    )
    return Migratie(min_age, RegistryMeasures(tuple(measures)), scales)
