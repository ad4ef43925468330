"""A release naming a previous one (previous_release.export) counts every definition that one
published the same way: the same settings, the same codelists (README, 'A second release of
the same data names the first').

A reviewer (Z7, R4) narrowed the codelist psychofarmaca (N06A out) under the same name and named
the release made with the full list: 46 of its KOPP rows got other counts, were not kept, and
the two releases together narrowed a count of 9 children to [5, 12]. Each release records the
fingerprint of every definition it published (its manifest's `definitions`); the run naming it
is refused at start-up when one is missing or has another fingerprint."""

import copy
import json
import shutil
from pathlib import Path

import pytest
from worlds import config

from wijkzicht.inputs.reference import codelist_files
from wijkzicht.pipeline.config import ConfigError, cross_check
from wijkzicht.release import manifest

CFG = config()
COLUMNS = "theme,measure,definition,year,area_code,numerator,denominator,status\n"
KOPP = [
    ("kopp.aandeel", "ggz", "ok"),
    ("kopp.aandeel", "psychofarmaca", "ok"),
    ("kopp.aandeel", "verslaving", "suppressed_primary"),  # never published: no constraint
    ("kopp.aandeel", "breed", "ok"),
    ("kopp.overlap", "breed", "ok"),
    ("kopp.jeugdteam", "breed", "ok"),
    ("kopp.ouders_onbekend", "geen_koppelbare_ouder", "ok"),
]
NIEUWKOMERS = [
    ("nieuwkomers.aandeel", "laag_inkomen", "ok"),
    ("nieuwkomers.aandeel", "breed", "ok"),
    ("nieuwkomers.concentratie", "laag_inkomen", "ok"),
]


def _codelists(folder: Path) -> Path:
    """A copy of the codelist registry and its files in `folder` (to change a list)."""
    source = Path(CFG["reference"]["codelists"])
    folder.mkdir(parents=True, exist_ok=True)
    for f in source.parent.iterdir():
        if f.is_file():
            shutil.copy(f, folder / f.name)
    return folder / source.name


def _release(root: Path, cfg: dict, record: bool = True) -> Path:
    """A previous release's export: measures with published and suppressed rows and the
    manifest the pipeline writes (`record` False: one made before fingerprints)."""
    export = root / "export"
    outputs = []
    for theme, rows in (("kopp", KOPP), ("nieuwkomers", NIEUWKOMERS)):
        (export / theme).mkdir(parents=True)
        lines = [f"{theme},{m},{d},2023,GM0344,12,40,{s}\n" for m, d, s in rows]
        (export / theme / "measures.csv").write_text(COLUMNS + "".join(lines), encoding="utf-8")
        outputs.append(str(export / theme / "measures.csv"))
    inputs = {f"codelist/{n}": p for n, p in codelist_files(cfg["reference"]["codelists"]).items()}
    m = manifest.build(inputs, outputs, export, cfg, root, synthetic=True)
    if not record:
        del m["definitions"]
    manifest.write(m, export / "manifest.json")
    return export


def _naming(export: Path, cfg: dict | None = None) -> dict:
    cfg = copy.deepcopy(CFG if cfg is None else cfg)
    cfg["previous_release"] = {"export": str(export), "tolerance": 1e-9}
    return cfg


def _refusal(cfg: dict) -> str:
    with pytest.raises(ConfigError) as err:
        cross_check(cfg)
    return str(err.value)


def test_the_release_records_the_fingerprint_of_each_published_definition(tmp_path):
    export = _release(tmp_path / "a", CFG)
    m = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    recorded = m["definitions"]["themes"]
    assert sorted(recorded["kopp"]["kopp.aandeel"]) == ["breed", "ggz", "psychofarmaca"]
    assert "verslaving" not in recorded["kopp"]["kopp.aandeel"]  # suppressed only
    assert sorted(recorded["nieuwkomers"]) == ["nieuwkomers.aandeel", "nieuwkomers.concentratie"]
    # byte-identical for the same inputs
    again = _release(tmp_path / "b", CFG)
    assert m["definitions"] == json.loads((again / "manifest.json").read_text())["definitions"]
    # a reader label is no part of the meaning; a codelist, a setting and a condition are
    labelled = copy.deepcopy(CFG)
    labelled["themes"]["kopp"]["definitions"]["breed"]["label"] = {"nl": "breed", "en": "wide"}
    labelled["conditions"]["psychofarmaca"]["label"] = {"nl": "pillen", "en": "pills"}
    codes = {"psychofarmaca": "a" * 64}
    fp = {
        name: manifest.fingerprint(
            manifest.definition_parts(c, codes, "kopp", "kopp.aandeel", "breed")
        )
        for name, c in (("same", CFG), ("labelled", labelled))
    }
    assert fp["same"] == fp["labelled"]
    other = manifest.definition_parts(CFG, {"psychofarmaca": "b" * 64}, "kopp", "kopp.aandeel",
                                      "breed")  # fmt: skip
    assert manifest.fingerprint(other) != fp["same"]
    assert manifest.definition_parts(CFG, codes, "kopp", "kopp.aandeel", "nieuw") is None


