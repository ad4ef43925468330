"""Words for the codes that definitions use (Wmo provisions, buurtteam teams), in one place:
the definitions' descriptions and the linkage report's profile labels both take them from here."""

from __future__ import annotations

from wijkzicht.definitions.base import check_lang

VOORZIENINGEN = {
    "BW": {"nl": "beschermd wonen", "en": "sheltered housing"},
    "MO": {"nl": "maatschappelijke opvang", "en": "shelter"},
    "BEG": {"nl": "begeleiding", "en": "support at home"},
    "DB": {"nl": "dagbesteding", "en": "day activities"},
    "HH": {"nl": "hulp bij het huishouden", "en": "household help"},
}
# the two teams of the buurtteam (registration GEMBUURTTEAM), by one name each on every page:
# the measure kopp.jeugdteam and the persona's care say the JG team by this name too
# (outputs.labels)
TEAMS = {
    "SOC": {"nl": "sociaal buurtteam", "en": "social neighbourhood team"},
    "JG": {"nl": "buurtteam jeugd en gezin", "en": "youth and family neighbourhood team"},
}


def voorziening(code: str, lang: str) -> str:
    return VOORZIENINGEN.get(code, {}).get(check_lang(lang), code)


def team(code: str, lang: str) -> str:
    return TEAMS.get(code, {}).get(check_lang(lang), code)
