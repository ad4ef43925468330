"""The configuration checked when the workflow starts: codelists registered and readable."""

import copy
from pathlib import Path

import pytest
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.pipeline.config import ConfigError, cross_check

CFG = config()


def test_an_unregistered_codelist_is_a_configuration_error_at_start_up(tmp_path):
    # parsing the definitions cannot know the registry; the workflow's start-up check reads it,
    # so the error comes before any job runs (it came from the first base job before)
    cfg = copy.deepcopy(CFG)
    cfg["conditions"]["psychofarmaca_zh"] = {
        "source": "medicijnen",
        "codelist": "psychofarmaca_zonder_hypnotica",
    }
    parse_definitions(cfg)  # valid as definitions
    with pytest.raises(ConfigError) as err:
        cross_check(cfg)
    text = str(err.value)
    assert (
        "conditions.psychofarmaca_zh: codelist 'psychofarmaca_zonder_hypnotica' is not in" in text
    )
    assert "known: psychofarmaca, verslaving_circuit, verslaving_diagnose" in text
    # registered, with its CSV beside the registry: no error
    registry = tmp_path / "codelists.yaml"
    registry.write_text(
        Path(CFG["reference"]["codelists"]).read_text(encoding="utf-8")
        + "psychofarmaca_zonder_hypnotica:\n  file: pzh.csv\n  version: '1'\n"
        "  source: test\n  match: exact\n",
        encoding="utf-8",
    )
    for csv in Path(CFG["reference"]["codelists"]).parent.glob("*.csv"):
        (tmp_path / csv.name).write_text(csv.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pzh.csv").write_text("code,term\nN05A,antipsychotica\n", encoding="utf-8")
    cfg["reference"]["codelists"] = str(registry)
    cross_check(cfg)
    # registered but its CSV missing: named at start-up as well
    (tmp_path / "pzh.csv").unlink()
    with pytest.raises(ConfigError, match="reference.codelists: .*pzh.csv"):
        cross_check(cfg)
