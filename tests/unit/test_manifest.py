"""The release manifest and `make verify`: a changed byte is named, a match is plain."""

import json

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
