"""Display labels in Dutch (default) and English; codes in the tables stay Dutch."""

from __future__ import annotations

LABELS = {
    "nl": {
        "kopp.aandeel": "Kinderen van ouders met psychische problemen of verslaving",
        "share_children": "Aandeel kinderen (0-17 jaar)",
        "gemeente": "Gemeente",
        "suppressed": "onderdrukt",
        "interval": "95%-betrouwbaarheidsinterval",
        "definition": {
            "ggz": "ouder in GGZ-zorg",
            "psychofarmaca": "ouder gebruikt psychofarmaca",
            "verslaving": "ouder in verslavingszorg (KOV)",
            "breed": "brede definitie",
            "bw_mo": "ouder in beschermd wonen / opvang",
            "laag_inkomen": "laag inkomen",
            "uitstroom_bw_mo": "uitstroom beschermd wonen / opvang",
            "k10_hoog": "hoge klachten",
            "geen_koppelbare_ouder": "geen koppelbare ouder",
        },
        "year": "jaar",
        "children": "kinderen",
        "kopp.overlap": "Kinderen naar combinatie van problemen bij de ouders",
        "nieuwkomers.concentratie": "Nieuwkomers: aandeel ten opzichte van de bewoners van de wijk",
        "nieuwkomers.aandeel": "Nieuwkomers met een kwetsbaarheidskenmerk",
        "migratie.k10_hoog": "Hoge psychische klachten (K10 >= 30)",
        "migratie.zorgkloof": "GGZ-zorg onder wie hoge klachten heeft",
        "migratie.ggz": "GGZ-zorg (volwassenen)",
        "migratie.psychofarmaca": "Psychofarmaca (volwassenen)",
        "migratie.eenzaam": "Eenzaamheid (De Jong Gierveld >= 3)",
        "migratie.or_ggz": "Kans op GGZ-zorg ten opzichte van de referentiegroep (odds ratio)",
        "kopp.ouders_onbekend": "Kinderen zonder koppelbare ouder (datakwaliteit)",
        "kopp.jeugdteam": "Kinderen met een eigen traject bij het jeugdteam",
    },
    "en": {
        "kopp.aandeel": "Children of parents with mental-health problems or addiction",
        "share_children": "Share of children (0-17 years)",
        "gemeente": "Municipality",
        "suppressed": "suppressed",
        "interval": "95% confidence interval",
        "definition": {
            "ggz": "parent in mental-health care",
            "psychofarmaca": "parent uses psychotropic drugs",
            "verslaving": "parent in addiction care (KOV)",
            "breed": "broad definition",
            "bw_mo": "parent in sheltered housing / shelter",
            "laag_inkomen": "low income",
            "uitstroom_bw_mo": "left sheltered housing / shelter",
            "k10_hoog": "high distress",
            "geen_koppelbare_ouder": "no linkable parent",
        },
        "year": "year",
        "children": "children",
        "kopp.overlap": "Children by combination of problems of their parents",
        "nieuwkomers.concentratie": "Newcomers: share relative to the wijk's residents",
        "nieuwkomers.aandeel": "Newcomers with a vulnerability marker",
        "migratie.k10_hoog": "High psychological distress (K10 >= 30)",
        "migratie.zorgkloof": "Mental-health care among those with high distress",
        "migratie.ggz": "Mental-health care (adults)",
        "migratie.psychofarmaca": "Psychotropic drugs (adults)",
        "migratie.eenzaam": "Loneliness (De Jong Gierveld >= 3)",
        "migratie.or_ggz": "Odds of mental-health care against the reference group (odds ratio)",
        "kopp.ouders_onbekend": "Children without a linkable parent (data quality)",
        "kopp.jeugdteam": "Children with their own youth-team trajectory",
    },
}


def label(lang: str, key: str, sub: str | None = None) -> str:
    entry = LABELS[lang].get(key, key)
    if sub is not None:
        return entry.get(sub, sub) if isinstance(entry, dict) else sub
    return entry


GENERIC = {
    "nl": {"ggz": "GGZ-zorg", "psychofarmaca": "psychofarmaca", "laag_inkomen": "laag inkomen",
           "uitstroom_bw_mo": "uitstroom beschermd wonen / opvang", "breed": "breed (een van deze)",
           "k10_hoog": "hoge klachten", "eenzaam": "eenzaam"},
    "en": {"ggz": "mental-health care", "psychofarmaca": "psychotropic drugs", "laag_inkomen": "low income",
           "uitstroom_bw_mo": "left sheltered housing / shelter", "breed": "broad (any of these)",
           "k10_hoog": "high distress", "eenzaam": "lonely"},
}  # fmt: skip


def definition_label(lang: str, measure: str, definition: str) -> str:
    """The label of a definition within its measure: KOPP definitions are about a parent."""
    if measure.startswith("kopp."):
        return label(lang, "definition", definition)
    return GENERIC[lang].get(definition, label(lang, "definition", definition))
