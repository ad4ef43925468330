"""Definitions parsed once from the configuration into typed, validated, immutable objects that
every engine (population, themes) and every describer (outputs) uses.

Imports only `wijkzicht.errors` and the standard library: definitions are data, read by the
layers above them.
"""

from wijkzicht.definitions.base import DefinitionError, Named, Wording
from wijkzicht.definitions.conditions import (
    Buurtteam,
    Condition,
    Conditions,
    GgzDbc,
    GgzKosten,
    Inkomen,
    Medicijnen,
    Wmo,
)
from wijkzicht.definitions.implication import implies, inside
from wijkzicht.definitions.kopp import (
    Jeugdteam,
    Kopp,
    KoppDefinition,
    KoppDefinitions,
    NoLinkableParent,
    Overlap,
)
from wijkzicht.definitions.migratie import (
    K10,
    Eenzaamheid,
    Migratie,
    OddsRatio,
    RegistryMeasure,
    RegistryMeasures,
    SurveyScales,
    Zorgkloof,
)
from wijkzicht.definitions.nieuwkomers import (
    AnyOf,
    Concentratie,
    ConditionsIn,
    Criterion,
    Marker,
    Markers,
    Nieuwkomers,
    Uitstroom,
)
from wijkzicht.definitions.parse import THEMES, Definitions, parse_definitions

__all__ = [
    "K10", "THEMES", "AnyOf", "Buurtteam", "Concentratie", "Condition", "Conditions", "ConditionsIn", "Criterion",
    "DefinitionError", "Definitions", "Eenzaamheid", "GgzDbc", "GgzKosten", "Inkomen", "Jeugdteam", "Kopp",
    "KoppDefinition", "KoppDefinitions", "Marker", "Markers", "Medicijnen", "Migratie", "Named", "Nieuwkomers",
    "NoLinkableParent", "OddsRatio", "Overlap", "RegistryMeasure", "RegistryMeasures", "SurveyScales", "Uitstroom",
    "Wmo", "Wording", "Zorgkloof", "implies", "inside", "parse_definitions",
]  # fmt: skip
