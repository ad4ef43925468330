"""Configuration mistakes a new user made (N3), each refused at start-up in the project's own
form: the key, the bad value and what is allowed, never a raw jsonschema dump and never a run
that publishes 0% everywhere."""

import copy
from pathlib import Path

import pytest
from worlds import SCHEMA, config

from wijkzicht.definitions import DefinitionError, parse_definitions
from wijkzicht.pipeline.config import ConfigError, cross_check, validate_config

CFG = config()


def _with_codelist(tmp_path: Path, name: str, lines: str, match: str = "exact") -> Path:
    """A copy of the codelist registry with one more list, its CSV holding `lines`."""
    source = Path(CFG["reference"]["codelists"])
    registry = tmp_path / "codelists.yaml"
    registry.write_text(
        source.read_text(encoding="utf-8")
        + f"{name}:\n  file: {name}.csv\n  version: '1'\n  source: test\n  match: {match}\n",
        encoding="utf-8",
    )
    for csv in source.parent.glob("*.csv"):
        (tmp_path / csv.name).write_text(csv.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / f"{name}.csv").write_text("code,term\n" + lines, encoding="utf-8")
    return registry


def test_a_medicine_code_of_the_wrong_shape_is_refused_with_its_line(tmp_path):
    # N3 W3: NO6A (letter O) and the ATC5 N06AB match no MEDICIJNTAB row (ATC4, exact): the run
    # published 0% everywhere, which the pages call a real zero
    cfg = copy.deepcopy(CFG)
    cfg["reference"]["codelists"] = str(
        _with_codelist(tmp_path, "antidepressiva", "N06A,goed\nNO6A,letter O\nN06AB,ATC5\n")
    )
    cfg["conditions"]["antidepressiva"] = {"source": "medicijnen", "codelist": "antidepressiva"}
    with pytest.raises(ConfigError) as err:
        cross_check(cfg)
    text = str(err.value)
    assert (
        f"conditions.antidepressiva.codelist: codelist antidepressiva "
        f"({tmp_path / 'antidepressiva.csv'}): line 3: 'NO6A'" in text
    )
    assert "line 3: 'NO6A'; line 4: 'N06AB'" in text
    assert "ATC4" in text and "a letter, two digits, a letter" in text
    assert "'N06A'" not in text  # the good code is not named


def test_a_codelist_saved_with_a_byte_order_mark_is_checked_too(tmp_path):
    # R8: Excel's "CSV UTF-8" starts the file with a BOM; the shape check read the first column
    # as '\ufeffcode', found no `code` and let NO6A through (pandas reads the list fine)
    cfg = copy.deepcopy(CFG)
    cfg["reference"]["codelists"] = str(_with_codelist(tmp_path, "antidepressiva", ""))
    (tmp_path / "antidepressiva.csv").write_text(
        "code,term\nN06A,goed\nNO6A,letter O\n", encoding="utf-8-sig"
    )
    cfg["conditions"]["antidepressiva"] = {"source": "medicijnen", "codelist": "antidepressiva"}
    with pytest.raises(ConfigError) as err:
        cross_check(cfg)
    assert "line 3: 'NO6A'" in str(err.value)


def test_each_dbc_codelist_is_checked_by_the_shape_of_its_column(tmp_path):
    # a diagnosis list of ICD-10 codes (F10) where the table holds DSM-IV (as1_4...), and a
    # circuit list given by name, match nothing either
    cfg = copy.deepcopy(CFG)
    registry = _with_codelist(tmp_path, "icd", "F10,alcohol\nas1_4,goed\n", match="prefix")
    cfg["reference"]["codelists"] = str(registry)
    cfg["conditions"]["icd"] = {"source": "ggz_dbc", "diagnosis_codelist": "icd"}
    with pytest.raises(ConfigError) as err:
        cross_check(cfg)
    assert "codelist icd" in str(err.value) and "line 2: 'F10'" in str(err.value)
    assert "as1_" in str(err.value) and "'as1_4'" not in str(err.value)
    cfg["conditions"]["icd"] = {"source": "ggz_dbc", "circuit_codelist": "icd"}
    with pytest.raises(ConfigError, match=r"codelist icd .*line 2: 'F10'; line 3: 'as1_4'"):
        cross_check(cfg)
    # R8: a prefix of an axis alone (as2_: every axis-II diagnosis) is a start that matches
    registry = _with_codelist(tmp_path, "as2", "as2_,as-II\nas1_4.1,goed\n", match="prefix")
    cfg["reference"]["codelists"] = str(registry)
    cfg["conditions"]["icd"] = {"source": "ggz_dbc", "diagnosis_codelist": "as2"}
    cross_check(cfg)
    # the shipped codelists have the shapes of their columns
    cross_check(copy.deepcopy(CFG))


