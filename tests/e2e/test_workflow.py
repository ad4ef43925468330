"""The whole workflow on a small synthetic world, and on a user's own world in .sav."""

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from worlds import REPO, check_cited_numbers, snakemake

pytestmark = pytest.mark.e2e


def test_outputs_exist(small_world):
    from wijkzicht.outputs.figure_specs import FIGURES

    wd, _ = small_world
    figures = [
        f"results/export/{t}/{n}.{e}"
        for t, names in FIGURES.items()
        for n in names
        for e in ("png", "svg")
    ]
    for f in [
        *figures,
        "results/export/kopp/measures.csv",
        "results/export/kopp/kopp_aandeel_wijk.png",
        "results/export/kopp/kopp_aandeel_wijk.svg",
        "results/export/linkage/linkage.csv",
        "results/internal/measures/kopp.parquet",
        "results/export/manifest.json",
        "results/internal/export_gate.txt",
        "results/release/wijkzicht-release.zip",
        "results/export/wijkzicht.xlsx",
    ]:
        assert (wd / f).stat().st_size > 0, f


def test_second_run_has_nothing_to_do(small_world):
    wd, overrides = small_world
    run = snakemake(wd, overrides, "--dry-run")
    assert run.returncode == 0
    assert "Nothing to be done" in run.stdout + run.stderr


def test_export_matches_internal_and_is_suppressed(small_world):
    wd, _ = small_world
    internal = pd.read_parquet(wd / "results/internal/measures/kopp.parquet")
    export = pd.read_csv(wd / "results/export/kopp/measures.csv", keep_default_na=False)
    assert len(export) == len(internal)
    assert (export["status"] != "ok").any() and (export["status"] == "ok").any()
    ok = export[(export["status"] == "ok") & (export["n_denominator"] != "")]
    n = ok["n_denominator"].astype(int)
    x = ok["n_numerator"].astype(int)
    for a in (x, n, n - x):
        assert not ((a >= 1) & (a <= 9)).any()
    hidden = export[export["status"] != "ok"]
    assert (hidden[["numerator", "n_numerator", "value", "ci_lower"]] == "").all().all()
    # one status for every suppressed row (Z11 LEAK 3); the internal status keeps which is which
    assert set(export["status"]) == {"ok", "suppressed"}
    status = pd.read_parquet(wd / "results/internal/disclosure/kopp_status.parquet")["status"]
    assert {"suppressed_primary", "suppressed_secondary"} <= set(status)
    assert (status.ne("ok").to_numpy() == export["status"].ne("ok").to_numpy()).all()
    # kopp.aandeel: 2 years x 4 definitions x (11 areas x 4 group values + 56 buurten x totaal)
    assert (
        (export["measure"] == "kopp.aandeel") & (export["method"] == "wilson")
    ).sum() == 2 * 4 * (11 * 4 + 56)


def _wijk_minus_siblings(rows: pd.DataFrame, threshold: int) -> list[str]:
    """The buurt rows of one published wijk row (one block): an attacker who knows the wijk row,
    the published buurten and that hidden counts are >= 0 with numerator <= denominator.
    Returns the sensitive counts of primary buurten narrower than `threshold` (an LP per count,
    written here apart from disclosure/audit.py)."""
    from scipy.optimize import linprog

    wijk = rows[rows["area_level"] == "wijk"].iloc[0]
    b = rows[rows["area_level"] == "buurt"]
    hidden = b[b["status"] != "ok"]
    if hidden.empty:
        return []
    shown = b[b["status"] == "ok"]
    rest = [wijk[c] - shown[c].sum() for c in ("n_numerator", "n_denominator")]
    k = len(hidden)
    a_eq = np.zeros((2, 2 * k))
    a_eq[0, 0::2] = 1
    a_eq[1, 1::2] = 1
    a_ub = np.zeros((k, 2 * k))
    a_ub[np.arange(k), 2 * np.arange(k)] = 1
    a_ub[np.arange(k), 2 * np.arange(k) + 1] = -1
    bad = []
    for i, (_, r) in enumerate(hidden.iterrows()):
        if r["status"] != "suppressed_primary":
            continue
        x, n = r["n_numerator"], r["n_denominator"]
        for name, coefs, value in (
            ("num", (1, 0), x),
            ("den", (0, 1), n),
            ("rest", (-1, 1), n - x),
        ):
            if not 1 <= value <= threshold - 1:
                continue
            c = np.zeros(2 * k)
            c[2 * i : 2 * i + 2] = coefs
            ends = []
            for sign in (1, -1):
                res = linprog(sign * c, A_ub=a_ub, b_ub=np.zeros(k), A_eq=a_eq, b_eq=rest,
                              bounds=(0, None), method="highs")  # fmt: skip
                ends.append(sign * res.fun)
            if ends[1] - ends[0] < threshold - 1e-6:
                bad.append(f"{r['area_code']} {r['definition']} {r['year']} {name}")
    return bad


