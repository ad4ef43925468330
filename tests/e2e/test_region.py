"""A GGD region in one run (config `gemeenten`, README "A GGD region in one run").

Two small workflow runs with the same seed and world size: the region [GM0344, GM0356] in one
run, with 2,000 persons living elsewhere, and the single run of GM0344 with nobody elsewhere,
limited to the tables compared. The region world holds GM0344's single world unchanged
(synth.region), no unkeyed registrations (Splink's training would see the other gemeente's
persons too), so GM0344's published tables must be the same bytes in both runs: they depend
neither on the other gemeente nor on the rest of the country in the national tables. Also: GM0356 has its own complete export, the national rules ran once, and
the region overview holds each gemeente's own published headline rows.
"""

import io
import json
import posixpath
import re
import zipfile
from html.parser import HTMLParser

import pandas as pd
import pytest
from worlds import REPO, snakemake

from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.inputs.reference import read_geography
from wijkzicht.themes.table import KEY

REGION = ["GM0344", "GM0356"]
THEMES = ["kopp", "migratie", "nieuwkomers"]
# per theme the figure the reports lead with (measure, method), written here apart from
# outputs.catalogue.MAIN
HEADLINE = {
    "kopp": ("kopp.aandeel", "wilson"),
    "migratie": ("migratie.ggz", "direct_std_gamma"),
    "nieuwkomers": ("nieuwkomers.aandeel", "wilson"),
}
SMALL = {
    "years": [2022, 2023],
    "survey_waves": [2022],
    "synthetic": {
        "n_residents": 6000, "seed": 11, "format": "csv", "unkeyed": [], "n_elsewhere": 2000,
    },
    "small_area": {"bootstrap": 40},
}  # fmt: skip
# the released tables compared byte for byte: every CSV of every theme folder, and the partners'
# and Kerncijfers tables (not the linkage tables, the manifest or the release)
COMPARED = [*THEMES, "organisaties", "kerncijfers"]
JOB_STATS = re.compile(r"^(\S+)\s+(\d+)$", re.M)


def _jobs(stderr: str) -> dict[str, int]:
    """The job counts per rule of Snakemake's 'Job stats' table."""
    stats = stderr.split("Job stats:", 1)[1].split("total", 1)[0]
    return {rule: int(n) for rule, n in JOB_STATS.findall(stats)}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    region = tmp_path_factory.mktemp("region")
    run = snakemake(region, {**SMALL, "gemeenten": REGION})
    assert run.returncode == 0, run.stderr[-5000:]
    own = region / "results/export/GM0344"
    tables = sorted(
        p.relative_to(own).as_posix() for d in COMPARED for p in (own / d).glob("*.csv")
    )
    single = tmp_path_factory.mktemp("single")
    targets = [f"results/export/{t}" for t in tables]
    # nobody elsewhere in the single run: the same bytes then also show that GM0344's tables do
    # not depend on the rest of the country (the persons elsewhere and GM0356's) in the
    # national tables, which the narrowed tables rely on (issue 14)
    alone = {**SMALL["synthetic"], "n_elsewhere": 0}
    one = snakemake(single, {**SMALL, "gemeente": "GM0344", "synthetic": alone}, *targets)
    assert one.returncode == 0, one.stderr[-5000:]
    return region, single, tables, run.stderr


# the registry measures of migratie with an age-sex standardised figure (direct_std_gamma) and
# a trend of it (trend_wls): in a region run their standard is the adults of all its gemeenten
STANDARDISED = ("migratie.ggz", "migratie.psychofarmaca")
KEPT = ["measure", "definition", "year", "area_code", "group", "group_value", "n_numerator",
        "n_denominator", "status", "wijk", "indicator", "comparison", "test"]  # fmt: skip


def _standardised(df: pd.DataFrame) -> pd.Series | None:
    """The rows of a released table that hold or come from a standardised figure (a measures,
    figure or verschillen table by its method, the wijk profile by its indicator); None for a
    table made from all of them together (the similar wijken)."""
    if "method" in df.columns:
        measure, method = df["measure"], df["method"]
    elif "indicator" in df.columns:
        parts = df["indicator"].str.split(":", expand=True)
        measure, method = parts[0], parts[2]
    else:
        return None
    return (method == "direct_std_gamma") | ((method == "trend_wls") & measure.isin(STANDARDISED))


