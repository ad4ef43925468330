"""The configuration checked when the workflow starts: codelists registered and readable, the
previous release's folder holding its measures."""

import copy
import json
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
    with pytest.raises(ConfigError, match="reference.codelists: .*pzh.csv") as err:
        cross_check(cfg)
    # said with the folder a list's file is read from, not as a bare "[Errno 2]" (U4)
    assert "relative to the registry's folder" in str(err.value)
    assert str(tmp_path) in str(err.value) and "Errno" not in str(err.value)


def _release(
    root: Path, *themes: str, disclosure: dict | None = None, gemeente: str = "GM0344"
) -> Path:
    for theme in themes:
        (root / theme).mkdir(parents=True)
        (root / theme / "measures.csv").write_text("theme\n", encoding="utf-8")
    settings = CFG["disclosure"] if disclosure is None else disclosure
    manifest = {"config": {"disclosure": settings, "gemeente": gemeente}}
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


def test_the_previous_release_folder_must_hold_its_measures(tmp_path):
    # a wrong folder made every figure 'new' in changes.csv without a word, and now would let
    # disclosure control forget what the previous release published
    from wijkzicht.pipeline.config import previous_export, previous_measures

    cfg = copy.deepcopy(CFG)
    cfg["previous_release"] = {"export": str(tmp_path / "nothing"), "tolerance": 1e-9}
    with pytest.raises(ConfigError, match="previous_release.export: folder .* not found"):
        cross_check(cfg)
    cfg["previous_release"]["export"] = str(tmp_path)  # the run's folder, not its export
    with pytest.raises(ConfigError, match=r"no <theme>/measures.csv in .* for gemeente GM0344"):
        cross_check(cfg)
    export = _release(tmp_path / "results/export", "kopp", "migratie")
    cfg["previous_release"]["export"] = str(export)
    cross_check(cfg)
    assert previous_export(cfg) == export
    assert previous_measures(cfg, "kopp") == [str(export / "kopp/measures.csv")]
    assert previous_measures(cfg, "nieuwkomers") == []  # a theme the previous release lacked
    # a region's export: one folder per gemeente, each gemeente reads its own
    region = tmp_path / "region"
    _release(region / "GM0344", "kopp")
    _release(region / "GM0356", "kopp", gemeente="GM0356")
    cfg["previous_release"]["export"] = str(region)
    cfg["gemeenten"] = ["GM0344", "GM0356"]
    cross_check(cfg)
    assert previous_export(cfg, "GM0356") == region / "GM0356"
    assert previous_measures(cfg, "kopp") == [str(region / "GM0344/kopp/measures.csv")]
    cfg["gemeenten"] = ["GM0344", "GM0355"]
    with pytest.raises(ConfigError, match="for gemeente GM0355"):
        cross_check(cfg)


def test_the_previous_release_must_share_the_disclosure_settings(tmp_path):
    # a new user raised the threshold to 15 and named the release of threshold 10: a wijk of
    # 12 children published before was hidden now, another published, and the two releases
    # gave a primary count back (386 - the other nine wijken = 6)
    lower = {**CFG["disclosure"], "threshold": 10}
    export = _release(tmp_path / "export", "kopp", disclosure=lower)
    cfg = copy.deepcopy(CFG)
    cfg["previous_release"] = {"export": str(export), "tolerance": 1e-9}
    cfg["disclosure"] = {**cfg["disclosure"], "threshold": 15}
    with pytest.raises(ConfigError, match="disclosure.threshold: 10, this run has 15"):
        cross_check(cfg)
    cfg["disclosure"]["threshold"] = 10
    cross_check(cfg)
    (export / "manifest.json").unlink()
    with pytest.raises(ConfigError, match="no manifest.json in"):
        cross_check(cfg)


