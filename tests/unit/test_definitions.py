"""Definitions are parsed once into typed, validated, immutable objects that describe themselves."""

import copy
import dataclasses
import pickle

import pytest
from worlds import config

from wijkzicht.definitions import (
    AnyOf,
    Buurtteam,
    Condition,
    ConditionsIn,
    DefinitionError,
    Definitions,
    GgzDbc,
    GgzKosten,
    Inkomen,
    Medicijnen,
    Uitstroom,
    Wmo,
    parse_definitions,
)
from wijkzicht.pipeline.config import ConfigError, cross_check

CFG = config()
DEFS = parse_definitions(CFG)


def test_good_config_gives_typed_objects():
    c = DEFS.conditions
    assert c.names == ("ggz", "psychofarmaca", "verslaving", "bw_mo", "jeugdteam", "laag_inkomen")
    assert isinstance(c["ggz"], GgzKosten)
    assert c["psychofarmaca"] == Medicijnen(name="psychofarmaca", custom_label=c["psychofarmaca"].custom_label,
                                            codelist="psychofarmaca")  # fmt: skip
    assert isinstance(c["verslaving"], GgzDbc) and c["verslaving"].codelists == (
        "verslaving_circuit",
        "verslaving_diagnose",
    )
    assert c["bw_mo"] == Wmo(name="bw_mo", voorzieningen=("BW", "MO"))
    assert c["jeugdteam"] == Buurtteam(name="jeugdteam", teams=("JG",))
    assert c["laag_inkomen"] == Inkomen(name="laag_inkomen", percentile_min=1, percentile_max=10)

    kopp = DEFS.kopp
    assert (kopp.min_age, kopp.max_age, kopp.groups) == (0, 17, ("totaal", "leeftijd"))
    assert kopp.definitions.names == ("ggz", "psychofarmaca", "verslaving", "breed")
    assert kopp.definitions["breed"].conditions == (
        c["ggz"],
        c["psychofarmaca"],
        c["verslaving"],
        c["bw_mo"],
    )
    assert kopp.overlap_names == ("ggz", "psychofarmaca", "verslaving", "bw_mo")
    assert (
        kopp.jeugdteam.condition is c["jeugdteam"]
        and kopp.jeugdteam.definition is kopp.definitions["breed"]
    )
    assert kopp.condition_names == ("ggz", "psychofarmaca", "verslaving", "bw_mo", "jeugdteam")

    mig = DEFS.migratie
    assert mig.min_age == 18 and mig.definitions.names == ("ggz", "psychofarmaca")
    assert mig.care.condition is c["ggz"]
    assert (mig.survey.k10.min_items, mig.survey.k10.cutoff) == (8, 30.0)
    assert mig.survey.eenzaamheid.negative_items == (2, 3, 5, 6, 9, 10)
    assert mig.survey.eenzaamheid.positive_items == (1, 4, 7, 8, 11)
    assert mig.survey.eenzaamheid.cutoff == 3.0

    nk = DEFS.nieuwkomers
    m = nk.definitions
    assert m.names == ("ggz", "uitstroom_bw_mo", "laag_inkomen", "breed")
    assert m["ggz"].criteria == (ConditionsIn((c["ggz"],), 0), ConditionsIn((c["ggz"],), 1))
    assert m["uitstroom_bw_mo"].criteria == (Uitstroom(("BW", "MO"), 365),)
    assert m["laag_inkomen"].criteria == (ConditionsIn((c["laag_inkomen"],), 1),)
    assert m["breed"].criteria == (AnyOf((m["ggz"], m["uitstroom_bw_mo"], m["laag_inkomen"])),)
    assert nk.concentratie_names == ("ggz", "laag_inkomen")
    assert nk.uitstroom == (Uitstroom(("BW", "MO"), 365),)


def _fields(obj):
    """Every value held by a definition object, recursively."""
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _fields(getattr(obj, f.name))
    elif isinstance(obj, tuple):
        for x in obj:
            yield from _fields(x)
    else:
        yield obj


def test_immutable_hashable_and_a_deterministic_repr():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFS.kopp.min_age = 4  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFS.conditions["bw_mo"].voorzieningen = ("BW",)  # type: ignore[misc]
    # tuples all the way down, no list, dict or set that could change
    assert not [v for v in _fields(DEFS) if isinstance(v, (list, dict, set))]
    again = parse_definitions(copy.deepcopy(CFG))
    assert again == DEFS and hash(again) == hash(DEFS) and repr(again) == repr(DEFS)
    assert " at 0x" not in repr(DEFS)
    assert pickle.loads(pickle.dumps(DEFS)) == DEFS  # Snakemake pickles params into scripts


