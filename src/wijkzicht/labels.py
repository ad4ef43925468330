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
        },
        "year": "jaar",
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
        },
        "year": "year",
    },
}


def label(lang: str, key: str, sub: str | None = None) -> str:
    entry = LABELS[lang].get(key, key)
    if sub is not None:
        return entry.get(sub, sub) if isinstance(entry, dict) else sub
    return entry
