"""The release manifest and `make verify`: a changed byte is named, a match is plain."""

import json
import zipfile

from wijkzicht.release import manifest


def _release(tmp_path):
    export = tmp_path / "export"
    (export / "kopp").mkdir(parents=True)
    (export / "kopp" / "measures.csv").write_text("a,b\n1,2\n")
    (export / "linkage.csv").write_text("x\n3\n")
    raw = tmp_path / "raw.parquet"
    raw.write_bytes(b"PAR1 data")
    cfg = {"data": {"root": "", "tables": {}}, "synthetic": {"seed": 3}}
    outputs = [str(export / "kopp" / "measures.csv"), str(export / "linkage.csv")]
    m = manifest.build({"GBAPERSOONTAB": str(raw)}, outputs, export, cfg, tmp_path, synthetic=True)
    manifest.write(m, export / "manifest.json")
    return export, raw


def test_manifest_content(tmp_path):
    export, _ = _release(tmp_path)
    m = json.loads((export / "manifest.json").read_text())
    assert set(m["outputs"]) == {"kopp/measures.csv", "linkage.csv"}
    assert m["outputs"]["linkage.csv"] == manifest.sha256(export / "linkage.csv")
    assert m["seed"] == 3 and m["versions"]["pandas"] and m["code"]["package_sha256"]


def test_verify_passes_then_names_the_changed_file(tmp_path, capsys):
    export, raw = _release(tmp_path)
    assert manifest.main(["verify", str(export / "manifest.json")]) == 0
    assert "all 2 outputs and 1 inputs match" in capsys.readouterr().out
    data = bytearray((export / "kopp" / "measures.csv").read_bytes())
    data[0] ^= 1
    (export / "kopp" / "measures.csv").write_bytes(bytes(data))
    raw.write_bytes(b"PAR1 changed")
    (export / "extra.txt").write_text("?")
    assert manifest.main(["verify", str(export / "manifest.json")]) == 1
    out = capsys.readouterr().out
    assert "output differs:" in out and "kopp/measures.csv" in out
    assert "input differs: GBAPERSOONTAB" in out
    assert "output not in manifest:" in out and "extra.txt" in out


def _run(tmp_path, monkeypatch):
    """A run's folder as the pipeline leaves it: relative input paths, from the run's folder."""
    run = tmp_path / "run"
    export = run / "results" / "export"
    (export / "kopp").mkdir(parents=True)
    (export / "kopp" / "measures.csv").write_text("a,b\n1,2\n")
    (run / "results" / "internal").mkdir()
    (run / "results" / "internal" / "raw.parquet").write_bytes(b"PAR1 data")
    cfg = {"data": {"root": "", "tables": {}}, "synthetic": {"seed": 3}}
    monkeypatch.chdir(run)  # Snakemake's working folder: the paths it gives are relative to it
    m = manifest.build(
        {"GBAPERSOONTAB": "results/internal/raw.parquet"}, ["results/export/kopp/measures.csv"],
        "results/export", cfg, run, synthetic=True,
    )  # fmt: skip
    manifest.write(m, export / "manifest.json")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return run, export / "manifest.json"


def test_a_missing_manifest_is_named_with_exit_status_2(tmp_path, capsys):
    path = tmp_path / "results" / "export" / "manifest.json"
    assert manifest.main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: no such file" in err and "expected the release manifest" in err
    assert "Traceback" not in err