def _model_rows_hide_no_small_rest(model: pd.DataFrame, parents: dict, threshold: int) -> None:
    """Model estimates (`disclosure.model_estimates`): per wijk, the respondents and the residents
    of its withheld buurten add up to 0 or at least `threshold`, so a published wijk minus its
    published buurten gives no small count away."""
    for key, rows in model.groupby(["measure", "year"]):
        for w in rows.loc[rows["area_level"] == "wijk", "area_code"]:
            kids = rows[(rows["area_level"] == "buurt") & (rows["area_code"].map(parents) == w)]
            withheld = kids[kids["status"] != "ok"]
            for col in ("n_denominator", "denominator"):
                rest = withheld[col].sum()
                assert rest == 0 or rest >= threshold, (key, w, col, rest)


def test_buurt_rows_are_protected_by_the_hierarchy(small_world):
    """Buurt rows of the registry measures (totaal only, every buurt of the reference) pass the
    LP audit with the buurt -> wijk -> gemeente relations: the audit of the run holds every
    suppressed buurt count and passes, an exact audit again passes, and no suppressed buurt
    is narrower than the threshold from its published wijk minus its published siblings."""
    from wijkzicht.disclosure.audit import audit_measures
    from wijkzicht.disclosure.control import parents_from_geography
    from wijkzicht.inputs.reference import read_geography

    wd, _ = small_world
    geo = read_geography(REPO / "config/reference/geography.csv", "GM0344")
    parents = parents_from_geography(geo)
    for theme in ("kopp", "migratie", "nieuwkomers"):
        everything = pd.read_parquet(wd / f"results/internal/disclosure/{theme}_status.parquet")
        audit = pd.read_parquet(wd / f"results/internal/disclosure/{theme}_audit.parquet")
        # model estimates have no numerator: their own rule protects them (below), not the LP
        model = everything["method"] == "modelschatting"
        _model_rows_hide_no_small_rest(everything[model], parents, 10)
        status = everything[~model]
        buurt = status[status["area_level"] == "buurt"]
        assert set(buurt["group"]) == {"totaal"}, theme
        assert set(buurt["area_code"]) == set(geo["buurt_code"]), theme
        hidden = buurt[(buurt["status"] != "ok") & buurt["n_denominator"].notna()]
        assert audit["protected"].all(), theme
        assert set(hidden.index) <= set(audit["row"].dropna()), theme
        exact = audit_measures(status, 10, parents=parents, exact=True)
        assert exact["protected"].all(), theme
        counted = status[status["n_denominator"].notna() & (status["group"] == "totaal")]
        blocks = ["measure", "definition", "year", "method"]
        for key, rows in counted.groupby(blocks):
            for w, wrows in rows[rows["area_level"] == "wijk"].groupby("area_code"):
                if wrows["status"].iloc[0] != "ok":
                    continue
                kids = rows[(rows["area_level"] == "buurt")
                            & (rows["area_code"].map(parents) == w)]  # fmt: skip
                assert not _wijk_minus_siblings(pd.concat([wrows, kids]), 10), (theme, key, w)
    # the export holds the buurt rows too, suppressed ones blank
    export = pd.read_csv(wd / "results/export/kopp/measures.csv", keep_default_na=False)
    b = export[export["area_level"] == "buurt"]
    assert len(b) and (b.loc[b["status"] != "ok", "value"] == "").all()