@pytest.mark.e2e
def test_gemeente_tables_same_bytes_as_its_single_run(runs):
    """The same bytes, but for the age-sex standardised figures: in the region run their
    standard population is the adults of both gemeenten, in the single run GM0344's own. Their
    rows keep their keys, counts and status; the tables that hold them are the same without
    them; the similar wijken (made from every figure together) keep their wijken."""
    region, single, tables, _ = runs
    assert len(tables) > 30  # every theme's measures, figures, maps, persona's, comparisons
    for theme in THEMES:
        assert f"{theme}/measures.csv" in tables
    differ = [
        t
        for t in tables
        if (region / "results/export/GM0344" / t).read_bytes()
        != (single / "results/export" / t).read_bytes()
    ]
    assert "migratie/measures.csv" in differ  # another standard: other standardised figures
    for t in differ:
        assert t.startswith("migratie/"), t
        both = [
            pd.read_csv(root / t, dtype=str, keep_default_na=False)
            for root in (region / "results/export/GM0344", single / "results/export")
        ]
        assert list(both[0].columns) == list(both[1].columns) and len(both[0]) == len(both[1]), t
        std = [_standardised(df) for df in both]
        if std[0] is None:
            assert both[0]["wijk"].equals(both[1]["wijk"]), t
            continue
        assert std[0].equals(std[1]) and std[0].any(), t
        rest = [df[~s].reset_index(drop=True) for df, s in zip(both, std, strict=True)]
        pd.testing.assert_frame_equal(*rest, obj=t)
        same = [c for c in KEPT if c in both[0].columns]
        rows = [df.loc[s, same].reset_index(drop=True) for df, s in zip(both, std, strict=True)]
        pd.testing.assert_frame_equal(*rows, obj=t)


@pytest.mark.e2e
def test_both_gemeenten_standardise_to_the_adults_of_the_region(runs):
    """Every migratie job of both gemeenten read the one standard file of the region (rule
    migratie_standard, made once): the adults of both gemeenten together in the first year, by
    age band and sex, the same persons as their migratie jobs' adults of that year."""
    region, _, _, stderr = runs
    jobs = _jobs(stderr)
    assert jobs["GM0344_migratie_standard"] == 1 and "GM0356_migratie_standard" not in jobs
    internal = region / "results/internal"
    standard = "results/internal/regio/migratie/standard2022.parquet"
    for gm in REGION:
        for year in SMALL["years"]:
            log = (internal / gm / f"logs/migratie{year}.log").read_text(encoding="utf-8")
            assert f"standard population: {standard} (the region's adults)" in log, (gm, year)
    cells = pd.read_parquet(region / standard)
    adults = pd.concat(
        pd.read_parquet(internal / gm / "migratie/adults2022.parquet") for gm in REGION
    )
    adults = adults[adults["geslacht"].isin(["man", "vrouw"])]
    counted = adults.groupby(["leeftijd", "geslacht"]).size()
    assert cells.set_index(["leeftijd", "geslacht"])["persons"].to_dict() == counted.to_dict()
    assert int(cells["persons"].sum()) == len(adults) > 1000
    # the pages name that standard: the adults of both gemeenten together
    for gm in REGION:
        for page in ("dashboard.html", "migratie/rapport.html"):
            text = (region / "results/export" / gm / page).read_text(encoding="utf-8")
            assert "volwassenen van de gemeenten Utrecht en Nieuwegein samen in 2022" in text
            # one standard for both: the gemeenten compare fairly, said beside the figure
            assert "jaren en de gemeenten van de regio eerlijk te vergelijken" in text
            assert "volwassenen in Utrecht in" not in text
            assert "volwassenen in Nieuwegein in" not in text


