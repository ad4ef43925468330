"""The files a run reads from the previous release (previous_release.export) are inputs of its
release: the manifest lists them with their sha256 (`previous_release/<path>`), so `verify`
checks them like any input and a reviewer sees which release disclosure control took into
account. Before, the manifest named only the folder, in its configuration.

Checked on a dry run (the jobs Snakemake plans, with their inputs): the manifest job reads
every measures table and the manifest.json of the previous release, the files that disclosure
control, the release comparison and the bundle read."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from worlds import REFERENCE, config, planned_jobs

from wijkzicht.inputs.reference import codelist_files
from wijkzicht.release import bundle, manifest

HEADER = "theme,measure,definition,year,area_code,numerator,denominator,status\n"


def _previous_release(root: Path, cfg: dict, gemeente: str | None = None) -> Path:
    """A previous release's export folder: measures tables without published rows (no
    definition to keep), the organisations' figures and the manifest the pipeline writes
    (`gemeente`: its folder in a region's export)."""
    export = root / "releases/2024" / (gemeente or "")
    if gemeente:
        cfg = {**cfg, "gemeente": gemeente}
    tables = ["kopp/measures.csv", "nieuwkomers/measures.csv", "organisaties/cijfers.csv"]
    for rel in tables:
        (export / rel).parent.mkdir(parents=True, exist_ok=True)
        (export / rel).write_text(HEADER, encoding="utf-8")
    inputs = {f"codelist/{n}": p for n, p in codelist_files(cfg["reference"]["codelists"]).items()}
    inputs["reference/geography"] = cfg["reference"]["geography"]
    inputs["reference/countries"] = cfg["reference"]["countries"]
    outputs = [str(export / rel) for rel in tables]
    m = manifest.build(inputs, outputs, export, cfg, root, synthetic=True)
    manifest.write(m, export / "manifest.json")
    return export


def test_the_manifest_reads_every_file_of_the_previous_release(tmp_path):
    run = {"years": [2022, 2023], "survey_waves": [2022], "reference": dict(REFERENCE)}
    cfg = copy.deepcopy(config(**run))
    export = _previous_release(tmp_path, cfg)
    run["previous_release"] = {"export": str(export), "tolerance": 1e-9}
    jobs = planned_jobs(tmp_path, run)
    (job,) = jobs["manifest"]
    read = {f for f in job["input"] if f.startswith(str(export))}
    assert read == {
        str(export / rel)
        for rel in (
            "kopp/measures.csv",
            "nieuwkomers/measures.csv",
            "organisaties/cijfers.csv",
            "manifest.json",
        )
    }
    # each is a file some job of the run reads: nothing recorded that no job used
    used = {
        f
        for rule in ("export_measures", "compare_releases", "bundle", "export_organisation_figures")
        for j in jobs.get(rule, [])
        for f in j["input"]
    }
    assert read <= used


def test_a_region_gemeentes_manifest_reads_its_own_previous_release(tmp_path):
    region = ["GM0344", "GM0356"]
    run = {"years": [2022, 2023], "survey_waves": [2022], "reference": dict(REFERENCE)}
    cfg = copy.deepcopy(config(**run))
    folders = {gm: _previous_release(tmp_path, cfg, gm) for gm in region}
    export = tmp_path / "releases/2024"
    run.update(gemeenten=region, previous_release={"export": str(export), "tolerance": 1e-9})
    jobs = planned_jobs(tmp_path, run)
    for gm in region:
        (job,) = jobs[f"{gm}_manifest"]
        read = {f for f in job["input"] if f.startswith(str(export))}
        assert read == {
            str(folders[gm] / rel)
            for rel in ("kopp/measures.csv", "nieuwkomers/measures.csv",
                        "organisaties/cijfers.csv", "manifest.json")
        }, gm  # fmt: skip


def _manifest(path: Path, **sha: str) -> Path:
    inputs = {name: {"path": f"/data/{name}", "sha256": h} for name, h in sha.items()}
    path.write_text(json.dumps({"inputs": inputs}), encoding="utf-8")
    return path


def test_the_previous_releases_own_files_are_no_new_edition_of_the_data(tmp_path):
    """Each release names its own previous release: the files read from it differ between two
    releases of the same data, which is no new delivery (OUTPUTCONTROLE.md, release.json)."""
    before = _manifest(
        tmp_path / "before.json",
        KINDOUDERTAB="a",
        **{"previous_release/manifest.json": "m1", "previous_release/kopp/measures.csv": "k1"},
    )
    now = _manifest(
        tmp_path / "now.json",
        KINDOUDERTAB="a",
        **{"previous_release/manifest.json": "m2", "previous_release/kopp/measures.csv": "k2"},
    )
    assert bundle.changed_inputs(before, now) == []
    changed = _manifest(tmp_path / "changed.json", KINDOUDERTAB="b")
    assert bundle.changed_inputs(before, changed) == ["KINDOUDERTAB"]