def test_a_migratie_measure_inside_another_is_refused(tmp_path):
    # psychofarmaca without hypnotics beside psychofarmaca: the audit bounds definitions inside
    # each other within one measure (KOPP), not across two migratie measures, so their
    # difference would go out unprotected; the run stops at start-up instead
    registry = tmp_path / "codelists.yaml"
    registry.write_text(
        Path(CFG["reference"]["codelists"]).read_text(encoding="utf-8")
        + "pzh:\n  file: pzh.csv\n  version: '1'\n  source: test\n  match: exact\n",
        encoding="utf-8",
    )
    for csv in Path(CFG["reference"]["codelists"]).parent.glob("*.csv"):
        (tmp_path / csv.name).write_text(csv.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pzh.csv").write_text("code,term\nN05A,antipsychotica\n", encoding="utf-8")
    cfg = copy.deepcopy(CFG)
    cfg["reference"]["codelists"] = str(registry)
    cfg["conditions"]["psychofarmaca_zh"] = {"source": "medicijnen", "codelist": "pzh"}
    cross_check(cfg)  # a condition alone, or in a KOPP definition, is fine
    cfg["themes"]["migratie"]["definitions"]["psychofarmaca_zh"] = "psychofarmaca_zh"
    with pytest.raises(ConfigError) as err:
        cross_check(cfg)
    assert "'psychofarmaca_zh' (psychofarmaca_zh) lies inside 'psychofarmaca'" in str(err.value)
    # a codelist that is not inside (another code) is fine
    (tmp_path / "pzh.csv").write_text("code,term\nN07B,verslaving\n", encoding="utf-8")
    cross_check(cfg)


def test_concentratie_of_a_marker_inside_another_is_refused():
    # nieuwkomers.concentratie's residents with a marker: the audit bounds nested markers in
    # nieuwkomers.aandeel only, so ggz beside breed (any of the markers) would leave their
    # residents' difference unprotected
    cfg = copy.deepcopy(CFG)
    cross_check(cfg)  # the default concentratie markers (ggz, laag_inkomen) are not nested
    cfg["themes"]["nieuwkomers"]["concentratie"] = ["ggz", "breed"]
    with pytest.raises(ConfigError, match="concentratie: 'ggz' lies inside 'breed'"):
        cross_check(cfg)


def test_the_previous_release_must_be_of_the_same_gemeente(tmp_path):
    # a reviewer (Z7) named the other gemeente's folder of a region's export: no row matched,
    # nothing was kept, and OUTPUTCONTROLE.md named it as taken into account
    export = _release(tmp_path / "GM0353", "kopp", gemeente="GM0353")
    cfg = copy.deepcopy(CFG)
    cfg["previous_release"] = {"export": str(export), "tolerance": 1e-9}
    with pytest.raises(ConfigError, match="is a release of 'GM0353', this run's gemeente is"):
        cross_check(cfg)


def test_the_previous_release_must_not_be_this_runs_own_export(tmp_path, monkeypatch):
    """U8: `previous_release.export: results/export`, the folder the docs call a release,
    let the run write over the release it had to protect (Snakemake deleted the old files
    before the jobs read them, leaving organisaties/ empty). Refused at start-up, saying to
    copy it elsewhere first; a copy outside results/ is fine."""
    repo = Path(__file__).resolve().parents[2]
    (tmp_path / "config").symlink_to(repo / "config")  # the reference files, as in a run folder
    monkeypatch.chdir(tmp_path)
    export = _release(tmp_path / "results/export", "kopp", "migratie")
    cfg = copy.deepcopy(CFG)
    cfg["previous_release"] = {"export": "results/export", "tolerance": 1e-9}
    with pytest.raises(ConfigError, match="lies in this run's own results/ folder"):
        cross_check(cfg)
    cfg["previous_release"]["export"] = str(export)  # the same folder, absolute
    with pytest.raises(ConfigError, match="Copy the previous release's export folder"):
        cross_check(cfg)
    kept = _release(tmp_path / "releases/2024", "kopp", "migratie")
    cfg["previous_release"]["export"] = str(kept)
    cross_check(cfg)
