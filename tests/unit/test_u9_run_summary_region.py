"""The runner's closing list in a GGD region run (U9): the region overview, the one page that
compares the gemeenten, comes first, and each gemeente's release bundle
(`results/release/<GM>/wijkzicht-release.zip`) is named as a single run's is. Before, a run of
five gemeenten listed 45 pages and neither the overview nor a release bundle."""

from __future__ import annotations

from wijkzicht.pipeline import run


def _touch(root, *paths):
    for p in paths:
        f = root / p
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x")


def _paths(root) -> list[str]:
    """The paths the closing list names, without what a line says a file is for (a zip: that
    OUTPUTCONTROLE.md is inside, `run.WHAT`)."""
    return [x.split()[0] for x in run.outputs_summary(root).splitlines()[1:]]


def test_a_region_run_names_its_overview_first_and_each_release(tmp_path):
    _touch(
        tmp_path,
        "results/export/regio/overzicht.html",
        "results/export/GM0344/dashboard.html",
        "results/export/GM0344/regio/overzicht.html",
        "results/export/GM0356/dashboard.html",
        "results/release/GM0344/wijkzicht-release.zip",
        "results/release/GM0356/wijkzicht-release.zip",
    )
    lines = _paths(tmp_path)
    assert lines == [
        "results/export/regio/overzicht.html",
        "results/export/GM0344/dashboard.html",
        "results/export/GM0356/dashboard.html",
        "results/release/GM0344/wijkzicht-release.zip",
        "results/release/GM0356/wijkzicht-release.zip",
    ]


def test_a_single_run_names_no_overview(tmp_path):
    _touch(tmp_path, "results/export/dashboard.html", "results/release/wijkzicht-release.zip")
    lines = _paths(tmp_path)
    assert lines == ["results/export/dashboard.html", "results/release/wijkzicht-release.zip"]