def test_an_unchanged_run_names_its_previous_release(tmp_path):
    export = _release(tmp_path, CFG)
    cross_check(_naming(export))
    # a measures table beside the themes' (none now) is no theme's definitions
    (export / "regio").mkdir()
    (export / "kopp/measures.csv").rename(export / "regio/measures.csv")
    cross_check(_naming(export))
    (export / "regio/measures.csv").rename(export / "kopp/measures.csv")
    # a definition added beside the published ones (tests/e2e/test_two_releases.py)
    cfg = _naming(export)
    cfg["themes"]["kopp"]["definitions"]["ggz_of_verslaving"] = {
        "conditions": ["ggz", "verslaving"]
    }
    cross_check(cfg)
    # a definition the previous release never published (all its rows suppressed) may go
    del cfg["themes"]["kopp"]["definitions"]["verslaving"]
    cross_check(cfg)


def test_a_codelist_changed_under_the_same_name_is_refused(tmp_path):
    export = _release(tmp_path, CFG)
    registry = _codelists(tmp_path / "codelists")
    psy = registry.parent / "psychofarmaca.csv"
    full = psy.read_text(encoding="utf-8")
    assert "N06A" in full
    psy.write_text("".join(x for x in full.splitlines(True) if not x.startswith("N06A")))
    cfg = _naming(export)
    cfg["reference"]["codelists"] = str(registry)
    text = _refusal(cfg)
    assert (
        "themes.kopp.definitions.psychofarmaca (theme kopp, kopp.aandeel 'psychofarmaca'): the "
        f"previous release ({export}) published it, this run has another "
        "codelists.psychofarmaca (the codes in its file); keep 'psychofarmaca' as it was (put "
        "back codelists.psychofarmaca as the previous release had it), and add the changed one "
        "under a new name, e.g. 'psychofarmaca_2'" in text
    )
    # every published definition that reads it: breed, and kopp.jeugdteam and kopp.overlap
    assert "themes.kopp.definitions.breed (theme kopp, kopp.aandeel 'breed')" in text
    assert (
        "themes.kopp.jeugdteam (theme kopp, kopp.jeugdteam 'breed'): the previous release "
        f"({export}) published it, this run has another codelists.psychofarmaca (the codes in "
        "its file); put back codelists.psychofarmaca as the previous release had it\n" in text
    )
    assert "themes.kopp.overlap_conditions (theme kopp, kopp.overlap 'breed'): " in text
    assert "kopp.aandeel 'ggz'" not in text and "nieuwkomers" not in text
    assert "why: what the previous release published is public" in text
    # the way out: the full list kept as it was, the narrowed one under a new name
    psy.write_text(full, encoding="utf-8")
    (registry.parent / "psychofarmaca_2.csv").write_text(
        "".join(x for x in full.splitlines(True) if not x.startswith("N06A"))
    )
    with open(registry, "a", encoding="utf-8") as fh:
        fh.write("psychofarmaca_2:\n  file: psychofarmaca_2.csv\n  version: '2'\n"
                 "  source: test\n  match: exact\n")  # fmt: skip
    cfg["conditions"]["psychofarmaca_2"] = {"source": "medicijnen", "codelist": "psychofarmaca_2"}
    cfg["themes"]["kopp"]["definitions"]["psychofarmaca_2"] = {"conditions": ["psychofarmaca_2"]}
    cross_check(cfg)