def test_broken_json_is_named_with_exit_status_2(tmp_path, capsys):
    path = tmp_path / "manifest.json"
    path.write_text('{\n  "outputs": {"a.csv": "00"\n')  # cut off mid-way
    assert manifest.main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: not valid JSON (line 3" in err and "'outputs'" in err
    # valid JSON that is no manifest: what is missing
    path.write_text('{"outputs": {}}\n')
    assert manifest.main(["verify", str(path)]) == 2
    assert f"{path}: 'inputs' missing" in capsys.readouterr().err
    path.write_text("[]\n")
    assert manifest.main(["verify", str(path)]) == 2
    assert "JSON list, not an object" in capsys.readouterr().err


def test_inputs_are_looked_for_in_the_runs_folder_from_anywhere(tmp_path, monkeypatch, capsys):
    run, path = _run(tmp_path, monkeypatch)
    assert manifest.main(["verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert "all 1 outputs and 1 inputs match" in out
    assert (
        f"inputs looked for: 1 with a relative path under {run}, the folder the manifest's results/export"
        in out
    )
    assert manifest.verify(path) == []
    # a missing input: where it was looked for
    (run / "results" / "internal" / "raw.parquet").unlink()
    assert manifest.main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"input missing: GBAPERSOONTAB ({run}/results/internal/raw.parquet)" in out
    assert (
        f"1 of 1 inputs missing; looked for: 1 with a relative path under {run}, the folder" in out
    )
    assert "--root" in out and "--outputs-only" in out


def test_root_option_for_a_manifest_outside_results_export(tmp_path, monkeypatch, capsys):
    run, path = _run(tmp_path, monkeypatch)
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "manifest.json").write_bytes(path.read_bytes())
    (copy / "kopp").mkdir()
    (copy / "kopp" / "measures.csv").write_bytes((path.parent / "kopp/measures.csv").read_bytes())
    # no results/export above it: the current folder, said so
    assert manifest.main(["verify", str(copy / "manifest.json")]) == 1
    out = capsys.readouterr().out
    assert f"relative path under {tmp_path / 'elsewhere'}, the current folder" in out
    assert manifest.main(["verify", str(copy / "manifest.json"), "--root", str(run)]) == 0
    assert f"relative path under {run}, given with --root" in capsys.readouterr().out
    assert manifest.verify(copy / "manifest.json", root=run) == []
    assert manifest.main(["verify", str(path), "--root", str(tmp_path / "none")]) == 2
    assert "--root" in capsys.readouterr().err


def test_absolute_input_paths_are_said_as_such_and_moved_with_move(tmp_path, capsys):
    """U6: a run with an absolute data.root records absolute input paths; verify said it
    looked under --root (or the run's folder) for them, which it did not, and a release whose
    microdata were copied elsewhere could not be checked at all."""
    export, raw = _release(tmp_path)  # the input recorded with its absolute path
    path = str(export / "manifest.json")
    assert manifest.main(["verify", path, "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "1 with an absolute path at that path (--root does not move them" in out
    assert str(tmp_path) in out.split("e.g. under", 1)[1]
    # the microdata copied to another folder: missing where recorded, found with --move
    copy = tmp_path / "copy"
    copy.mkdir()
    raw.rename(copy / raw.name)
    assert manifest.main(["verify", path]) == 1
    out = capsys.readouterr().out
    assert f"input missing: GBAPERSOONTAB ({raw})" in out and "--move FROM=TO" in out
    assert manifest.main(["verify", path, "--move", f"{tmp_path}={copy}"]) == 0
    assert "1 moved by --move" in capsys.readouterr().out
    assert manifest.verify(path, moves=[(tmp_path, copy)]) == []
    assert manifest.main(["verify", path, "--move", str(copy)]) == 2
    assert "expected FROM=TO" in capsys.readouterr().err


def test_outputs_only_checks_the_outputs_and_says_the_inputs_were_not(
    tmp_path, monkeypatch, capsys
):  # fmt: skip
    run, path = _run(tmp_path, monkeypatch)
    (run / "results" / "internal" / "raw.parquet").unlink()  # no microdata outside the CBS
    assert manifest.main(["verify", str(path), "--outputs-only"]) == 0
    out = capsys.readouterr().out
    assert "all 1 outputs match" in out and "the 1 inputs were not checked" in out
    assert "input missing" not in out
    assert manifest.verify(path, outputs_only=True) == []
    (path.parent / "kopp" / "measures.csv").write_text("a,b\n1,3\n")
    assert manifest.main(["verify", str(path), "--outputs-only"]) == 1
    out = capsys.readouterr().out
    assert "output differs:" in out and "the 1 inputs were not checked" in out


def test_outputs_only_on_the_unpacked_release_zip(tmp_path, monkeypatch, capsys):
    from wijkzicht.release import bundle

    run, path = _run(tmp_path, monkeypatch)
    export = path.parent
    zipped = tmp_path / "release.zip"
    files = [str(export / "kopp" / "measures.csv"), str(path)]
    disclosure = {"threshold": 10, "publish_zeros": True, "rounding_base": 0}
    bundle.build(export, files, disclosure, {}, zipped)
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(zipped).extractall(unpacked)
    assert (unpacked / "release.json").exists() and (unpacked / "OUTPUTCONTROLE.md").exists()
    assert manifest.main(["verify", str(unpacked / "manifest.json"), "--outputs-only"]) == 0
    out = capsys.readouterr().out
    assert "all 1 outputs match" in out and "OUTPUTCONTROLE.md (a summary" in out
    # release.json is checked against the manifest, not passed over
    release = json.loads((unpacked / "release.json").read_text())
    release["files"]["kopp/measures.csv"] = "0" * 64
    (unpacked / "release.json").write_text(json.dumps(release))
    assert manifest.main(["verify", str(unpacked / "manifest.json"), "--outputs-only"]) == 1
    assert "its hash of kopp/measures.csv is not the manifest's" in capsys.readouterr().out