@pytest.mark.e2e
def test_second_gemeente_has_its_own_complete_export(runs):
    region, _, _, _ = runs
    first, second = (region / "results/export" / gm for gm in REGION)
    files = {gm: {p.relative_to(region / "results/export" / gm).as_posix()
                  for p in (region / "results/export" / gm).rglob("*") if p.is_file()}
             for gm in REGION}  # fmt: skip
    # the same files apart from the factsheets, named after each gemeente's own wijken
    assert {f for f in files["GM0356"] if not f.startswith("factsheets/")} == {
        f for f in files["GM0344"] if not f.startswith("factsheets/")
    }
    geo = read_geography(REPO / "config/reference/geography.csv", "GM0356")
    assert (
        len([f for f in files["GM0356"] if f.startswith("factsheets/")])
        == geo["wijk_code"].nunique()
    )
    for theme in THEMES:
        m = read_measures_csv(second / theme / "measures.csv")
        wijken = set(m.loc[m["area_level"] == "wijk", "area_code"])
        assert wijken and wijken <= set(geo["wijk_code"])  # only GM0356's own wijken
        assert set(m.loc[m["area_level"] == "gemeente", "area_code"]) == {"GM0356"}
        assert (second / theme / "rapport.pdf").stat().st_size > 0
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["gemeente"] == "GM0356"
    assert (region / "results/release/GM0356/wijkzicht-release.zip").exists()
    assert (
        (region / "results/internal/GM0356/export_gate.txt")
        .read_text()
        .startswith("export gate passed")
    )
    assert "GM0356" in (second / "dashboard.html").read_text(encoding="utf-8")
    assert first != second


@pytest.mark.e2e
def test_national_rules_ran_once(runs):
    region, single, _, stderr = runs
    jobs = _jobs(stderr)
    # and the national tables of each year narrowed once to the whole region's reach
    national = (
        "synthetic_world",
        "ingest",
        "ingest_year",
        "ingest_wave",
        "ingest_wide",
        "narrow_region",
        "narrow_region_first",
        # how every source links: counted once for both gemeenten
        "linkage_counts",
    )
    for rule in national:
        assert jobs.get(f"GM0344_{rule}", 0) >= 1, rule
        assert f"GM0356_{rule}" not in jobs, rule
    # one job per year: the first year's (no year before it) is rule narrow_region_first
    assert jobs["GM0344_narrow_region"] == len(SMALL["years"]) - 1
    # per gemeente: its own analysis, its own narrowing (of the region's copies)
    for gm in REGION:
        assert jobs[f"{gm}_narrow"] + jobs[f"{gm}_narrow_first"] == len(SMALL["years"])
        assert jobs[f"{gm}_export_measures"] == len(THEMES)
        assert jobs[f"{gm}_inputs_checked"] == 1
    internal = region / "results/internal"
    for table in TABLES:
        assert (internal / "synthetic" / table).is_dir(), table
        for gm in REGION:
            assert not (internal / gm / "synthetic" / table).exists(), (gm, table)
    assert list((internal / "validated").glob("*.parquet"))
    # the national tables hold both gemeenten and the persons elsewhere; the single run's
    # persons are among them, unchanged
    persons = "synthetic/GBAPERSOONTAB/GBAPERSOONTAB.csv"
    both = pd.read_csv(internal / persons, dtype=str, keep_default_na=False)
    alone = pd.read_csv(single / "results/internal" / persons, dtype=str, keep_default_na=False)
    assert len(both) >= len(alone) + SMALL["synthetic"]["n_elsewhere"] + 1000
    assert len(alone.merge(both, how="inner")) == len(alone)
    for gm in REGION:
        assert not list((internal / gm / "validated").rglob("*.parquet")), gm