def test_an_unknown_key_of_a_condition_is_named_with_the_keys_allowed():
    # N3 C2: codelst next to codelist, lable for label were ignored without a word
    cfg = copy.deepcopy(CFG)
    cfg["conditions"]["psychofarmaca"]["codelst"] = "verslaving_circuit"
    cfg["conditions"]["ggz"]["lable"] = {"nl": "pillen"}
    with pytest.raises(DefinitionError) as err:
        parse_definitions(cfg)
    assert sorted(err.value.errors) == [
        "conditions.ggz: unknown key 'lable' (allowed for source ggz_kosten: source, label)",
        "conditions.psychofarmaca: unknown key 'codelst' (allowed for source medicijnen: "
        "source, codelist, label)",
    ]


def test_a_misspelt_required_key_is_named_with_the_missing_one(tmp_path):
    # N3 C1: `codelst:` alone gave jsonschema's dump pointing at common.smk
    cfg = copy.deepcopy(CFG)
    cfg["conditions"]["antidepressiva"] = {"source": "medicijnen", "codelst": "antidepressiva"}
    with pytest.raises(ConfigError) as err:
        validate_config(cfg, SCHEMA, [tmp_path / "my.yaml"])
    text = str(err.value)
    assert text.startswith("Configuration error:\n")
    assert (
        "conditions.antidepressiva: 'codelist' is required for source medicijnen; "
        "unknown key 'codelst'" in text
    )
    assert str(tmp_path / "my.yaml") in text


def test_a_schema_error_is_said_in_the_projects_form():
    cfg = copy.deepcopy(CFG)
    cfg["themes"]["kopp"]["definitions"]["breed"]["condition"] = ["ggz"]
    with pytest.raises(ConfigError) as err:
        validate_config(cfg, SCHEMA, ["config/config.yaml", "config/config.yaml", "my.yaml"])
    text = str(err.value)
    assert (
        "themes.kopp.definitions.breed: unknown key 'condition' (allowed: conditions, label)"
        in text
    )
    assert "(config files: config/config.yaml, my.yaml)" in text
    assert "Failed validating" not in text and "instance[" not in text
    cfg = copy.deepcopy(CFG)
    cfg["conditions"]["ggz"]["label"] = "GGZ"
    with pytest.raises(ConfigError, match=r"conditions\.ggz\.label: 'GGZ' is not of type 'object'"):
        validate_config(cfg, SCHEMA)


def test_a_refused_condition_is_not_also_called_undeclared():
    # N3 C3: `source: medicijn` gave a second, false "condition 'x' is not declared"
    cfg = copy.deepcopy(CFG)
    cfg["conditions"]["psychofarmaca"]["source"] = "medicijn"
    cfg["themes"]["kopp"]["definitions"]["breed"]["conditions"].append("nergens")
    with pytest.raises(DefinitionError) as err:
        parse_definitions(cfg)
    text = "\n".join(err.value.errors)
    assert "conditions.psychofarmaca.source: 'medicijn' is not a source" in text
    assert "condition 'psychofarmaca' is not declared" not in text
    assert "condition 'nergens' is not declared under conditions" in text  # a real one stays


@pytest.mark.parametrize(("base", "shown"), [(3, 9), (7, 7), (8, 8)])
def test_a_rounding_base_that_does_not_divide_the_threshold_is_refused(base, shown):
    # G4: with base 3 a true 10 is published as 9, which the export gate refuses as small
    cfg = copy.deepcopy(CFG)
    cfg["disclosure"]["rounding_base"] = base
    with pytest.raises(ConfigError) as err:
        cross_check(cfg)
    text = str(err.value)
    assert f"disclosure.rounding_base: {base} does not divide disclosure.threshold 10" in text
    assert f"a count of 10 is published as {shown}, below the threshold" in text
    assert "(2, 5, 10) or 0" in text
    for ok in (0, 1, 2, 5, 10):
        cfg["disclosure"]["rounding_base"] = ok
        cross_check(cfg)


def test_a_persona_rounding_base_that_does_not_divide_the_threshold_is_refused():
    # R8: threshold 12 with the persona cards' base 5 publishes a persona of 12 as 10, which
    # the export gate refuses at the end of the run
    cfg = copy.deepcopy(CFG)
    cfg["disclosure"]["threshold"] = 12
    cfg["personas"]["rounding_base"] = 5
    with pytest.raises(ConfigError) as err:
        cross_check(cfg)
    text = str(err.value)
    assert "personas.rounding_base: 5 does not divide disclosure.threshold 12" in text
    assert "a count of 12 is published as 10, below the threshold" in text
    assert "disclosure.rounding_base" not in text
    cfg["personas"]["rounding_base"] = 6
    cross_check(cfg)
