"""The page jobs' speed changes (S2) keep what the jobs do and write.

- The factsheets and the dashboard import `figure_specs` and `maps` for words and hand-made
  SVG maps only: matplotlib is imported when a figure is first drawn (`figures.pyplot`), not
  with those modules (about 0.4 CPU s of each job on the default world).
- The export gate computes the reference group's counts of a measures table's ratio rows from
  one frame (`gate._implied_counts`) instead of one frame per row: the same counts, the same
  problems on the same lines.
- The export gate records the SHA-256 of each file it passed and the rules it checked by
  (`gate.check_and_record`); the bundle checks the members of the release zip with those bytes
  and type by name and type only (`gate.passed_contents`), everything else in full.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wijkzicht
from wijkzicht.disclosure import gate
from wijkzicht.disclosure.primary import reference_counts
from wijkzicht.statistics.ratios import ratio_katz

THRESHOLD = 10
# this checkout's package in the processes the tests start
SRC = str(Path(wijkzicht.__file__).parents[1])


def _python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_figure_and_map_modules_import_no_matplotlib():
    code = (
        "import sys\n"
        "import wijkzicht.outputs.figure_specs, wijkzicht.outputs.maps\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    assert _python(code).strip() == "[]"


def test_drawing_sets_the_backend_and_the_svg_ids_first():
    # in a fresh process: the first figure gets the Agg backend and the fixed SVG ids, so the
    # same figure gives the same bytes
    code = (
        "import io, matplotlib\n"
        "from wijkzicht.outputs import figures as f\n"
        "fig = f.pyplot().figure(figsize=(2, 1))\n"
        "fig.text(0.1, 0.5, 'wijk')\n"
        "a, b = io.BytesIO(), io.BytesIO()\n"
        "meta = {'Date': None}\n"
        "fig.savefig(a, format='svg', metadata=meta); fig.savefig(b, format='svg', metadata=meta)\n"
        "print(matplotlib.get_backend().lower(), matplotlib.rcParams['svg.hashsalt'],\n"
        "      a.getvalue() == b.getvalue())\n"
    )
    assert _python(code).split() == ["agg", "wijkzicht", "True"]


def _ratio_rows() -> list[dict[str, str]]:
    """Rows of a measures table as the gate reads them (text): Katz ratios of newcomers (x1 of
    n1) against residents (x0 of n0), one of whose residents' counts breaks the rule (4 of
    250), between share rows; one ratio without its se, one with its method padded."""
    rows = []
    cases = [(20, 100, 60, 900), (20, 100, 4, 250), (30, 400, 600, 5000), (12, 80, 30, 400)]
    for i, (x1, n1, x0, n0) in enumerate(cases):
        r, lo, hi, se = (float(v) for v in ratio_katz(x1, n1, x0, n0))
        base = {"measure": "nieuwkomers.concentratie", "definition": "ggz", "year": "2023",
                "area_code": f"WK03440{i + 1}", "group": "", "group_value": "", "numerator": "",
                "denominator": "", "n_numerator": str(x1), "n_denominator": str(n1),
                "ci_lower": f"{lo:.10g}", "ci_upper": f"{hi:.10g}", "status": "ok"}  # fmt: skip
        rows.append({**base, "method": "wilson", "value": "0.2", "se": "0.04"})
        rows.append({**base, "method": "ratio_katz", "value": f"{r:.10g}", "se": f"{se:.10g}"})
    rows[5]["se"] = ""  # no se: nothing follows
    rows[1]["method"] = " ratio_katz"  # not a method of KATZ_METHODS as primary reads it
    return rows


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_implied_counts_are_each_rows_own():
    rows = _ratio_rows()
    got = gate._implied_counts(rows)
    # the ratio rows (a method of KATZ_METHODS once stripped), each as its own frame gives it
    assert sorted(got) == [1, 3, 5, 7]
    for i, counts in got.items():
        np.testing.assert_array_equal(counts, reference_counts(pd.DataFrame([rows[i]]))[0])
    assert np.isnan(got[1]).all() and np.isnan(got[5]).all()
    assert got[3].tolist() == [4, 250] and got[7].tolist() == [30, 400]
    # a row without a column the counts need is left to the row's own frame
    short = [{k: v for k, v in rows[3].items() if k != "se"}, rows[3]]
    assert sorted(gate._implied_counts(short)) == [1]
    assert gate._implied_counts([]) == {}


@pytest.mark.parametrize("publish_zeros", [True, False])
def test_the_gate_finds_the_same_problems_as_row_by_row(publish_zeros):
    rows = _ratio_rows()
    text = _csv(rows)
    problems = gate.check_file("nieuwkomers/measures.csv", text.encode(), THRESHOLD,
                               publish_zeros=publish_zeros)  # fmt: skip
    # row by row, each ratio row's counts from a frame of its own (the gate before)
    by_row = []
    for line, row in enumerate(rows, start=2):
        by_row += gate._check_measures_row("nieuwkomers/measures.csv", line, row, THRESHOLD,
                                           publish_zeros)  # fmt: skip
    assert [str(p) for p in problems] == [str(p) for p in by_row]
    assert len(problems) == 1
    assert problems[0].line == 5 and "back (4 of 250)" in problems[0].message


# --- the bundle trusts the export gate's record for the same bytes by the same rules ---------

# clean as a text file (no 9-digit number), not as a measures table: 3 of 100 breaks the rule
SMALL_COUNT = "status,n_numerator,n_denominator\nok,3,100\n"
CLEAN_TABLE = "status,n_numerator,n_denominator\nok,30,100\nsuppressed,,\n"


def _gated(root: Path) -> str:
    (root / "kopp").mkdir(parents=True)
    (root / "kopp" / "measures.csv").write_text(CLEAN_TABLE)
    (root / "notes.txt").write_text(SMALL_COUNT)
    problems, record = gate.check_and_record(root, THRESHOLD)
    assert problems == []
    return record


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path


def test_the_gate_records_each_files_content_and_its_rules(tmp_path):
    record = _gated(tmp_path / "export")
    lines = record.splitlines()
    assert lines[0] == "export gate passed: 2 files checked"
    assert lines[1] == f"rules {gate.rules_key(THRESHOLD, gate.ALLOWED, True, None)}"
    digest = hashlib.sha256(CLEAN_TABLE.encode()).hexdigest()
    assert f"{digest}  kopp/measures.csv" in lines[2:]
    assert gate.passed_contents(record, THRESHOLD) == {
        ("csv", digest),
        ("txt", hashlib.sha256(SMALL_COUNT.encode()).hexdigest()),
    }
    # checked by other rules, or not a record of a passed export: nothing is trusted
    assert gate.passed_contents(record, THRESHOLD + 1) == frozenset()
    assert gate.passed_contents(record, THRESHOLD, publish_zeros=False) == frozenset()
    assert gate.passed_contents(record, THRESHOLD, model_rules={"min_residents": 50}) == frozenset()
    assert gate.passed_contents("export gate passed: 2 files checked\n", THRESHOLD) == frozenset()


def test_the_bundle_checks_again_only_what_the_gate_did_not_pass(tmp_path, monkeypatch):
    passed = gate.passed_contents(_gated(tmp_path / "export"), THRESHOLD)
    release = _zip(tmp_path / "release.zip", {
        "kopp/measures.csv": CLEAN_TABLE,  # the bytes the gate passed: names and type only
        "123456789.csv": CLEAN_TABLE,  # the same bytes under a name like a person key
        "notes.csv": SMALL_COUNT,  # bytes passed as text, now a table: checked as one
        "kopp/verschillen.csv": CLEAN_TABLE.replace("30", "4"),  # not gated: checked
        "release.json": '{"id": 123456782}',  # made by the bundle: checked
    })  # fmt: skip
    checked = []
    check_csv = gate._check_csv
    monkeypatch.setattr(gate, "_check_csv", lambda name, *a: checked.append(name) or check_csv(name, *a))  # fmt: skip
    problems = [str(p) for p in gate.check_export(release, THRESHOLD, passed=passed)]
    assert sorted(n.split("!")[1] for n in checked) == ["kopp/verschillen.csv", "notes.csv"]
    assert len(problems) == 4, problems
    assert (
        "release.zip!123456789.csv: the file name holds what looks like a person key" in problems[0]
    )
    assert "release.zip!notes.csv, line 2: status ok but" in problems[1]
    assert "release.zip!kopp/verschillen.csv, line 2: status ok but" in problems[2]
    assert "release.zip!release.json, line 1: holds what looks like a person key" in problems[3]
    # without the record every member is checked in full, with the same problems
    checked.clear()
    assert [str(p) for p in gate.check_export(release, THRESHOLD)] == problems
    assert len(checked) == 4
