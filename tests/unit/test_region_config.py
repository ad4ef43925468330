"""The region run's config helpers (`gemeenten`): which gemeenten a run analyses and whether it
is a region run, on the schema-validated default config."""

from pathlib import Path

import pytest

from wijkzicht.pipeline.config import is_region, load_config, run_gemeenten

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "config" / "config.yaml"
SCHEMA = REPO / "workflow" / "schemas" / "config.schema.yaml"


def test_default_is_the_single_gemeente():
    cfg = load_config(CONFIG, SCHEMA)
    assert cfg["gemeenten"] == []
    assert run_gemeenten(cfg) == [cfg["gemeente"]]
    assert not is_region(cfg)


def test_region_in_config_order():
    cfg = load_config(CONFIG, SCHEMA, {"gemeenten": ["GM0356", "GM0344"]})
    assert run_gemeenten(cfg) == ["GM0356", "GM0344"]
    assert is_region(cfg)


def test_region_of_one_is_a_region():
    cfg = load_config(CONFIG, SCHEMA, {"gemeente": "GM0344", "gemeenten": ["GM0356"]})
    assert run_gemeenten(cfg) == ["GM0356"]
    assert is_region(cfg)


@pytest.mark.parametrize("bad", [["GM0344", "GM0344"], ["0344"], "GM0344"])
def test_schema_refuses_bad_lists(bad):
    with pytest.raises(Exception, match="gemeenten|unique|GM|array|type"):
        load_config(CONFIG, SCHEMA, {"gemeenten": bad})


def test_check_region_names_gemeenten_missing_from_the_geography():
    from wijkzicht.pipeline.config import ConfigError, check_region

    cfg = load_config(CONFIG, SCHEMA, {"gemeenten": ["GM0344", "GM9999"]})
    cfg["reference"]["geography"] = str(REPO / cfg["reference"]["geography"])
    with pytest.raises(ConfigError, match="GM9999 not in the geography reference"):
        check_region(cfg)
    cfg["gemeenten"] = ["GM0344"]
    check_region(cfg)  # known: no error


def test_a_reference_file_not_found_is_a_configuration_error(tmp_path, monkeypatch):
    """Run from another directory (snakemake --directory), the default relative reference paths
    name no file: one clear message per file, not a traceback from the first reader."""
    from wijkzicht.pipeline.config import ConfigError

    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as err:
        load_config(CONFIG, SCHEMA)
    message = str(err.value)
    for key in ("geography", "countries", "codelists"):
        assert f"reference.{key}: file " in message
    assert "absolute paths" in message
    # the same files by absolute path: no error
    absolute = {
        "geography": str(REPO / "config/reference/geography.csv"),
        "countries": str(REPO / "config/reference/countries.csv"),
        "codelists": str(REPO / "config/codelists/codelists.yaml"),
    }
    assert load_config(CONFIG, SCHEMA, {"reference": absolute})["reference"] == absolute


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1])
def test_schema_refuses_a_slight_share_outside_0_1(bad):
    with pytest.raises(Exception, match="slight|exclusive|0"):
        load_config(CONFIG, SCHEMA, {"findings": {"slight": bad}})


def test_slight_defaults_to_ten_percent():
    assert load_config(CONFIG, SCHEMA)["findings"]["slight"] == 0.10
    assert load_config(CONFIG, SCHEMA, {"findings": {"slight": 0.2}})["findings"]["slight"] == 0.2
