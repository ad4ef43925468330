"""Comparing two releases, per measure."""

import pandas as pd

from wijkzicht.release.changes import compare
from wijkzicht.themes.table import COLUMNS


def _rows(spec):
    rows = []
    for code, value, status in spec:
        r = dict.fromkeys(COLUMNS, "")
        r.update(theme="t", measure="t.aandeel", definition="d", year=2023, area_level="wijk",
                 area_code=code, group="totaal", group_value="totaal", method="wilson",
                 value=value, status=status)  # fmt: skip
        rows.append(r)
    return pd.DataFrame(rows)


def test_compare_counts_each_kind_of_change():
    old = _rows([("W1", 0.1, "ok"), ("W2", 0.2, "ok"), ("W3", 0.3, "ok"), ("W4", None, "suppressed_primary"),
                 ("W5", 0.5, "ok")])  # fmt: skip
    new = _rows([("W1", 0.1, "ok"), ("W2", 0.25, "ok"), ("W3", None, "suppressed_primary"), ("W4", 0.4, "ok"),
                 ("W6", 0.6, "ok")])  # fmt: skip
    got = compare(old, new).iloc[0].to_dict()
    assert got == {"theme": "t", "measure": "t.aandeel", "rows_added": 1, "rows_new_year": 0,
                   "trends_extended": 0, "rows_removed": 1,
                   "rows_changed": 1, "newly_suppressed": 1, "newly_published": 1, "rows_same": 1}  # fmt: skip


def test_tolerance():
    old, new = _rows([("W1", 0.1, "ok")]), _rows([("W1", 0.1 + 1e-12, "ok")])
    assert compare(old, new)["rows_changed"].iloc[0] == 0
    assert compare(old, new, tolerance=0)["rows_changed"].iloc[0] == 1


def test_the_command_refuses_a_folder_without_measures(tmp_path, capsys):
    # a typo (the run's folder instead of its export) said every figure was new, exit 0
    from wijkzicht.release.changes import main

    release = tmp_path / "export"
    (release / "kopp").mkdir(parents=True)
    pd.DataFrame(columns=COLUMNS).to_csv(release / "kopp/measures.csv", index=False)
    assert main([str(tmp_path), str(release)]) == 2
    assert "previous: no <theme>/measures.csv in" in capsys.readouterr().err
    assert main([str(release), str(release)]) == 0


def test_organisation_figures_and_the_register_check_are_compared_too(tmp_path):
    # a new source (a partner's figures) changed nothing in changes.csv: only */measures.csv
    # was read (a new user, U3)
    from wijkzicht.release.changes import compare_dirs

    def release(root, value):
        for rel, theme, measure in (
            ("kopp/measures.csv", "kopp", "t.aandeel"),
            ("organisaties/cijfers.csv", "organisaties", "jgz.caseload"),
            ("kerncijfers/inwoners.csv", "kerncijfers", "inwoners"),
        ):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            _rows([("W1", value, "ok")]).assign(theme=theme, measure=measure).to_csv(
                root / rel, index=False
            )
        return root

    got = compare_dirs(release(tmp_path / "a", 0.1), release(tmp_path / "b", 0.2))
    assert sorted(got["measure"]) == ["inwoners", "jgz.caseload", "t.aandeel"]
    assert (got["change"] == "changed").all()
