"""The release bundle: reproducible bytes, hashes, suppression counts and the plain summary."""

import json
import zipfile

from wijkzicht.disclosure.gate import check_export
from wijkzicht.release import bundle

DISCLOSURE = {"threshold": 10, "publish_zeros": True, "rounding_base": 0}
SUPPRESSION = {
    "kopp/measures.csv": {
        "rows": 4,
        "published": 2,
        "suppressed_primary": 1,
        "suppressed_secondary": 1,
    }
}


def _export(tmp_path):
    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    (root / "kopp" / "measures.csv").write_text("theme,status\nkopp,ok\n")
    (root / "manifest.json").write_text("{}\n")
    return root, [str(root / "kopp" / "measures.csv"), str(root / "manifest.json")]


def test_bundle_is_reproducible_and_complete(tmp_path):
    root, files = _export(tmp_path)
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    bundle.build(root, files, DISCLOSURE, SUPPRESSION, a)
    bundle.build(root, files, DISCLOSURE, SUPPRESSION, b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert zf.namelist() == [
            "OUTPUTCONTROLE.md",
            "kopp/measures.csv",
            "manifest.json",
            "release.json",
        ]
        release = json.loads(zf.read("release.json"))
        summary = zf.read("OUTPUTCONTROLE.md").decode()
    assert set(release["files"]) == {"kopp/measures.csv", "manifest.json"}
    assert release["suppression"] == SUPPRESSION and release["disclosure"]["threshold"] == 10
    assert "| kopp/measures.csv | 4 | 2 | 1 | 1 |" in summary and "drempel 10" in summary
    assert check_export(a, 10) == []