@pytest.mark.e2e
def test_linkage_tables_share_the_national_counts(runs):
    """Each gemeente's linkage table (from the one linkage_counts job): a source's national
    figures the same in both, the share of rows of the gemeente's own residents its own."""
    region, _, _, _ = runs
    tables = {
        gm: pd.read_csv(region / f"results/export/{gm}/linkage/linkage.csv", dtype=str,
                        keep_default_na=False).set_index(["source", "year"])
        for gm in REGION
    }  # fmt: skip
    first, second = tables.values()
    assert first.index.equals(second.index) and len(first) > 10
    # the survey wave's rows are each gemeente's own respondents; the other sources national
    national = first.index.get_level_values("source") != "GEZOMONITOR"
    for column in ("n_rows", "share_linkable", "share_in_gba", "share_kenmerk_unlinked"):
        assert first.loc[national, column].equals(second.loc[national, column]), column
    persons = ("GBAPERSOONTAB", "")
    assert first.loc[persons, "share_resident"] != second.loc[persons, "share_resident"]
    # the register's rows of residents of any year: the register's persons among each
    # gemeente's residents of the years (one row per person in GBAPERSOONTAB)
    key = ["RINPERSOONS", "RINPERSOON"]
    register = pd.read_parquet(region / "results/internal/validated/GBAPERSOONTAB.parquet")
    for gm, table in tables.items():
        ever = pd.concat(
            pd.read_parquet(region / f"results/internal/{gm}/base/residents{y}.parquet")
            for y in SMALL["years"]
        )[key].drop_duplicates()
        n_resident = len(register[key].merge(ever[ever["RINPERSOONS"] == "R"]))
        n = int(table.loc[persons, "n_rows"])
        assert n == len(register)
        assert float(table.loc[persons, "share_resident"]) == round(n_resident / n, 4), gm


@pytest.mark.e2e
def test_overview_holds_each_gemeentes_own_headline_rows(runs):
    region, _, _, _ = runs
    overview = read_measures_csv(region / "results/export/regio/overzicht.csv")
    assert list(dict.fromkeys(overview["area_code"])) == REGION
    for gm in REGION:
        for theme in THEMES:
            measure, method = HEADLINE[theme]
            rows = overview[(overview["area_code"] == gm) & (overview["theme"] == theme)
                            & (overview["measure"] == measure) & (overview["method"] == method)]  # fmt: skip
            # every year of the headline series (its trend row and the survey's beside it, U9
            # finding 7); the latest year's is the page's figure
            rows = rows[rows["year"] == rows["year"].max()]
            assert len(rows) == 1, (gm, theme)
            row = rows.iloc[0]
            assert (row["measure"], row["method"], row["group"], row["area_level"]) == (
                measure, method, "totaal", "gemeente",
            )  # fmt: skip
            own = read_measures_csv(region / "results/export" / gm / theme / "measures.csv")
            same = own[(own[KEY].astype(str) == row[KEY].astype(str)).all(axis=1)]
            assert len(same) == 1, (gm, theme)
            pd.testing.assert_series_equal(same.iloc[0][overview.columns], row, check_names=False)
            assert row["year"] == own.loc[own["measure"] == measure, "year"].max()
    page = (region / "results/export/regio/overzicht.html").read_text(encoding="utf-8")
    names = read_geography(REPO / "config/reference/geography.csv")
    for gm in REGION:
        name = names.loc[names["gemeente_code"] == gm, "gemeente_name"].iloc[0]
        assert f'<a href="../{gm}/dashboard.html">{name}</a>' in page
    assert "Bron:" in page
    gate = region / "results/internal/regio/export_gate.txt"
    assert gate.read_text().startswith("export gate passed")


@pytest.mark.e2e
def test_dashboards_link_the_overview_and_the_survey_quality_counts_own_respondents(runs):
    """Each gemeente's dashboard links to its copy of the region overview; its source-quality table
    counts the survey over its own respondents (those sampled in its wijken), the region's whole
    file beside them; counted here from the synthetic file and the geography."""
    region, _, _, _ = runs
    export = region / "results/export"
    survey = pd.read_csv(
        region / "results/internal/synthetic/GEZOMONITOR/GEZOMONITOR2022.csv",
        sep=";", dtype=str, keep_default_na=False,
    )  # fmt: skip
    geo = read_geography(REPO / "config/reference/geography.csv")
    for gm in REGION:
        page = (export / gm / "dashboard.html").read_text(encoding="utf-8")
        href = re.search(r'<nav class="back"><a href="([^"]+)">', page)[1]
        # its own copy of the overview, in its own folder (and so in its release)
        assert (export / gm / href).resolve() == (export / gm / "regio/overzicht.html").resolve()
        assert "Vergelijk met de andere gemeenten van de regio" in page
        strata = {w[2:] for w in geo.loc[geo["gemeente_code"] == gm, "wijk_code"]}
        own = survey["STRATUM"].isin(strata).sum()
        assert 0 < own < len(survey), gm
        q = pd.read_csv(export / gm / "linkage/bronkwaliteit.csv", keep_default_na=False)
        q = q[(q["source"] == "GEZOMONITOR") & (q["year"].astype(str) == "2022")].set_index(
            "measure"
        )
        assert (int(q.loc["n_rows", "value"]), int(q.loc["n_rows_file", "value"])) == (
            own, len(survey),
        )  # fmt: skip


