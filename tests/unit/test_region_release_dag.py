"""A region gemeente's release holds its copy of the region overview (issue 14's review: its
dashboard links the overview, and a gemeente shares its release alone). Checked on dry runs
(the jobs Snakemake plans, with their inputs and outputs): each gemeente's copy
(results/export/<GM>/regio/) is made once for all by rule region_overview_copies from the
gemeenten's disclosure-controlled measures tables only, and is among its gemeente's export
files: in its manifest, checked by its export gate and in its release zip (its dashboard's
link to it: tests/e2e/test_region.py); a single run has none."""

from __future__ import annotations

import re

import pytest
from worlds import REFERENCE, planned_jobs

REGION = ["GM0344", "GM0356"]
THEMES = ["kopp", "migratie", "nieuwkomers"]


def _dry_run(tmp, overrides: dict, *targets: str) -> dict:
    config = {"years": [2022, 2023], "survey_waves": [2022], "reference": dict(REFERENCE)}
    return planned_jobs(tmp, {**config, **overrides}, *targets)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("region"), {"gemeenten": REGION})


def test_copies_made_once_from_the_exported_measures_tables(region):
    (job,) = region["region_overview_copies"]
    assert job["input"] == [
        f"results/export/{gm}/{theme}/measures.csv" for gm in REGION for theme in THEMES
    ]
    assert sorted(job["output"]) == sorted(
        f"results/export/{gm}/regio/overzicht.{ext}" for gm in REGION for ext in ("csv", "html")
    )


@pytest.mark.parametrize("gm", REGION)
def test_a_gemeentes_copy_is_in_its_manifest_gate_and_release(region, gm):
    copy = [f"results/export/{gm}/regio/overzicht.csv", f"results/export/{gm}/regio/overzicht.html"]
    for rule in ("manifest", "export_gate", "bundle"):
        (job,) = region[f"{gm}_{rule}"]
        assert set(copy) <= set(job["input"]), (gm, rule)
        # its own copy only: not another gemeente's, not the region's own page
        assert not [f for f in job["input"] if "/regio/" in f and f not in copy], (gm, rule)
    (job,) = region[f"{gm}_bundle"]
    # the release, and the internal list of rows for the output checker (Z12)
    assert sorted(job["output"]) == [
        f"results/internal/{gm}/release/primary_now.csv",
        f"results/release/{gm}/wijkzicht-release.zip",
    ]


def test_a_single_run_has_no_copy(tmp_path):
    single = _dry_run(tmp_path, {"gemeente": "GM0344"})
    assert not [r for r in single if r.startswith("region")]
    for rule in ("manifest", "export_gate", "bundle"):
        (job,) = single[rule]
        assert not [f for f in job["input"] if "regio" in f], rule


def _region_overview_code() -> str:
    """The top-level statements of workflow/rules/common.smk that name the region overview's
    copy: the functions region_overview_* and what they read of the file's own names."""
    import ast

    from worlds import REPO

    text = (REPO / "workflow/rules/common.smk").read_text()
    # plain Python at the top level: each def or assignment up to the next top-level line
    blocks = re.findall(
        r"^(?:def region_overview_\w+\(.*?|REGION_OVERVIEW = .*?)(?=^\S)", text, re.M | re.S
    )
    code = "".join(blocks)
    ast.parse(code)
    return code


def _literals(code: str) -> list[str]:
    """The string literals of `code` (the parts of f-strings too), docstrings left out."""
    import ast

    tree = ast.parse(code)
    docs = {id(f.body[0].value) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
            and isinstance(f.body[0], ast.Expr) and isinstance(f.body[0].value, ast.Constant)}  # fmt: skip
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]  # fmt: skip


def test_the_dashboard_links_the_copy_it_gets_and_the_path_is_spelled_once():
    """What a region gemeente's dashboard links (region_overview_link, relative to its export
    folder) is the page copied into that folder (region_overview_copy), and the path is written
    once in the workflow (common.smk spelled "regio/overzicht" in both functions)."""
    import sys
    import types

    code = _region_overview_code()
    assert sum("regio/overzicht" in s for s in _literals(code)) == 1, _literals(code)
    for region in (True, False):
        pipeline = types.ModuleType("wijkzicht.pipeline.config")
        pipeline.is_region = lambda config, region=region: region
        names = {"config": {}, "EXPORT": "results/export/GM0344"}
        saved = sys.modules.get("wijkzicht.pipeline.config")
        sys.modules["wijkzicht.pipeline.config"] = pipeline
        try:
            exec(code, names)
            link, copy = names["region_overview_link"](), names["region_overview_copy"]()
        finally:
            if saved is not None:
                sys.modules["wijkzicht.pipeline.config"] = saved
            else:
                del sys.modules["wijkzicht.pipeline.config"]
        if region:
            assert link == "regio/overzicht.html"
            assert copy == [
                f"results/export/GM0344/{link[: -len('html')]}{ext}" for ext in ("csv", "html")
            ]
        else:
            assert (link, copy) == ("", [])
