"""Bad inputs at the level of the workflow: a run that fails on its input names table, file,
column and value, and never writes under results/export/.

A small world is written under data.root and checked once (up to the `inputs_checked` job);
each case corrupts a copy and runs the whole workflow. The per-table kinds of bad input are
in tests/unit/test_ingest_bad_inputs.py.
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
from worlds import REPO, snakemake

from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.synth import generate_world, write_world

pytestmark = pytest.mark.e2e

CHECKED = "results/internal/validated/inputs_checked.json"


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    wd = tmp_path_factory.mktemp("bad_inputs")
    tables = generate_world(
        seed=5, n_residents=1500, years=[2022, 2023], survey_waves=[2022],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    write_world(tables, wd / "data", "parquet")
    base = {"years": [2022, 2023], "survey_waves": [2022], "data": {"root": "data"}}
    run = snakemake(wd, base, CHECKED)
    assert run.returncode == 0, run.stderr[-4000:]
    return wd, base


def copy(checked, name):
    wd, base = checked
    work = wd.parent / f"{wd.name}_{name}"
    shutil.copytree(wd, work, symlinks=True)
    return work, base


def user_error(run) -> str:
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "Traceback" not in out, out[-3000:]
    return out


def test_wijk_code_not_in_the_geography_stops_before_the_export(checked):
    """The battery's case: WK034499 in VSLGWBTAB; the failed run wrote results/export/."""
    work, base = copy(checked, "wijk")
    path = work / "data/VSLGWBTAB/VSLGWBTAB.parquet"
    df = pd.read_parquet(path)
    i = df.index[df["gem2023"] == "0344"][3]
    df.loc[i, ["wc2023", "bc2023"]] = ["034499", "03449900"]
    df.to_parquet(path, index=False)
    out = user_error(snakemake(work, base))
    assert "Input table VSLGWBTAB in file data/VSLGWBTAB/VSLGWBTAB.parquet" in out
    obj = f"object ({df.loc[i, 'SOORTOBJECTNUMMER']}, {df.loc[i, 'RINOBJECTNUMMER']})"
    assert "column wc2023: 1 address object(s) in gem2023 '0344'" in out
    assert f"{obj}: '034499'" in out and f"{obj}: '03449900'" in out
    assert not (work / "results/export").exists()
    assert not (work / CHECKED).exists()


def test_a_failing_ingest_stops_before_the_export(checked):
    """A RINPERSOON of 10 digits: the table is refused and nothing is exported."""
    work, base = copy(checked, "rin")
    path = work / "data/GBAPERSOONTAB/GBAPERSOONTAB.parquet"
    df = pd.read_parquet(path)
    df.loc[6, "RINPERSOON"] = "1" + df.loc[6, "RINPERSOON"]
    df.to_parquet(path, index=False)
    out = user_error(snakemake(work, base))
    assert "Input table GBAPERSOONTAB in file data/GBAPERSOONTAB/GBAPERSOONTAB.parquet" in out
    assert (
        "column RINPERSOON: 1 row(s)" in out and f"data row 7: '{df.loc[6, 'RINPERSOON']}'" in out
    )
    assert not (work / "results/export").exists()
    assert not (work / "results/internal/validated/GBAPERSOONTAB.parquet").exists()


def test_a_missing_year_is_named_before_anything_runs(checked):
    work, base = copy(checked, "missing")
    (work / "data/MEDICIJNTAB/MEDICIJNTAB2023.parquet").unlink()
    (work / "data/INHATAB/INHATAB2022.parquet").unlink()
    (work / "data/INHATAB/INHATAB2022.parquet").mkdir()  # a directory where the file belongs
    out = user_error(snakemake(work, base))
    assert "Input tables missing (data.root 'data', data.format parquet)" in out
    assert (
        "MEDICIJNTAB of 2023: the file data/MEDICIJNTAB/MEDICIJNTAB2023.parquet does not exist"
        in out
    )
    assert "INHATAB of 2022: data/INHATAB/INHATAB2022.parquet is a directory" in out
    assert not (work / "results/export").exists()


def test_a_config_typo_stops_at_start_up(checked):
    work, base = copy(checked, "typo")
    out = user_error(snakemake(work, {**base, "disclosure": {"treshold": 5}}))
    # the project's form (V1): the dotted key, the unknown key and the keys allowed
    assert "Configuration error:" in out
    assert "disclosure: unknown key 'treshold' (allowed: threshold," in out
    assert not (work / "results/export").exists()


def _jobs(dry_run: str) -> list[tuple[str, list[str], list[str]]]:
    """(rule, inputs, outputs) of every job a dry run lists."""
    jobs = []
    for block in re.split(r"\n(?=(?:local)?rule \w+:\n)", dry_run):
        m = re.match(r"(?:local)?rule (\w+):\n", block)
        if not m:
            continue
        field = {k: v for k, v in re.findall(r"^\s+(input|output): (.*)$", block, re.M)}
        split = lambda s: [x.strip() for x in s.split(",") if x.strip()]  # noqa: E731
        jobs.append((m[1], split(field.get("input", "")), split(field.get("output", ""))))
    return jobs


def test_every_job_writing_under_export_waits_for_the_checks(checked):
    wd, base = checked
    run = snakemake(wd, base, "--dry-run", "--forceall")
    assert run.returncode == 0, run.stderr[-3000:]
    jobs = _jobs(run.stdout)
    made_by = {o: i for _, ins, outs in jobs for o in outs for i in [ins]}
    assert CHECKED in made_by

    def upstream(f, seen):
        for i in made_by.get(f, []):
            if i not in seen:
                seen.add(i)
                upstream(i, seen)
        return seen

    exporting = [(r, o) for r, _, outs in jobs for o in outs if o.startswith("results/export/")]
    assert len({r for r, _ in exporting}) >= 8
    for rule, out in exporting:
        assert CHECKED in upstream(out, set()), f"{rule} writes {out} before the inputs are checked"
    # and the checks need every validated table; a table's quality record (for the source-quality
    # report) comes from the same ingest job as the table, so that job ran before the checks
    validated = {
        o for _, _, outs in jobs for o in outs if o.startswith("results/internal/validated/")
    }
    quality = {o for o in validated if o.startswith("results/internal/validated/quality/")}
    assert quality, "every ingest job writes a quality record"
    assert validated - quality - {CHECKED} <= set(made_by[CHECKED])
    for _, _, outs in jobs:
        if any(o in quality for o in outs):
            assert any(o in made_by[CHECKED] for o in outs), outs
