"""The release bundle: reproducible bytes, hashes, suppression counts and the plain summary."""

import hashlib
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


def test_outputcontrole_names_the_area_levels_each_table_holds(tmp_path):
    """The checker reads which levels a table has from the table itself: a measures table with
    buurt rows says so (a fixed 'gemeente en wijk' did not), a figure's rows are named as such."""
    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    (root / "kopp" / "measures.csv").write_text(
        "theme,area_level,area_code,group,status\n"
        "kopp,buurt,BU03440100,totaal,ok\nkopp,gemeente,GM0344,totaal,ok\n"
        "kopp,wijk,WK034401,totaal,ok\n"
    )
    (root / "kopp" / "personas.csv").write_text(
        "theme,area_level,area_code,n_persons\nkopp,wijk,WK034401,40\nkopp,gemeente,GM0344,90\n"
    )
    (root / "kopp" / "kopp_trend.csv").write_text("theme,area_level,year\nkopp,gemeente,2023\n")
    (root / "kopp" / "kopp_trend.png").write_bytes(b"png")
    (root / "kopp" / "leeg.csv").write_text("theme,area_level\n")
    files = [str(p) for p in sorted((root / "kopp").iterdir())]
    out = tmp_path / "r.zip"
    bundle.build(root, files, DISCLOSURE, SUPPRESSION, out)
    with zipfile.ZipFile(out) as zf:
        rows = {
            line.split(" | ")[0].removeprefix("| "): line
            for line in zf.read("OUTPUTCONTROLE.md").decode().splitlines()
            if line.startswith("| kopp/")
        }
    assert rows["kopp/measures.csv"].endswith("| gemeente, wijk en buurt, per groep |")
    assert rows["kopp/personas.csv"].endswith("| gemeente en wijk |")
    assert (
        "de rijen van de figuur of kaart met dezelfde naam | gemeente |"
        in rows["kopp/kopp_trend.csv"]
    )
    assert rows["kopp/leeg.csv"].endswith("| vrijgegeven bestand | - |")


def test_outputcontrole_says_what_the_region_overview_of_a_gemeente_is():
    """A region run's gemeente releases its copy of the region overview (regio/): the checker
    reads that the table holds other gemeenten's headline rows, unchanged from their released
    measures tables, and that the page is made from it (not 'vrijgegeven bestand')."""
    what, level = bundle.describe("regio/overzicht.csv", "gemeente, per groep")
    assert "per gemeente van de regio" in what and "ongewijzigd" in what
    assert level == "gemeente, per groep"
    what, level = bundle.describe("regio/overzicht.html")
    assert what.startswith("overzicht van de regio") and "overzicht.csv" in what
    assert level == "zoals de tabel"


def test_outputcontrole_says_which_earlier_release_it_took_into_account(tmp_path):
    # the CBS output check asks about output released before from the same data: two releases
    # with different patterns can give small counts away together (a reviewer, Z6)
    root, files = _export(tmp_path)
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    bundle.build(root, files, DISCLOSURE, SUPPRESSION, a)
    previous = tmp_path / "previous_manifest.json"
    previous.write_text('{"release": 1}\n')
    bundle.build(root, files, DISCLOSURE, SUPPRESSION, b, previous_manifest=previous)
    with zipfile.ZipFile(a) as zf:
        assert "previous_release" not in json.loads(zf.read("release.json"))
        assert "geen opgegeven (previous_release.export" in zf.read("OUTPUTCONTROLE.md").decode()
    digest = hashlib.sha256(previous.read_bytes()).hexdigest()
    with zipfile.ZipFile(b) as zf:
        assert json.loads(zf.read("release.json"))["previous_release"] == {
            "manifest_sha256": digest
        }
        assert f"manifest.json met sha256 {digest}" in zf.read("OUTPUTCONTROLE.md").decode()


def test_outputcontrole_describes_the_dashboard_factsheets_and_aggregate_tables():
    """The CBS checker reads what each released file holds: the dashboard (which carries the
    measures' rows), each wijk's factsheet and the tables of organisations and CBS's public
    figures were 'vrijgegeven bestand, -' (a new user, U4)."""
    for rel in ("dashboard.html", "factsheets/overvecht.html", "kerncijfers/kerncijfers.csv",
                "kerncijfers/inwoners.csv", "organisaties/cijfers.csv",
                "organisaties/indicatoren.csv"):  # fmt: skip
        what, level = bundle.describe(rel)
        assert what != "vrijgegeven bestand" and level != "-", rel
    assert "maatentabellen" in bundle.describe("dashboard.html")[0]
    assert "openbare cijfers" in bundle.describe("kerncijfers/kerncijfers.csv")[0]
    assert "basisregistratie" in bundle.describe("kerncijfers/inwoners.csv")[0]
    # a file of the same name elsewhere keeps its own description
    assert bundle.describe("kopp/cijfers.csv")[0] == "vrijgegeven bestand"
    assert "elk cijfer" in bundle.describe("changes.csv")[0]