def test_params_are_tracked_per_theme():
    # Snakemake compares the repr of builtin params only (a bare dataclass is left out): the
    # objects travel in a dict whose repr is theirs
    kopp = DEFS.param("kopp")
    assert isinstance(kopp, dict) and repr(kopp) == f"{{'kopp': {DEFS.kopp!r}}}"
    assert Definitions.from_param(DEFS.param()) == DEFS
    # a change to a migratie definition changes the migratie params, not the KOPP ones
    cfg = copy.deepcopy(CFG)
    cfg["themes"]["migratie"]["definitions"]["ggz"] = "psychofarmaca"
    changed = parse_definitions(cfg)
    assert repr(changed.param("kopp")) == repr(kopp)
    assert repr(changed.param("conditions")) == repr(DEFS.param("conditions"))
    assert repr(changed.param("migratie")) != repr(DEFS.param("migratie"))


def _error(mutate) -> str:
    cfg = copy.deepcopy(CFG)
    mutate(cfg)
    with pytest.raises(DefinitionError) as err:
        parse_definitions(cfg)
    # cross_check raises the configuration error type with the same message
    with pytest.raises(ConfigError) as conf:
        cross_check(cfg)
    assert all(e in str(conf.value) for e in err.value.errors)
    return str(err.value)


def _set(path: str, value):
    def mutate(cfg):
        *head, last = path.split(".")
        node = cfg
        for k in head:
            node = node[k]
        node[last] = value

    return mutate


@pytest.mark.parametrize(
    "path, value, expected",
    [
        ("themes.kopp.definitions.breed", {"conditions": ["ggz", "geen_conditie"]},
         ["themes.kopp.definitions.breed.conditions", "'geen_conditie'", "declared: ggz, psychofarmaca"]),
        ("themes.kopp.overlap_conditions", ["ggz", "onbekend"], ["themes.kopp.overlap_conditions", "'onbekend'"]),
        ("themes.kopp.overlap_conditions", ["ggz", "ggz"], ["themes.kopp.overlap_conditions", "'ggz' listed twice"]),
        ("themes.kopp.jeugdteam", {"condition": "jg", "definition": "breed"}, ["themes.kopp.jeugdteam.condition", "'jg'"]),
        ("themes.kopp.jeugdteam", {"condition": "jeugdteam", "definition": "smal"},
         ["themes.kopp.jeugdteam.definition", "'smal'", "definitions: ggz, psychofarmaca, verslaving, breed"]),
        ("themes.kopp.min_age", 18, ["themes.kopp", "min_age 18 is above max_age 17"]),
        ("themes.migratie.definitions.ggz", "zorg", ["themes.migratie.definitions.ggz", "'zorg'", "declared:"]),
        ("themes.migratie.survey.eenzaamheid_positive_items", [1, 2, 4, 7, 8, 11],
         ["themes.migratie.survey", "[2]", "each item in one list"]),
        ("themes.nieuwkomers.definitions.ggz", {"conditions_t": ["ggz"], "conditions_t_minus_1": ["ggx"]},
         ["themes.nieuwkomers.definitions.ggz.conditions_t_minus_1", "'ggx'"]),
        ("themes.nieuwkomers.definitions.breed", {"any_of": ["ggz", "laag"]},
         ["themes.nieuwkomers.definitions.breed.any_of", "'laag'", "allowed: ggz, uitstroom_bw_mo, laag_inkomen"]),
        ("themes.nieuwkomers.definitions.nog_breder", {"any_of": ["breed"]},
         ["themes.nieuwkomers.definitions.nog_breder.any_of", "'breed' is not a marker without any_of"]),
        ("themes.nieuwkomers.definitions.breed", {"any_of": ["ggz"], "conditions_t": ["ggz"]},
         ["themes.nieuwkomers.definitions.breed", "any_of cannot be combined with conditions_t"]),
        ("themes.nieuwkomers.concentratie", ["ggz", "breedst"], ["themes.nieuwkomers.concentratie", "'breedst'", "markers:"]),
        ("conditions.laag_inkomen", {"source": "inkomen", "percentile_min": 20, "percentile_max": 10},
         ["conditions.laag_inkomen", "percentile_min 20 is above percentile_max 10"]),
        ("conditions.GGZ", {"source": "ggz_kosten"}, ["conditions", "'GGZ'", "lower-case letters"]),
    ],
)  # fmt: skip
def test_a_bad_reference_names_key_value_and_what_is_allowed(path, value, expected):
    message = _error(_set(path, value))
    for part in expected:
        assert part in message, (part, message)


def test_every_problem_is_reported_at_once():
    def mutate(cfg):
        cfg["themes"]["kopp"]["definitions"]["ggz"] = {"conditions": ["x1"]}
        cfg["themes"]["nieuwkomers"]["concentratie"] = ["x2"]

    message = _error(mutate)
    assert "'x1'" in message and "'x2'" in message


def test_old_key_names_are_refused():
    with pytest.raises(Exception, match="registry"):
        config(themes={"migratie": {"registry": {"ggz": "ggz"}}})
    with pytest.raises(Exception, match="markers"):
        config(themes={"nieuwkomers": {"markers": {"ggz": {"conditions_t": ["ggz"]}}}})