def test_no_person_keys_leave(small_world):
    """No exported table has a person or address key as a column or in its values, and no figure
    names one. Only the source-quality table names the key columns, in its `column` field (the
    share of rows where that column is filled in): metadata about the extract, not a key."""
    wd, _ = small_world
    keys = ("RINPERSOON", "RINOBJECTNUMMER")
    for f in (wd / "results/export").rglob("*"):
        if f.suffix == ".csv":
            t = pd.read_csv(f, dtype=str, keep_default_na=False)
            assert not [c for c in t.columns if any(k in c.upper() for k in keys)], f
            if f.name == "bronkwaliteit.csv":
                assert set(t.loc[t["column"].str.contains("RIN"), "measure"]) == {"share_complete"}
                t = t.drop(columns="column")
            assert not t.apply(lambda s: s.str.contains("|".join(keys))).any().any(), f
        elif f.suffix == ".svg":
            text = f.read_text(encoding="utf-8")
            assert "RINPERSOON" not in text and "RINOBJECTNUMMER" not in text, f


def test_report(small_world):
    wd, overrides = small_world
    run = snakemake(wd, overrides, "--report", str(wd / "results/report.html"))
    assert run.returncode == 0, run.stderr[-3000:]
    html = (wd / "results/report.html").read_text(encoding="utf-8")
    assert len(html) > 10_000
    # every caption renders: docutils warns of a broken one (e.g. an empty ``{{ wildcard }}``)
    assert "(WARNING/" not in run.stderr and "(ERROR/" not in run.stderr, run.stderr[-3000:]
    # ... and names its theme (a caption of a rule without that wildcard left it empty)
    assert not re.search(r"van het thema(\s|\\n)*[(,:]", html)
    assert re.search(r"Figuur van het thema kopp ", html)


def test_bad_input_stops_with_a_clear_message(tmp_path):
    from wijkzicht.inputs.reference import read_countries, read_geography
    from wijkzicht.synth import generate_world, write_world

    tables = generate_world(
        seed=3, n_residents=500, years=[2021, 2022], survey_waves=[],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    tables["GBAPERSOONTAB"].loc[4, "GBAGESLACHT"] = "X"
    write_world(tables, tmp_path / "data", "sav")
    run = snakemake(tmp_path, {"years": [2021, 2022], "survey_waves": [],
                               "data": {"root": str(tmp_path / "data"), "format": "sav"}})  # fmt: skip
    assert run.returncode != 0
    out = run.stdout + run.stderr
    assert "Input table GBAPERSOONTAB" in out and "column GBAGESLACHT: 1 row(s)" in out
    assert "data row 5: 'X'" in out
    assert not (tmp_path / "results/internal/validated/GBAPERSOONTAB.parquet").exists()


def test_gate_refuses_and_removes_a_leaked_file(small_world):
    wd, overrides = small_world
    leak = wd / "results/export/kopp/personen.csv"
    leak.write_text("RINPERSOON,wijk\n012345678,WK034401\n")
    run = snakemake(wd, overrides, "--forcerun", "export_gate")
    assert run.returncode != 0
    out = run.stdout + run.stderr
    assert "export refused" in out and "personen.csv" in out
    assert not leak.exists() and (wd / "results/internal/quarantine/kopp/personen.csv").exists()
    # the release itself is untouched and passes again
    assert snakemake(wd, overrides, "--forcerun", "export_gate").returncode == 0


def test_verify_names_a_changed_byte(small_world):
    wd, _ = small_world
    cmd = [
        sys.executable,
        "-m",
        "wijkzicht.release.manifest",
        "verify",
        "results/export/manifest.json",
    ]
    ok = subprocess.run(cmd, cwd=wd, capture_output=True, text=True)
    assert ok.returncode == 0 and "match" in ok.stdout
    target = wd / "results/export/linkage/linkage.csv"
    original = target.read_bytes()
    target.write_bytes(original[:-2] + bytes([original[-2] ^ 1]) + original[-1:])
    bad = subprocess.run(cmd, cwd=wd, capture_output=True, text=True)
    target.write_bytes(original)
    assert (
        bad.returncode == 1
        and "output differs" in bad.stdout
        and "linkage/linkage.csv" in bad.stdout
    )


def test_every_number_in_the_reports_is_the_number_in_the_table(small_world):
    wd, _ = small_world
    assert check_cited_numbers(wd / "results/export", "nl") > 100
