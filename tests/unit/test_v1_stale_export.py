"""A finished run leaves only its own release in results/export/ (V1): a file an earlier run
made and this run does not (changes.csv after a run without a previous release, a theme no
longer configured) is moved to results/internal/export_earlier/, with a message saying where.
Before, it stayed beside the release: `verify` named it and the zip left it out, but a person
copying the folder copied it. A dry run, a failed run and a region's other releases are left
as they are; nothing is deleted."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from wijkzicht.pipeline import run
from wijkzicht.release import manifest, stale


def _write(root, *paths, text="x"):
    for p in paths:
        f = root / p
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)


def _release(folder, *outputs):
    """A release in `folder`: the files `outputs` and the manifest listing them."""
    _write(folder, *outputs)
    m = {
        "inputs": {},
        "outputs": {rel: manifest.sha256(folder / rel) for rel in outputs},
    }
    (folder / "manifest.json").write_text(json.dumps(m))


def _age(root, *paths, seconds=3600):
    """Make files of an earlier run: modified an hour ago."""
    when = time.time() - seconds
    for p in paths:
        os.utime(root / p, (when, when))


def _main(monkeypatch, tmp_path, capsys, args, make=None, code=0):
    """The runner with Snakemake replaced by `make` (what the run writes) and exit `code`."""

    def snakemake(cmd):
        if make is not None:
            make()
        return code

    monkeypatch.setattr(run, "available_mb", lambda: 5000)
    monkeypatch.setattr(run.subprocess, "call", snakemake)
    assert run.main(["--directory", str(tmp_path), *args]) == code
    return capsys.readouterr().err


EARLIER = ("changes.csv", "oudthema/measures.csv", "oudthema/rapport.pdf", "factsheets/weg.html")
NOW = ("kopp/measures.csv", "factsheets/overvecht.html", "dashboard.html")


def _earlier_run(tmp_path):
    export = tmp_path / "results/export"
    _release(export, *NOW, *EARLIER)
    _age(export, *NOW, *EARLIER, "manifest.json")
    return export


def test_a_finished_run_sets_aside_what_an_earlier_run_left(monkeypatch, tmp_path, capsys):
    export = _earlier_run(tmp_path)
    err = _main(
        monkeypatch, tmp_path, capsys, ["--cores", "1"], make=lambda: _release(export, *NOW)
    )
    earlier = tmp_path / "results/internal/export_earlier"
    for rel in EARLIER:
        assert not (export / rel).exists(), rel
        assert (earlier / rel).read_text() == "x", rel  # moved, never deleted
    for rel in (*NOW, "manifest.json"):
        assert (export / rel).is_file(), rel
    assert not (export / "oudthema").exists()  # the folder it left empty
    assert (export / "factsheets").is_dir()
    # the folder now passes verify without 'output not in manifest'
    assert manifest.check_outputs(json.loads((export / "manifest.json").read_text()), export) == []
    assert "Set aside 4 file(s) that an earlier run left in results/export/" in err
    assert "results/export/changes.csv -> results/internal/export_earlier/changes.csv" in err
    assert err.index("Set aside") < err.index("Done.")


def test_a_dry_run_a_failed_run_and_a_rerun_without_a_new_release_move_nothing(
    monkeypatch, tmp_path, capsys
):
    export = _earlier_run(tmp_path)
    before = sorted(p for p in export.rglob("*"))
    # a dry run, a failed run (each as if Snakemake had written a release: the runner must not
    # act on its exit status 0 of a plan, nor on a run that stopped), and a rerun that made no
    # new release (nothing to do: the manifest is not rewritten)
    _main(monkeypatch, tmp_path, capsys, ["-n"], make=lambda: _release(export, *NOW))
    _age(export, *NOW, "manifest.json")
    _main(
        monkeypatch, tmp_path, capsys, ["--cores", "1"], make=lambda: _release(export, *NOW), code=1
    )
    _age(export, *NOW, "manifest.json")
    err = _main(monkeypatch, tmp_path, capsys, ["--cores", "1"])
    assert sorted(p for p in export.rglob("*")) == before
    assert not (tmp_path / "results/internal/export_earlier").exists()
    assert "Set aside" not in err


def test_a_region_run_cleans_each_gemeentes_release_and_nothing_else(monkeypatch, tmp_path, capsys):
    export = tmp_path / "results/export"
    _release(export / "GM0344", *NOW, "changes.csv")
    _release(export / "GM0356", *NOW, "changes.csv")  # a gemeente this run did not run
    _write(export, "regio/overzicht.html", "regio/overzicht.csv")  # the region's own page
    _age(export, "regio/overzicht.html", "regio/overzicht.csv")
    for gm in ("GM0344", "GM0356"):
        _age(export / gm, *NOW, "changes.csv", "manifest.json")
    _main(monkeypatch, tmp_path, capsys, [], make=lambda: _release(export / "GM0344", *NOW))
    earlier = tmp_path / "results/internal/export_earlier"
    assert sorted(p.relative_to(earlier).as_posix() for p in earlier.rglob("*.csv")) == [
        "GM0344/changes.csv"
    ]
    assert (export / "GM0356/changes.csv").is_file()
    assert (export / "regio/overzicht.html").is_file()


def test_a_sub_folder_with_a_release_of_its_own_is_left_alone(tmp_path):
    export = tmp_path / "results/export"
    _release(export, *NOW)
    _release(export / "GM0344", "kopp/measures.csv")  # a region's gemeente, run here before
    _write(export / "GM0344", "changes.csv")
    assert stale.stale_files(export / "manifest.json") == []
    assert stale.set_aside(tmp_path, since=0) == [
        (stale.EXPORT / "GM0344/changes.csv", stale.EARLIER / "GM0344/changes.csv")
    ]  # by its own manifest (written 'this run': since=0), not by the top-level one


def test_an_unreadable_manifest_moves_nothing(tmp_path):
    export = tmp_path / "results/export"
    _write(export, "kopp/measures.csv", "changes.csv")
    (export / "manifest.json").write_text("{not json")
    assert stale.set_aside(tmp_path, since=0) == []
    assert (export / "changes.csv").is_file()


def test_verify_says_what_a_file_not_in_the_manifest_is(tmp_path, capsys):
    export = tmp_path / "results/export"
    _release(export, *NOW)
    _write(export, "changes.csv")
    assert manifest.main(["verify", str(export / "manifest.json"), "--outputs-only"]) == 1
    out = capsys.readouterr().out
    assert "output not in manifest: " in out and "changes.csv" in out
    assert "verify: 1 file(s) beside the release are not in its manifest: no part of" in out
    assert "moves those to results/internal/export_earlier/" in out


def test_verify_of_a_region_export_names_the_gemeentes_manifests(tmp_path, capsys):
    """A region run writes one release per gemeente (results/export/<GM>/manifest.json):
    verify of results/export/manifest.json names them instead of only 'no such file'."""
    export = tmp_path / "results/export"
    for gm in ("GM0344", "GM0356"):
        _release(export / gm, *NOW)
    assert manifest.main(["verify", str(export / "manifest.json")]) == 2
    err = capsys.readouterr().err
    assert "manifest.json: no such file" in err
    assert "holds 2 release(s) in folders of their own, as a GGD region run writes" in err
    assert f"{export / 'GM0344' / 'manifest.json'}, {export / 'GM0356' / 'manifest.json'}" in err


def test_a_file_that_cannot_be_moved_is_named_and_the_rest_still_moves(tmp_path, monkeypatch):
    export = tmp_path / "results/export"
    _release(export, *NOW)
    _write(export, "changes.csv", "oudthema/measures.csv")
    real = stale.shutil.move

    def move(src, dest):
        if Path(src).name == "changes.csv":
            raise PermissionError(13, "Permission denied")
        return real(src, dest)

    monkeypatch.setattr(stale.shutil, "move", move)
    done = stale.set_aside(tmp_path, since=0)
    assert (export / "changes.csv").is_file()
    assert (tmp_path / stale.EARLIER / "oudthema/measures.csv").is_file()
    text = stale.message(done)
    assert "Set aside 1 file(s)" in text
    assert "1 file(s) in results/export/ are not in its manifest.json" in text
    assert "results/export/changes.csv (Permission denied)" in text


def test_a_region_run_sets_aside_a_single_runs_files_beside_its_gemeenten(
    monkeypatch, tmp_path, capsys
):
    """A single run first, then a region in the same folder: the single run's release
    (results/export/manifest.json, its themes and pages) is no part of the region's."""
    export = _earlier_run(tmp_path)  # a single run's release, an hour old
    single = sorted(p.relative_to(export).as_posix() for p in export.rglob("*") if p.is_file())

    def region_run():
        for gm in ("GM0344", "GM0356"):
            _release(export / gm, *NOW)
        _write(export, "regio/overzicht.html", "regio/overzicht.csv")

    _main(monkeypatch, tmp_path, capsys, [], make=region_run)
    left = sorted(p.relative_to(export).as_posix() for p in export.rglob("*") if p.is_file())
    assert left == sorted(
        [f"{gm}/{rel}" for gm in ("GM0344", "GM0356") for rel in (*NOW, "manifest.json")]
        + ["regio/overzicht.csv", "regio/overzicht.html"]
    )
    earlier = tmp_path / stale.EARLIER
    assert sorted(p.relative_to(earlier).as_posix() for p in earlier.rglob("*") if p.is_file()) == (
        single
    )
