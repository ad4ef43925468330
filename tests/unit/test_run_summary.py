"""The runner (`make run`) ends by saying where the pages are: a new user should not have to
read the README to find the dashboard (a fresh user's try ended at Snakemake's last line)."""

from __future__ import annotations

from wijkzicht.pipeline import run


def _touch(root, *paths):
    for p in paths:
        f = root / p
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x")


def _main(monkeypatch, tmp_path, capsys, args, code=0):
    monkeypatch.setattr(run, "available_mb", lambda: 5000)
    monkeypatch.setattr(run.subprocess, "call", lambda cmd: code)
    assert run.main(["--directory", str(tmp_path), *args]) == code
    return capsys.readouterr().err


def test_a_finished_run_names_what_to_open(monkeypatch, tmp_path, capsys):
    _touch(
        tmp_path,
        "results/export/dashboard.html",
        "results/export/kopp/infographic.pdf",
        "results/export/kopp/rapport.pdf",
        "results/export/kopp/measures.csv",
        "results/export/factsheets/overvecht.html",
        "results/export/wijkzicht.xlsx",
        "results/release/wijkzicht-release.zip",
    )
    err = _main(monkeypatch, tmp_path, capsys, ["--cores", "2"])
    tail = err.split("Done. Open these", 1)[1].splitlines()[1:]
    assert [line.strip() for line in tail] == [
        "results/export/dashboard.html",
        "results/export/kopp/infographic.pdf",
        "results/export/kopp/rapport.pdf",
        "results/export/factsheets/",
        "results/export/wijkzicht.xlsx",
        "results/release/wijkzicht-release.zip  (the release; OUTPUTCONTROLE.md inside, for the CBS "
        "output check)",
    ]


def test_a_second_release_names_its_changes_and_where_the_output_check_is(tmp_path):
    # a new user looked for results/export/OUTPUTCONTROLE.md (U11): it is in the bundle
    _touch(tmp_path, "results/export/changes.csv", "results/release/wijkzicht-release.zip")
    lines = [x.strip() for x in run.outputs_summary(tmp_path).splitlines()[1:]]
    assert lines[0].startswith("results/export/changes.csv  (") and "reden" in lines[0]
    assert (
        lines[1].startswith("results/release/wijkzicht-release.zip")
        and "OUTPUTCONTROLE" in lines[1]
    )


def test_a_region_run_names_each_gemeentes_pages(tmp_path):
    _touch(tmp_path, "results/export/GM0344/dashboard.html", "results/export/GM0356/dashboard.html")
    text = run.outputs_summary(tmp_path)
    assert "results/export/GM0344/dashboard.html" in text
    assert "results/export/GM0356/dashboard.html" in text


def test_nothing_is_named_after_a_dry_run_or_a_failed_run(monkeypatch, tmp_path, capsys):
    _touch(tmp_path, "results/export/dashboard.html")
    assert "Done" not in _main(monkeypatch, tmp_path, capsys, ["--cores", "2", "-n"])
    assert "Done" not in _main(monkeypatch, tmp_path, capsys, ["--cores", "2"], code=1)
    assert "dashboard.html" in _main(monkeypatch, tmp_path, capsys, ["--cores", "2"])


def test_an_empty_run_says_where_to_look(tmp_path):
    assert "results/export (nothing to open there yet)" in run.outputs_summary(tmp_path)


def test_make_run_keeps_the_list_at_the_end():
    # Snakemake's report after the run printed about 100 lines below the list (a new user, U3)
    import subprocess

    from worlds import REPO

    out = subprocess.run(["make", "-n", "-C", str(REPO), "run"], capture_output=True, text=True)
    lines = [x for x in out.stdout.splitlines() if x.strip() and not x.startswith("make")]
    report = [x for x in lines if "--report results/report.html" in x]
    assert report and "> results/internal/logs/report.log 2>&1" in report[0]
    assert "results/report.html" in lines[-1] and lines[-1].startswith("echo")