def test_changed_settings_under_the_same_name_are_refused(tmp_path):
    export = _release(tmp_path, CFG)
    cfg = _naming(export)
    cfg["conditions"]["laag_inkomen"]["percentile_max"] = 5
    text = _refusal(cfg)
    assert (
        "themes.nieuwkomers.definitions.laag_inkomen (theme nieuwkomers, nieuwkomers.aandeel "
        "'laag_inkomen'): the previous release" in text
    )
    assert "this run has another conditions.laag_inkomen;" in text
    assert "nieuwkomers.concentratie 'laag_inkomen'" in text
    assert "nieuwkomers.aandeel 'breed'" in text  # any_of one of them
    # the children's ages: every KOPP figure counts other children
    cfg = _naming(export)
    cfg["themes"]["kopp"]["max_age"] = 16
    text = _refusal(cfg)
    assert "kopp.ouders_onbekend 'geen_koppelbare_ouder'" in text
    assert "this run has another themes.kopp.max_age;" in text
    assert "; put back themes.kopp.max_age as the previous release had it\n" in text
    # other age bands: a band's rows beside the old band's give the difference away
    cfg = _naming(export)
    cfg["age_bands"]["kinderen"] = ["0-5", "6-11", "12-17"]
    text = _refusal(cfg)
    assert "kopp.aandeel 'ggz'): the previous release" in text
    assert "this run has another age_bands.kinderen; keep 'ggz' as it was (put back " in text
    assert "nieuwkomers" not in text.split("why:")[0]  # no age bands there
    # a definition given other conditions
    cfg = _naming(export)
    cfg["themes"]["kopp"]["definitions"]["breed"]["conditions"] = ["ggz", "psychofarmaca"]
    assert "this run has another themes.kopp.definitions.breed;" in _refusal(cfg)


def test_a_dropped_definition_is_refused(tmp_path):
    export = _release(tmp_path, CFG)
    cfg = _naming(export)
    del cfg["themes"]["kopp"]["definitions"]["psychofarmaca"]
    text = _refusal(cfg)
    assert (
        "themes.kopp.definitions.psychofarmaca (theme kopp, kopp.aandeel 'psychofarmaca'): the "
        f"previous release ({export}) published it, this run does not have it; keep "
        "'psychofarmaca' as it was (put back themes.kopp.definitions.psychofarmaca as the "
        "previous release had it), and add the changed one under a new name" in text
    )
    cfg = _naming(export)
    del cfg["themes"]["nieuwkomers"]
    assert "published theme nieuwkomers, this run has no themes.nieuwkomers" in _refusal(cfg)


def test_a_release_made_before_fingerprints_is_checked_from_its_manifest(tmp_path):
    # its manifest holds the config it was made with and the sha256 of each codelist file:
    # the fingerprints are computed from them the same way
    export = _release(tmp_path, CFG, record=False)
    assert "definitions" not in json.loads((export / "manifest.json").read_text())
    cross_check(_naming(export))
    cfg = _naming(export)
    cfg["conditions"]["laag_inkomen"]["percentile_max"] = 5
    assert "this run has another conditions.laag_inkomen;" in _refusal(cfg)
    registry = _codelists(tmp_path / "codelists")
    (registry.parent / "psychofarmaca.csv").write_text("code,term\nN05A,antipsychotica\n")
    cfg = _naming(export)
    cfg["reference"]["codelists"] = str(registry)
    assert "codelists.psychofarmaca (the codes in its file)" in _refusal(cfg)
    # a manifest that does not say what the release counted: refused, with what to give
    m = json.loads((export / "manifest.json").read_text())
    del m["config"]["themes"]
    (export / "manifest.json").write_text(json.dumps(m))
    assert "does not say which definitions the previous release published" in _refusal(
        _naming(export)
    )


def test_the_recorded_fingerprint_is_what_counts(tmp_path):
    # a release records what it published; a run whose definitions differ from that record
    # is refused even where the manifest's config would agree
    export = _release(tmp_path, CFG)
    m = json.loads((export / "manifest.json").read_text())
    m["definitions"]["themes"]["kopp"]["kopp.aandeel"]["ggz"] = "0" * 64
    (export / "manifest.json").write_text(json.dumps(m))
    text = _refusal(_naming(export))
    assert "kopp.aandeel 'ggz'): the previous release" in text
    assert "this run has it with other settings or codelists" in text