def _describables(defs: Definitions):
    """Every condition and definition object, and the object behind every measure's definitions."""
    yield from defs.conditions
    kopp, mig, nk = defs.kopp, defs.migratie, defs.nieuwkomers
    yield from kopp.definitions
    yield from mig.definitions
    yield from nk.definitions
    pairs = [("kopp.aandeel", d) for d in kopp.definitions.names] + [
        ("kopp.overlap", "breed"), ("kopp.jeugdteam", "breed"), ("kopp.ouders_onbekend", "geen_koppelbare_ouder"),
        ("migratie.k10_hoog", "k10_hoog"), ("migratie.eenzaam", "eenzaam"), ("migratie.zorgkloof", "ggz"),
        ("migratie.or_ggz", "ggz"), *[(f"migratie.{d}", d) for d in mig.definitions.names],
        *[("nieuwkomers.aandeel", d) for d in nk.definitions.names],
        *[("nieuwkomers.concentratie", d) for d in nk.concentratie_names],
    ]  # fmt: skip
    for measure, key in pairs:
        obj = defs.definition(measure, key)
        assert obj is not None, (measure, key)
        yield obj


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_definition_describes_itself(lang):
    objects = list(_describables(DEFS))
    assert len(objects) > 30
    for obj in objects:
        text, short = obj.describe(lang), obj.label(lang)
        assert text and short and len(short) < len(text), obj
        assert short[0].lower() in text[:1].lower() + text.lower(), obj
        assert "{" not in text and "}" not in text and ">=" not in text and "<=" not in text, text
        if lang == "nl":
            # plain Dutch: no codes (a configured name with '_', ATC or Wmo codes)
            assert "_" not in text and "_" not in short, text
            for code in ("N05", "N06", "as1", " BW", " MO", " JG", "=", "dict"):
                assert code not in text, (code, text)


def test_descriptions_follow_the_configuration():
    cfg = copy.deepcopy(CFG)
    cfg["conditions"]["psychofarmaca"] = {
        "source": "medicijnen",
        "codelist": "psychofarmaca_zonder_hypnotica",
    }
    cfg["themes"]["migratie"]["survey"]["k10_cutoff"] = 25
    cfg["themes"]["nieuwkomers"]["definitions"]["uitstroom_bw_mo"]["uitstroom"]["days"] = 180
    defs = parse_definitions(cfg)
    assert defs.conditions["psychofarmaca"].describe("nl") == (
        "Psychofarmaca zonder hypnotica: een medicijn van de apotheek uit de codelijst psychofarmaca zonder "
        "hypnotica in het jaar"
    )
    assert "een score van 25 of meer" in defs.migratie.survey.k10.describe("nl")
    assert "in de 180 dagen voor de verhuisdatum" in defs.nieuwkomers.definitions[
        "uitstroom_bw_mo"
    ].describe("nl")
    assert (
        DEFS.conditions["ggz"].describe("nl")
        == "GGZ-zorg: zorgkosten voor GGZ hoger dan 0 in het jaar"
    )


def test_labels_from_the_configuration_or_made_from_the_settings():
    assert DEFS.kopp.definitions["breed"].label("nl") == "brede definitie"
    assert DEFS.kopp.definitions["breed"].label("en") == "broad definition"
    assert DEFS.kopp.definitions["ggz"].label("nl") == "ouder met GGZ-zorg"
    assert DEFS.conditions["bw_mo"].label("nl") == "beschermd wonen of maatschappelijke opvang"
    assert DEFS.nieuwkomers.definitions["ggz"].label("nl") == "GGZ-zorg (dit of vorig jaar)"
    assert DEFS.nieuwkomers.definitions["laag_inkomen"].label("en") == "low income (last year)"
    with pytest.raises(ValueError, match="language"):
        DEFS.conditions["ggz"].label("de")


def test_condition_types_are_one_per_source():
    from wijkzicht.definitions.conditions import SOURCES

    assert set(SOURCES) == {"ggz_kosten", "medicijnen", "ggz_dbc", "wmo", "buurtteam", "inkomen"}
    assert all(issubclass(t, Condition) and t.source == s for s, t in SOURCES.items())


def test_odds_ratio_reference_income_in_the_pages_words():
    """The odds ratio's reference group names its income as the pages do ('bij de laagste 20%',
    labels.REFERENCE_WORDS), not as 'de laagste inkomensgroep', which says nothing of what it is
    compared with; the model's reference is quintile 1 of the national percentiles."""
    from wijkzicht.outputs.labels import reference_label

    text = DEFS.migratie.definition("migratie.or_ggz", "or_ggz").describe("nl")
    assert "laagste inkomensgroep" not in text
    assert reference_label("nl", "inkomen") in text