class _Links(HTMLParser):
    """The URLs of a page's links and embedded files (href, src), not those in its scripts."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [v for k, v in attrs if k in ("href", "src") and v]


def _relative(url: str) -> str | None:
    """The file a relative link points to (without #fragment or ?query); None for a link
    within the page or to elsewhere (a scheme: https:, data:, mailto:)."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    return None if not path or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", url) else path


@pytest.mark.e2e
def test_each_gemeentes_release_works_alone(runs):
    """A gemeente shares its release zip alone: every relative link of every page in it (the
    dashboard, the reports, the factsheets, the region overview) resolves to a file in the zip.
    The dashboard's link to the region overview is among them: the release holds the gemeente's
    copy (regio/), the region's headline rows unchanged, only its own dashboard linked, the same
    bytes as in its export folder and its manifest."""
    region, _, _, _ = runs
    overview = (region / "results/export/regio/overzicht.csv").read_bytes()
    for gm in REGION:
        export = region / "results/export" / gm
        with zipfile.ZipFile(region / f"results/release/{gm}/wijkzicht-release.zip") as zf:
            names = set(zf.namelist())
            pages = sorted(n for n in names if n.endswith(".html"))
            assert {"dashboard.html", "regio/overzicht.html"} <= set(pages), gm
            assert len([p for p in pages if p.startswith("factsheets/")]) > 2, gm
            links = {}
            for page in pages:
                parser = _Links()
                parser.feed(zf.read(page).decode("utf-8"))
                for url in parser.urls:
                    if (path := _relative(url)) is not None:
                        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
                        links[(page, url)] = target
            dead = {k: t for k, t in links.items() if t not in names}
            assert not dead, (gm, dead)
            assert links[("dashboard.html", "regio/overzicht.html")] == "regio/overzicht.html"
            assert links[("regio/overzicht.html", "../dashboard.html")] == "dashboard.html"
            for rel in ("regio/overzicht.csv", "regio/overzicht.html"):
                assert zf.read(rel) == (export / rel).read_bytes(), (gm, rel)
            assert zf.read("regio/overzicht.csv") == overview, gm
            copy = zf.read("regio/overzicht.html").decode("utf-8")
            outputs = json.loads(zf.read("manifest.json"))["outputs"]
            release = json.loads(zf.read("release.json"))["files"]
        assert {"regio/overzicht.csv", "regio/overzicht.html"} <= set(outputs) & set(release)
        # every gemeente's row, only its own linked (the others' dashboards are not in the zip)
        # and marked as its own; its name in the title
        # the headline table: its header and the other gemeenten (the own row marked); the
        # sizes table below it has every gemeente
        headline = copy.split("</table>")[0]
        assert headline.count("<tr>") == len(REGION) and "De andere gemeenten" in copy
        # both tables mark the own row (G3): one marked row in each
        tables = copy.split("</table>")[:-1]
        assert [t.count('<tr class="own">') for t in tables] == [1] * len(tables) == [1, 1]
        assert "(uw gemeente)" in copy
        rows = pd.read_csv(io.BytesIO(overview))
        name = rows.loc[rows["area_code"] == gm, "area_name"].iloc[0]
        assert f"<h1>{name} en de andere gemeenten van de regio, " in copy, gm  # and its years
