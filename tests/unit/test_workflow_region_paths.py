"""The region overview's path within an export folder is named once in the workflow
(workflow/rules/common.smk REGION_OVERVIEW, what a region gemeente's dashboard links and its
export files hold): the region's rules (workflow/region.smk: the region's own overview and each
gemeente's copy) take it from there instead of spelling `regio/overzicht` again, so renaming it
moves every page, copy and link together. Checked on a dry run of a copy of the workflow whose
constant names another path (the rules' planned outputs) and on region.smk's own text."""

from __future__ import annotations

import shutil
from pathlib import Path

from worlds import REFERENCE, REPO, planned_jobs

REGION = ["GM0344", "GM0356"]
CONSTANT = 'REGION_OVERVIEW = "regio/overzicht"'


def _workflow_with_overview(tmp: Path, overview: str) -> Path:
    """A copy of the workflow (Snakefile, workflow/) whose common.smk names the region overview
    `overview`; src, scripts and config are the repository's own."""
    root = tmp / "repo"
    root.mkdir()
    shutil.copy(REPO / "Snakefile", root / "Snakefile")
    shutil.copytree(REPO / "workflow", root / "workflow")
    for part in ("src", "scripts", "config"):
        (root / part).symlink_to(REPO / part)
    common = root / "workflow/rules/common.smk"
    text = common.read_text()
    assert text.count(CONSTANT) == 1, "common.smk no longer names REGION_OVERVIEW this way"
    common.write_text(text.replace(CONSTANT, f'REGION_OVERVIEW = "{overview}"'))
    return root


def _planned(root: Path, tmp: Path) -> dict[str, list[dict[str, list[str]]]]:
    """{rule: each planned job's input and output files} of a region dry run of `root`."""
    config = {
        "gemeenten": REGION,
        "years": [2022, 2023],
        "survey_waves": [2022],
        "reference": dict(REFERENCE),
    }
    return planned_jobs(tmp, config, snakefile=root / "Snakefile")


def test_the_region_rules_follow_the_workflows_one_name_for_the_overview(tmp_path):
    """With common.smk's REGION_OVERVIEW renamed, the region's own overview, its gate and each
    gemeente's copy (the file its dashboard links, in its manifest and release) all move to the
    new name: region.smk spelled `regio/overzicht` itself, so the copies stayed where the
    gemeenten's export files no longer looked and the dry run failed (missing input)."""
    root = _workflow_with_overview(tmp_path, "regio/vergelijking")
    jobs = _planned(root, tmp_path)
    (own,) = jobs["region_overview"]
    assert sorted(own["output"]) == [
        "results/export/regio/vergelijking.csv",
        "results/export/regio/vergelijking.html",
    ]
    (gate,) = jobs["region_gate"]
    assert sorted(gate["input"]) == sorted(own["output"])
    (copies,) = jobs["region_overview_copies"]
    expected = [f"results/export/{gm}/regio/vergelijking.{ext}" for gm in REGION for ext in ("csv", "html")]  # fmt: skip
    assert sorted(copies["output"]) == sorted(expected)
    for gm in REGION:
        (manifest,) = jobs[f"{gm}_manifest"]
        mine = [f"results/export/{gm}/regio/vergelijking.{ext}" for ext in ("csv", "html")]
        assert set(mine) <= set(manifest["input"]), gm
        assert not [f for f in manifest["input"] if "overzicht" in f], gm


def test_region_smk_does_not_spell_the_overview_path():
    text = (REPO / "workflow/region.smk").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert "overzicht" not in code
    assert "REGION_OVERVIEW" in code
