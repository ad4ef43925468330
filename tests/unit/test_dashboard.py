"""The dashboard page: inlined data and libraries, no network, passes the export gate; its data
are the exported rows (trend rows left out, suppressed and empty values null, never zero, each
with its own word), with labels instead of codes, the table view as the reader sees it, the
verdicts of verschillen.csv and the similar wijken in words."""

import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest
from worlds import ALL_DEFINITIONS, REPO, TECHNICAL, check_dashboard, config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import read_measures_csv, write_csv, write_measures_csv
from wijkzicht.disclosure.gate import PERSON_KEY, check_file
from wijkzicht.outputs import dashboard
from wijkzicht.outputs.dashboard import FIELDS
from wijkzicht.outputs.findings import findings
from wijkzicht.outputs.format import MODEL_BUURT, interval, number, pct, trend_rule
from wijkzicht.outputs.similar_wijken import alike_cell, alike_words
from wijkzicht.themes.table import COLUMNS

WIJKEN = [("GM0344", "Utrecht", "gemeente"), ("WK034401", "West", "wijk"),
          ("WK034402", "Noordwest", "wijk"), ("WK034403", "Overvecht", "wijk")]  # fmt: skip
# the values per area: Overvecht far above the rest of the municipality, West below
SHARES = {
    "GM0344": (3000, 12000),
    "WK034401": (300, 2000),
    "WK034402": (500, 2000),
    "WK034403": (1200, 3000),
}


def _row(theme, measure, definition, year, area, group="totaal", value="totaal", method="wilson", num=None, den=None):  # fmt: skip
    code, name, level = area
    x, n = SHARES[code] if num is None else (num, den)
    p = x / n if n else np.nan
    return {
        "theme": theme, "measure": measure, "definition": definition, "year": year, "area_level": level,
        "area_code": code, "area_name": name, "group": group, "group_value": value, "method": method,
        "numerator": float(x), "denominator": float(n), "n_numerator": x, "n_denominator": n, "value": p,
        "ci_lower": p - 0.01 if n else np.nan, "ci_upper": p + 0.01 if n else np.nan, "se": 0.005 if n else np.nan,
        "status": "ok",
    }  # fmt: skip


def _measures(
    theme: str, measure: str, definition: str, group: str, values: list[str]
) -> pd.DataFrame:
    rows = []
    for year in (2022, 2023):
        for area in WIJKEN:
            rows.append(_row(theme, measure, definition, year, area))
            for v in values:
                rows.append(_row(theme, measure, definition, year, area, group, v, num=40, den=200))
    df = pd.DataFrame(rows)
    # Noordwest 2023 suppressed; an empty group (nobody in it) in West 2023
    hidden = (df["area_code"] == "WK034402") & (df["year"] == 2023) & (df["group"] == "totaal")
    df.loc[hidden, "status"] = "suppressed_secondary"
    empty = (
        (df["area_code"] == "WK034401") & (df["year"] == 2023) & (df["group_value"] == values[0])
    )
    df.loc[empty, ["numerator", "denominator", "n_numerator", "n_denominator"]] = 0
    df.loc[empty, ["value", "ci_lower", "ci_upper", "se"]] = np.nan
    trend = dict(
        df.iloc[0], year=2023, method="trend_logit", value=1.05, ci_lower=1.01, ci_upper=1.09
    )
    df = pd.concat([df, pd.DataFrame([trend])], ignore_index=True)
    df.loc[
        df["status"] != "ok", ["numerator", "n_numerator", "value", "ci_lower", "ci_upper", "se"]
    ] = np.nan
    return df[COLUMNS]


def _city_only(theme: str) -> pd.DataFrame:
    """kopp.overlap: combinations of the gemeente only; one of them suppressed."""
    rows = [_row(theme, "kopp.overlap", "breed", 2023, WIJKEN[0], "combinatie", v, num=x, den=1000)
            for v, x in (("geen", 700), ("ggz", 150), ("ggz+psychofarmaca", 100), ("psychofarmaca+bw_mo", 50))]  # fmt: skip
    df = pd.DataFrame(rows)
    df.loc[df["group_value"] == "psychofarmaca+bw_mo", "status"] = "suppressed_primary"
    df.loc[
        df["status"] != "ok", ["numerator", "n_numerator", "value", "ci_lower", "ci_upper", "se"]
    ] = np.nan
    return df[COLUMNS]


MAIN = {
    "kopp": ("kopp.aandeel", "breed", "leeftijd", ["0-3", "4-11"]),
    "migratie": ("migratie.ggz", "ggz", "herkomst", ["Marokko", "Nederland"]),
    "nieuwkomers": (
        "nieuwkomers.aandeel",
        "breed",
        "origin",
        ["binnen_gemeente", "buiten_gemeente"],
    ),
}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("export")
    for theme, (measure, definition, group, values) in MAIN.items():
        m = _measures(theme, measure, definition, group, values)
        if theme == "kopp":
            m = pd.concat([m, _city_only(theme)], ignore_index=True)
        write_measures_csv(m, tmp_path / theme / "measures.csv")
        write_csv(
            findings(read_measures_csv(tmp_path / theme / "measures.csv")),
            tmp_path / theme / "verschillen.csv",
        )
        similar = pd.DataFrame({
            "year": [2023, 2023], "wijk": ["WK034401", "WK034402"], "wijk_name": ["West", "Noordwest"],
            "rank": [1, 1], "neighbour": ["WK034402", "WK034401"], "neighbour_name": ["Noordwest", "West"],
            "distance": [2.345, 0.5], "n_common": [3, 3],
            "closest_indicators": [f"{measure}:{definition}:wilson;{measure}:{definition}:direct_std_gamma",
                                   f"{measure}:{definition}:trend_logit"],
        })  # fmt: skip
        write_csv(similar, tmp_path / theme / "vergelijkbare_wijken.csv")
    return tmp_path


DEFINITIONS = parse_definitions(config())


PAGES = {}


def _build(export, lang="nl", fresh=False):
    """The page of `export` in `lang`, built once per export and language (`fresh`: build again)."""
    key = (str(export), lang)
    if fresh or key not in PAGES:
        PAGES[key] = dashboard.build(export, DEFINITIONS, lang=lang, gemeente="GM0344")
    return PAGES[key]


def _data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="wz-data">(.*?)</script>', page, re.S)
    return json.loads(found[1])


def _rows(data: dict, table: str = "measures") -> list[dict]:
    cols = data[table]["columns"]
    return [dict(zip(cols, r, strict=True)) for r in data[table]["rows"]]


def _visible(data: dict) -> list[str]:
    """Every string the page can show a reader: texts, labels, the table columns of the rows,
    area names and the similar wijken; not the codes the script filters on."""
    out = []

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            out.append(value)

    walk(data["text"])
    walk({k: v for k, v in data["labels"].items() if k != "mark"})
    for r in _rows(data):
        out += [r["area_name"], r["shown"], r["ci"], r["n_text"]]
    for s in data["similar"]:
        out += [s["neighbour_name"], s["distance"], *s["closest"]]
    return out


def test_page_is_self_contained_and_passes_the_gate(export):
    page = _build(export)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    # no request can leave the page: a strict policy, no external script, style or link
    assert "default-src 'none'" in page
    assert all("src=" not in tag for tag in re.findall(r"<script[^>]*>", page))
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"<(link|img|iframe)\b", markup)
    assert "window.vegaEmbed" in page  # the libraries are inlined
    assert check_file("dashboard.html", page.encode(), threshold=10) == []
    for view in ("trend", "compare", "definitions", "similar"):
        for part in ("view", "table", "lead", "legend", "source"):
            assert f'id="{part}-{view}"' in page
    for selector in ("theme", "measure", "definition", "method", "group", "year", "wijk"):
        assert f'id="sel-{selector}"' in page
    # no path in what a reader sees
    assert "results/export" not in markup and "results/export" not in json.dumps(
        _visible(_data(page))
    )
    # the gemeente by name in the tab and the heading (a region has a dashboard per gemeente)
    assert "<title>Wijkzicht: cijfers per wijk | Utrecht</title>" in page
    assert "<h1>Wijkzicht: cijfers per wijk | Utrecht</h1>" in page


def test_gemeente_name_from_the_exported_rows():
    rows = {
        "columns": ["area_level", "area_code", "area_name"],
        "rows": [["wijk", "WK035601", "Centrum"], ["gemeente", "GM0356", "Nieuwegein"]],
    }
    assert dashboard.gemeente_name(rows, "GM0356") == "Nieuwegein"
    assert dashboard.gemeente_name(rows, "GM0344") == "GM0344"  # no row names it: the code


def test_data_are_the_exported_rows_without_trends(export):
    data = _data(_build(export))
    rows = _rows(data)
    # three themes, two years, four areas, total and two group values; kopp's four combinations
    assert len(rows) == 3 * 2 * 4 * 3 + 4
    assert {r["method"] for r in rows} == {"wilson"}
    hidden = [r for r in rows if r["status"] != "ok"]
    assert len(hidden) == 3 + 1 and all(
        r["value"] is None and r["ci_lower"] is None for r in hidden
    )
    assert all(
        r["state"] == "suppressed" and r["shown"] == "onderdrukt" and r["ci"] == "" for r in hidden
    )
    assert data["labels"]["definition"]["kopp.aandeel|breed"] == "brede definitie"
    describe = data["labels"]["describe"]
    assert describe["kopp.aandeel|breed"].startswith(
        "Brede definitie: een kind van 0 tot en met 17 jaar telt mee"
    )
    assert set(describe) == {"kopp.aandeel|breed", "kopp.overlap|breed", "migratie.ggz|ggz",
                             "nieuwkomers.aandeel|breed"}  # fmt: skip
    # a plain sentence with names; the exact description folded away under it (`detail`)
    assert describe["migratie.ggz|ggz"] == (
        "GGZ-zorg: het deel van de volwassenen van 18 jaar of ouder dat in het jaar GGZ-zorg had."
    )
    assert data["labels"]["detail"]["migratie.ggz|ggz"].startswith(
        DEFINITIONS.migratie.definitions["ggz"].describe("nl") + "."
    )


def test_every_number_shown_is_its_cell(export, tmp_path):
    """The cited-number check (tests/worlds.py) of the dashboard, in Dutch and in English."""
    for lang in ("nl", "en"):
        page = tmp_path / f"dashboard_{lang}.html"
        page.write_text(_build(export, lang), encoding="utf-8")
        ok = [r for r in _rows(_data(_build(export, lang))) if r["state"] == "ok"]
        # value, interval and count of every row with a value, the counts of the others
        assert check_dashboard(page, export, lang) >= 3 * len(ok) == 3 * (76 - 4 - 3)


def test_suppressed_and_empty_are_null_and_kept_apart(export):
    rows = _rows(_data(_build(export)))
    empty = [r for r in rows if r["state"] == "empty"]
    suppressed = [r for r in rows if r["state"] == "suppressed"]
    assert len(empty) == 3 and len(suppressed) == 4
    assert all(
        r["shown"] == "geen personen" and r["value"] is None and r["ci"] == "" for r in empty
    )
    assert all(r["shown"] == "onderdrukt" and r["value"] is None for r in suppressed)
    # never a zero for a value that is not there
    assert not [r for r in rows if r["state"] != "ok" and r["value"] == 0]
    rows_en = _rows(_data(_build(export, "en")))
    assert {r["shown"] for r in rows_en if r["state"] != "ok"} == {"suppressed", "no persons"}


def test_table_view_shows_values_intervals_and_counts_as_the_reader_reads_them(export):
    m = read_measures_csv(export / "kopp" / "measures.csv")
    rows = _rows(_data(_build(export)))
    r = next(r for r in rows if r["area_code"] == "GM0344" and r["year"] == 2023 and r["group"] == "totaal"
             and r["measure"] == "kopp.aandeel")  # fmt: skip
    cell = m[(m["area_code"] == "GM0344") & (m["year"] == 2023) & (m["group"] == "totaal")
             & (m["method"] == "wilson") & (m["measure"] == "kopp.aandeel")].iloc[0]  # fmt: skip
    assert r["shown"] == pct(cell["value"], "nl") == "25,0%"
    assert r["ci"] == interval(cell["ci_lower"], cell["ci_upper"], "nl") == "24,0% tot 26,0%"
    assert r["n_text"] == number(cell["n_denominator"], "nl") == "12.000"  # thousands separator
    en = next(x for x in _rows(_data(_build(export, "en"))) if x["area_code"] == "GM0344"
              and x["year"] == 2023 and x["group"] == "totaal" and x["measure"] == "kopp.aandeel")  # fmt: skip
    assert (en["shown"], en["ci"], en["n_text"]) == ("25.0%", "24.0% to 26.0%", "12,000")


def test_labels_not_codes_in_what_the_reader_sees(export):
    for lang in ("nl", "en"):
        data = _data(_build(export, lang))
        labels = data["labels"]
        rows = _rows(data)
        # every measure, definition, method, breakdown and group value shown has a label in words
        for r in rows:
            assert f"{r['group']}|{r['group_value']}" in labels["value"]
            assert r["group"] in labels["group"] and r["method"] in labels["method"]
            assert f"{r['measure']}|{r['definition']}" in labels["definition"]
        visible = "\n".join(_visible(data))
        for code in ("binnen_gemeente", "buiten_gemeente", "ggz+psychofarmaca", "bw_mo", "wilson", "direct_std",
                     "trend_logit", "trend_wls", "kopp.aandeel", "WK0344", "GM0344", ">=", "two_proportion"):  # fmt: skip
            assert code not in visible, (lang, code)
    labels = _data(_build(export))["labels"]
    # groups and breakdowns stand alone in menus, tables and charts: sentence case
    assert labels["value"]["origin|binnen_gemeente"] == "Van elders in de gemeente"
    assert labels["value"]["combinatie|ggz+psychofarmaca"] == "GGZ-zorg + psychofarmaca"
    assert labels["value"]["leeftijd|0-3"] == "0-3 jaar"
    assert labels["group"]["origin"] == "Vorig adres"
    assert labels["method"] == {"wilson": "ruw percentage"}
    assert labels["source"]["theme"]["kopp"].startswith("Bron: CBS-microdata (")


def test_each_view_names_the_sources_of_what_it_draws(export):
    """The 'Bron:' line of a view names the sources of the chosen definition (trend, wijken,
    buurten), of the measure's definitions side by side, or of the theme (the similar wijken's
    profile), in the words of the figures: the gemeente's own registrations as the gemeente's,
    not as CBS microdata; the buurtteam only where it is drawn."""
    source = _data(_build(export))["labels"]["source"]
    persons, parents = "inwoners (basisregistratie personen)", "wie de ouders van een kind zijn"
    care = "zorgkosten van de zorgverzekering"
    assert source["of"]["kopp.aandeel|breed"] == (
        f"Bron: CBS-microdata ({persons}, {parents}, {care}, medicijnen van de apotheek, behandelingen in "
        "de GGZ), gemeente Utrecht (Wmo-voorzieningen van de gemeente); bewerking wijkzicht."
    )
    assert (
        source["of"]["migratie.ggz|ggz"]
        == f"Bron: CBS-microdata ({persons}, {care}); bewerking wijkzicht."
    )
    # the theme: every source, the buurtteam of the jeugdteam comparison too
    assert source["theme"]["kopp"].endswith(
        "gemeente Utrecht (Wmo-voorzieningen van de gemeente, trajecten bij het buurtteam); bewerking wijkzicht."
    )
    assert "buurtteam" not in source["measure"]["kopp.aandeel"]
    en = _data(_build(export, "en"))["labels"]["source"]
    assert en["of"]["migratie.ggz|ggz"] == (
        "Source: CBS microdata (residents (population register), health-insurance costs); "
        "processed by wijkzicht."
    )


def test_verdicts_of_the_wijken_and_trends_in_words(export):
    data = _data(_build(export))
    rows = _rows(data)
    total = [
        r
        for r in rows
        if r["measure"] == "kopp.aandeel" and r["group"] == "totaal" and r["year"] == 2023
    ]
    verdict = {r["area_name"]: r["verdict"] for r in total}
    # from verschillen.csv: Overvecht above the rest of the municipality, West below; suppressed not tested
    assert verdict == {
        "Utrecht": "",
        "West": "lager",
        "Noordwest": "niet_te_toetsen",
        "Overvecht": "hoger",
    }
    assert data["labels"]["mark"] == {"hoger": "▲", "lager": "▼"}
    assert data["labels"]["verdict_of"]["wilson"]["hoger"] == "hoger dan de rest van de gemeente"
    # the legend line says in plain words what a mark means (B1: no test names; those are for the
    # reviewer in the report's reading guide, which it points to)
    # and why a mark and the intervals need not agree (U10 finding 9, format.marks_why)
    legend = data["text"]["marks"].format(compared=data["labels"]["compared"]["wilson"],
                                          against=data["labels"]["against"]["wilson"],
                                          why=data["labels"]["marks_why"]["wilson"])  # fmt: skip
    assert legend == (
        "▲ hoger, ▼ lager: in deze wijk duidelijk hoger of lager dan in de rest van de gemeente; dat verschil "
        "is waarschijnlijk geen toeval. Geen teken: geen duidelijk verschil. Het teken rekent met het toeval "
        "in beide cijfers en met het aantal wijken: intervallen die elkaar raken, kunnen daarom toch duidelijk "
        "verschillen, en intervallen die elkaar net niet raken soms niet. Hoe dat is getoetst, staat in de "
        "leeswijzer van het rapport."
    )
    trends = _rows(data, "trends")
    assert {(t["measure"], t["method"], t["area_code"], t["verdict"]) for t in trends} >= {
        ("kopp.aandeel", "trend_logit", "GM0344", "stijgt_licht")
    }
    assert data["trend_methods"] == {"wilson": "trend_logit", "survey_taylor": "trend_wls",
                                     "direct_std_gamma": "trend_wls"}  # fmt: skip


def test_a_survey_or_standardised_wijk_is_compared_with_the_city_as_a_whole():
    """findings tests a survey or standardised wijk against the city, the wijk in it
    (z_independent): its verdict and the table's column say so, in Dutch and English."""
    rows = []
    for measure, definition, method in (("migratie.k10_hoog", "k10_hoog", "survey_taylor"),
                                        ("migratie.ggz", "ggz", "direct_std_gamma"),
                                        ("kopp.aandeel", "breed", "wilson")):  # fmt: skip
        r = dict.fromkeys(FIELDS) | {"theme": measure.split(".")[0], "measure": measure, "method": method,
                                     "definition": definition, "group": "totaal", "group_value": "totaal"}  # fmt: skip
        rows.append([r[f] for f in FIELDS])
    for lang, city, rest in (("nl", "de gemeente als geheel", "de rest van de gemeente"),
                             ("en", "the municipality as a whole", "the rest of the municipality")):  # fmt: skip
        labels = dashboard.labels(lang, DEFINITIONS, {"columns": FIELDS, "rows": rows})
        assert labels["against"] == {
            "survey_taylor": city,
            "direct_std_gamma": city,
            "wilson": rest,
        }
        assert labels["verdict_of"]["survey_taylor"]["lager"].endswith(f" {city}")
        assert labels["verdict_of"]["wilson"]["hoger"].endswith(f" {rest}")
        assert dashboard.TEXT[lang]["difference"].format(against=city).endswith(city)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_built_page_says_the_plain_definitions(export, lang):
    """The dashboard made its definition sentences itself (1ffb227); the built page now carries
    labels.plain_definition, word for word, for every definition its rows show, and the module
    has no copy of the words of its own."""
    from wijkzicht.outputs.labels import plain_definition

    assert not hasattr(dashboard, "_conditions") and "registry" not in dashboard.PLAIN[lang]
    data = _data(_build(export, lang))
    pairs = {(r["measure"], r["definition"]) for r in _rows(data)}
    described = data["labels"]["describe"]
    said = {p for p in pairs if plain_definition(lang, *p, DEFINITIONS)}
    assert len(said) >= 3, pairs
    for measure, key in said:
        assert described[f"{measure}|{key}"] == plain_definition(lang, measure, key, DEFINITIONS)


def test_similar_wijken_distance_and_indicators_in_words(export):
    data = _data(_build(export))
    near = [s for s in data["similar"] if s["theme"] == "kopp" and s["wijk"] == "WK034401"]
    assert near[0]["neighbour_name"] == "Noordwest" and near[0]["distance"] == "2,3"
    # two indicators reading the same get their method in words; no code
    assert near[0]["closest"] == [
        "brede definitie (ruw percentage)",
        "brede definitie (gecorrigeerd voor leeftijd en geslacht)",
    ]
    assert "hoe kleiner, hoe meer de wijk lijkt" in data["text"]["distance"]
    # alike in a trend: alike in how the figures change, as the report and the workbook say it
    # (similar_wijken.alike_cell), not in the figure itself
    other = [s for s in data["similar"] if s["theme"] == "kopp" and s["wijk"] == "WK034402"]
    assert other[0]["closest"] == ["hoe de cijfers veranderen bij: brede definitie"]


def test_alike_in_values_and_in_trends_read_as_the_workbook_cell():
    """A mix: the values, then the trends in one item (a definition alike in both named once);
    joined as the page joins them ('; '), the workbook's cell (similar_wijken.alike_cell)."""
    closest = ["kopp.aandeel:breed:wilson", "kopp.aandeel:ggz:trend_logit",
               "kopp.aandeel:breed:trend_logit"]  # fmt: skip
    for lang, cell in (
        ("nl", "brede definitie (het cijfer en hoe het verandert); hoe de cijfers veranderen bij: ouder met GGZ-zorg"),
        ("en", "broad definition (the figure and how it changes); how the figures change for: parent with "
               "mental-health care"),
    ):  # fmt: skip
        words = alike_words(lang, closest, DEFINITIONS)
        assert "; ".join(words) == cell
        assert cell == alike_cell(lang, closest, DEFINITIONS)


def test_reference_groups_of_the_odds_ratios(export):
    rows = [{"method": "logit_glm", "group": g, "group_value": v}
            for g, v in (("leeftijd", "30-44"), ("leeftijd", "45-64"), ("leeftijd", "75+"),
                         ("herkomst", "Marokko"), ("inkomen", "2"), ("geslacht", "vrouw"))]  # fmt: skip
    refs = dashboard._references(
        "nl", DEFINITIONS, [*rows, {"method": "wilson", "group": "origin", "group_value": "x"}]
    )
    assert refs == {"leeftijd": f"jongste leeftijdsgroep ({DEFINITIONS.migratie.min_age}-29 jaar)",
                    "herkomst": "Nederlandse herkomst", "inkomen": "bij de laagste 20%", "geslacht": "man"}  # fmt: skip


def test_combinations_named_with_the_theme_definitions_only(export):
    """A rule given only the themes' definitions (no top-level conditions) still names the
    combinations of the overlap in words."""
    from wijkzicht.definitions.parse import Definitions

    themes_only = Definitions.from_param(DEFINITIONS.param("kopp", "migratie", "nieuwkomers"))
    measures = dashboard.measure_rows(export, dashboard.THEMES)
    values = dashboard.labels("nl", themes_only, measures)["value"]
    assert values["combinatie|ggz+psychofarmaca"] == "GGZ-zorg + psychofarmaca"
    assert (
        values["combinatie|psychofarmaca+bw_mo"]
        == "Psychofarmaca + beschermd wonen of maatschappelijke opvang"
    )


def test_english_switch(export):
    page = _build(export, "en")
    data = _data(page)
    assert '<html lang="en">' in page and data["text"]["trend"] == "Trend over the years"
    assert data["labels"]["definition"]["kopp.aandeel|breed"] == "broad definition"
    assert data["labels"]["value"]["origin|binnen_gemeente"] == "From elsewhere in the municipality"
    assert data["locale"]["decimal"] == "." and _data(_build(export))["locale"]["decimal"] == ","


def test_same_export_gives_the_same_bytes(export):
    assert _build(export) == _build(export, fresh=True)


def test_bundle_has_no_number_shaped_like_a_person_key():
    import vl_convert as vlc

    raw = vlc.javascript_bundle(vl_version=dashboard.VEGA_LITE)
    safe = dashboard.javascript_bundle()
    assert PERSON_KEY.findall(safe) == []
    # only the literals were rewritten, to the same numbers in hexadecimal
    for number_ in PERSON_KEY.findall(raw):
        assert hex(int(number_)) in safe
    assert len(safe) - len(raw) == sum(len(hex(int(n))) - len(n) for n in PERSON_KEY.findall(raw))


def _mark(layer: dict) -> str:
    return layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]


def _at_one(layers: list[dict]) -> list[dict]:
    return [layer for layer in layers
            if 1 in (layer["encoding"].get("x", {}).get("datum"), layer["encoding"].get("y", {}).get("datum"))]  # fmt: skip


def test_specs_draw_suppressed_and_empty_as_their_word_and_intervals():
    for kind in ("pct", "ratio"):
        for spec in (dashboard.trend_spec("nl", kind), dashboard.compare_spec("nl", kind),
                     dashboard.compare_spec("nl", kind, pair=True)):  # fmt: skip
            assert {"text", "rule"} <= {_mark(layer) for layer in spec["layer"]}
            words = [
                layer
                for layer in spec["layer"]
                if layer.get("transform") == [{"filter": {"field": "ok", "equal": False}}]
            ]
            assert [_mark(w) for w in words] == ["text"]
            assert words[0]["encoding"]["text"] == {"field": "word", "type": "nominal"}
            # ratios get a line at 1 that says "1 = gelijk"; shares do not
            at_one = _at_one(spec["layer"])
            assert len(at_one) == (2 if kind == "ratio" else 0)
            if kind == "ratio":
                assert {"datum": "1 = gelijk"} in [
                    layer["encoding"].get("text") for layer in at_one
                ]
    bars = dashboard.bars_spec("nl")
    assert [_mark(layer) for layer in bars["layer"]] == ["bar", "rule", "text", "text"]


def _all_specs() -> dict[str, dict]:
    return {f"{view}/{kind}": spec for view, kinds in dashboard.specs("nl").items()
            for kind, spec in kinds.items()}  # fmt: skip


def _predicates(predicate: dict) -> list[dict]:
    return (
        [q for p in predicate["and"] for q in _predicates(p)] if "and" in predicate else [predicate]
    )


def test_every_layer_filter_is_one_the_page_can_check_on_its_rows():
    """dashboard.js leaves out a layer that no row passes (Vega warns "Infinite extent" in the
    browser's console for a layer without data) by checking its filters on the rows it draws:
    so every filter is a field-equal predicate (or an `and` of them) on a true/false field of
    dashboard.js record(). An expression filter ("datum.ok") would be kept, and warn when empty."""
    record_fields = {"ok", "reference", "selected_year"}
    filters = 0
    for name, spec in _all_specs().items():
        for layer in spec.get("layer") or spec["spec"]["layer"]:
            for step in layer.get("transform", []):
                if "filter" not in step:
                    continue
                filters += 1
                for p in _predicates(step["filter"]):
                    assert set(p) == {"field", "equal"}, (name, step)
                    assert p["field"] in record_fields and p["equal"] in (True, False), (name, p)
    assert filters >= 20


def test_a_series_has_one_legend_for_its_colour_and_shape():
    """The points of the comparison charts take their shape (the gemeente a diamond) and colour
    from the series: both with the same legend, merged into one. A shape without a legend beside a
    colour with one made Vega-Lite warn (Conflicting legend property "disable") on every chart."""
    for name, spec in _all_specs().items():
        for layer in spec.get("layer") or spec["spec"]["layer"]:
            enc = layer.get("encoding", {})
            if enc.get("shape", {}).get("field"):
                assert enc["shape"].get("legend") == enc["color"]["legend"] is not None, name


def test_the_interval_of_a_trend_takes_no_filter_of_its_own():
    """The interval rule of a trend has no filter (a row without a value has none to draw): with
    the same filter as the line beside it, Vega-Lite warned "Maximum optimization runs(5)
    reached" on every chart of small panels."""
    for kind in ("pct", "ratio"):
        for spec in (dashboard.trend_spec("nl", kind), dashboard.panels_spec("nl", kind)):
            layers = spec.get("layer") or spec["spec"]["layer"]
            filters = [json.dumps(layer.get("transform")) for layer in layers
                       if "transform" in layer and "aggregate" not in json.dumps(layer["transform"])]  # fmt: skip
            assert len(filters) == len(set(filters)), filters


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_chart_without_a_value_says_why_in_words(lang):
    """A chart whose rows are all suppressed, all without persons, or both is not drawn as an
    empty frame: a line says so, keeping suppressed apart from no persons as the tables do."""
    t = dashboard.TEXT[lang]["no_chart"]  # the report's figures' words (test_nothing_shown_g3)
    assert {"suppressed", "empty", "both"} <= set(t)
    words = {"nl": ("onderdrukt", "geen personen"), "en": ("suppressed", "no persons")}[lang]
    assert words[0] in t["suppressed"] and words[1] not in t["suppressed"]
    assert words[1] in t["empty"] and words[0] not in t["empty"]
    assert all(w in t["both"] for w in words)
    assert dashboard.page_text(lang)["no_chart"] == t


def test_small_panels_take_their_rows_from_the_facet():
    """Each panel of a breakdown draws only its own group value: no layer names data of its own."""
    for kind in ("pct", "ratio"):
        spec = dashboard.panels_spec("nl", kind)
        assert spec["data"] == {"name": "rows"} and spec["facet"]["field"] == "panel"
        assert all("data" not in layer for layer in spec["spec"]["layer"])
        assert len(_at_one(spec["spec"]["layer"])) == (kind == "ratio")


def test_buurten_view_and_their_wijk_by_code():
    """The buurten view is on the page; each buurt's wijk comes from the CBS codes of the rows
    (the export holds no geography): BU03440102 lies in WK034401, not in WK034410."""
    rows = [["wijk", "WK034401"], ["wijk", "WK034410"], ["buurt", "BU03440102"],
            ["buurt", "BU03441000"], ["gemeente", "GM0344"]]  # fmt: skip
    got = dashboard.buurt_wijken({"columns": ["area_level", "area_code"], "rows": rows})
    assert got == {"BU03440102": "WK034401", "BU03441000": "WK034410"}
    assert "buurten" in dashboard.VIEWS
    assert dashboard.TEXT["nl"]["buurten"] == "Buurten van de wijk"


def test_link_to_the_region_overview_only_in_a_region_run(export):
    """A region run's dashboard links the gemeente's copy of the region overview, in its own
    folder (`regio/overzicht.html`, in its release too), with words that fit a reader who comes
    to the dashboard first (not 'back'); a single run's dashboard has no link."""
    single = _build(export)
    # a single run: no link, and the page is the one built before the link existed
    assert "overzicht van de regio" not in single and 'class="back"' not in single
    assert dashboard.build(export, DEFINITIONS, lang="nl", gemeente="GM0344", region="") == single
    page = dashboard.build(
        export, DEFINITIONS, lang="nl", gemeente="GM0344", region="regio/overzicht.html"
    )
    link = (
        '<a href="regio/overzicht.html">Vergelijk met de andere gemeenten van de regio &rarr;</a>'
    )
    assert page.count(link) == 1 and "Terug" not in page.split("<h1>")[0]
    # above the title, and nothing else changed but the link and its style
    assert page.index(link) < page.index("<h1>")
    nav = f'<nav class="back">{link}</nav>\n'
    assert page.replace(nav, "").replace(dashboard.BACK_CSS, "") == single
    en = dashboard.build(
        export, DEFINITIONS, lang="en", gemeente="GM0344", region="regio/overzicht.html"
    )
    assert (
        '<a href="regio/overzicht.html">Compare with the other municipalities of the region '
        "&rarr;</a>" in en
    )


def test_model_estimates_in_whole_percentages_with_their_respondents():
    """A model estimate (docs/small_area.md: published to whole percentages) is shown as one,
    its count as what it is; a counted share keeps its decimal and its persons."""
    base = {"theme": "migratie", "measure": "migratie.k10_hoog", "definition": "k10",
            "year": 2022, "area_level": "buurt", "area_code": "BU03440101", "area_name": "Lombok",
            "group": "totaal", "group_value": "totaal", "numerator": np.nan, "denominator": 812.0,
            "n_numerator": np.nan, "n_denominator": 12.0, "value": 0.55, "ci_lower": 0.48,
            "ci_upper": 0.62, "se": 0.035, "status": "ok"}  # fmt: skip
    m = pd.DataFrame([{**base, "method": "modelschatting"}, {**base, "method": "survey_taylor"},
                      {**base, "method": "modelschatting", "n_denominator": 1250.0}])  # fmt: skip
    nl, en = dashboard.shown_columns(m, "nl"), dashboard.shown_columns(m, "en")
    assert nl.loc[0, ["shown", "ci", "n_text"]].tolist() == [
        "55%", "48% tot 62%", "schatting met model, 12 ondervraagden"]  # fmt: skip
    assert nl.loc[1, ["shown", "ci", "n_text"]].tolist() == ["55,0%", "48,0% tot 62,0%", "12"]
    assert nl.loc[2, "n_text"] == "schatting met model, 1.250 ondervraagden"
    assert en.loc[0, ["shown", "ci", "n_text"]].tolist() == [
        "55%", "48% to 62%", "model estimate, 12 respondents"]  # fmt: skip
    # its wijk's survey row suppressed: the estimate shown, its respondents said to be suppressed
    hidden = pd.DataFrame([{**base, "method": "modelschatting", "n_denominator": np.nan}])
    assert dashboard.shown_columns(hidden, "nl").loc[0, ["shown", "n_text"]].tolist() == [
        "55%", "schatting met model, aantal ondervraagden onderdrukt"]  # fmt: skip
    assert dashboard.shown_columns(hidden, "en").loc[0, "n_text"] == (
        "model estimate, number of respondents suppressed"
    )


def test_the_page_from_the_assets_file_is_the_page_made_in_one_go(export, tmp_path):
    # rule dashboard_assets writes the parts without data once; the page built from that file
    # is byte for byte the page that makes them itself, and a file of the other language is
    # refused
    path = tmp_path / "assets.json"
    dashboard.write_assets(path, "nl")
    page = dashboard.build(export, DEFINITIONS, lang="nl", gemeente="GM0344", assets_file=path)
    assert page == _build(export)
    with pytest.raises(dashboard.DashboardAssetsError, match="language 'nl', the page is 'en'"):
        dashboard.build(export, DEFINITIONS, lang="en", gemeente="GM0344", assets_file=path)


def test_the_page_from_the_assets_file_loads_no_chart_library(export, tmp_path):
    # the point of rule dashboard_assets: the dashboard job (rerun for every new year) builds
    # the page without altair and vl_convert (about 4 CPU s); a fresh interpreter tells
    import os
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "assets.json"
    dashboard.write_assets(path, "nl")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from worlds import config\n"
        "from wijkzicht.definitions import parse_definitions\n"
        "from wijkzicht.outputs import dashboard\n"
        f"page = dashboard.build(Path({str(export)!r}), parse_definitions(config()), lang='nl', "
        f"gemeente='GM0344', assets_file={str(path)!r})\n"
        "print(len(page), sorted({m.split('.')[0] for m in sys.modules} & {'altair', 'vl_convert'}))\n"
    )
    tests = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tests), os.environ.get("PYTHONPATH", "")]),
    }
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tests.parent, env=env, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    size, loaded = run.stdout.split(" ", 1)
    assert int(size) == len(_build(export)) and loaded.strip() == "[]"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_definitions_are_plain_sentences_with_the_exact_definition_folded_away(lang):
    """The dashboard's definition text is a plain sentence with names (the conditions by
    their labels); the exact description, the codes (codelists, Wmo and team codes, income
    percentiles) and the CBS tables are in a folded part under it, for the epidemiologist."""
    shown = dashboard._describe(lang, DEFINITIONS, ALL_DEFINITIONS)
    for measure, key in ALL_DEFINITIONS:
        plain = shown[f"{measure}|{key}"]
        exact = dashboard.exact_definition(lang, measure, key, DEFINITIONS)
        obj = DEFINITIONS.definition(measure, key)
        assert plain and plain.endswith("."), (measure, key)
        assert not TECHNICAL.search(plain), (measure, key, plain)
        # it starts with the definition's name, as the menus call it
        name = obj.label(lang) if measure != "migratie.or_ggz" else ""
        assert plain.lower().startswith(name.lower()), (measure, key, plain)
        assert exact.startswith(obj.describe(lang) + "."), (measure, key)
        assert ("CBS-tabellen: " if lang == "nl" else "CBS tables: ") in exact
    breed = dashboard.exact_definition(lang, "kopp.aandeel", "breed", DEFINITIONS)
    for code in ("psychofarmaca", "verslaving_circuit", "verslaving_diagnose", "BW, MO",
                 "ZVWZORGKOSTENTAB"):  # fmt: skip
        assert code in breed, code
    # the tables of that definition only: a parent's GGZ care needs no pharmacy or Wmo table
    ggz = dashboard.exact_definition(lang, "kopp.aandeel", "ggz", DEFINITIONS)
    assert ggz.endswith(": GBAPERSOONTAB, KINDOUDERTAB, ZVWZORGKOSTENTAB.")
    assert "INHP100HBEST" in dashboard.exact_definition(
        lang, "nieuwkomers.aandeel", "laag_inkomen", DEFINITIONS
    )
    # a marker of other markers says each of them exactly; uitstroom in plain words
    nk = dashboard.exact_definition(lang, "nieuwkomers.aandeel", "breed", DEFINITIONS)
    assert DEFINITIONS.nieuwkomers.definitions["uitstroom_bw_mo"].describe(lang) in nk
    assert shown["nieuwkomers.aandeel|uitstroom_bw_mo"] == {
        "nl": "Uitstroom uit beschermd wonen of maatschappelijke opvang: een nieuwkomer telt mee als hij "
              "of zij in het jaar voor de verhuizing uit beschermd wonen of maatschappelijke opvang kwam.",
        "en": "Left sheltered housing or shelter: a newcomer counts when he or she left sheltered housing "
              "or shelter in the year before the move.",
    }[lang]  # fmt: skip
    # the income threshold in plain words, as the persona cards say theirs (bij de laagste 20%)
    assert shown["nieuwkomers.aandeel|laag_inkomen"].endswith({
        "nl": "dit had: laag inkomen (een huishoudinkomen bij de laagste 10% van Nederland).",
        "en": "this in the year before the move: low income (a household income among the lowest 10% of the "
              "Netherlands).",
    }[lang])  # fmt: skip


def test_the_page_folds_the_exact_definition_under_the_plain_one(export):
    page = _build(export)
    assert '<p id="describe"></p><details id="describe-detail" hidden><summary>' in page
    labels = _data(page)["labels"]
    assert labels["detail_head"] == "Precieze definitie en codes"
    assert set(labels["detail"]) == set(labels["describe"])
    assert (
        "Codes: psychofarmaca: ATC-codes uit codelijst psychofarmaca"
        in (labels["detail"]["kopp.aandeel|breed"])
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_trend_legend_states_the_configured_slight_share(export, lang):
    """findings.slight (a params of rule dashboard) is the share stated in the trend rule; the
    default 10% when none is given."""
    each = {"nl": " Voor elke lijn apart getoetst.", "en": " Each line tested on its own."}[lang]
    default = _data(_build(export, lang))["text"]["trend_test"]
    assert default == trend_rule(lang) + each and "10%" in default
    page = dashboard.build(export, DEFINITIONS, lang=lang, gemeente="GM0344", slight=0.25)
    said = _data(page)["text"]["trend_test"]
    assert said == trend_rule(lang, 0.25) + each
    # by hand: 25% of the figure, 5 points on a figure of 20%; nothing of the default is left
    assert "25%" in said and ("5 procentpunt" in said or "5 percentage points" in said)
    assert "10%" not in said and "2 procentpunt" not in said and "2 percentage points" not in said


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_model_estimate_of_the_buurten_says_it_leans_on_its_wijk(lang):
    """The lead of the buurten view of a model estimate says what the report and the workbook say
    (format.MODEL_BUURT): small differences between buurten of one wijk are no finding."""
    lead = dashboard.TEXT[lang]["model_lead"]
    assert lead.endswith(" " + MODEL_BUURT[lang])
    assert (
        "Pas als de 95%-intervallen van twee buurten elkaar niet raken, is het verschil duidelijk."
        if lang == "nl"
        else "Only when the 95% intervals of two buurten do not overlap is the difference clear."
    ) in lead
    # intervals that touch are no proof of 'no difference': the old wording said they were
    assert "verschillen pas als" not in lead and "differ only when" not in lead


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_model_lead_without_covariates_has_no_empty_brackets(lang):
    """factors {} and flags [] pass the config schema: no list, and no ' ()' in its place."""
    lead = dashboard.page_text(lang, small_area={"factors": {}, "flags": []})["model_lead"]
    assert "()" not in lead and "( )" not in lead, lead


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_model_lead_names_the_model_data_once(lang):
    """The lead names the data of the model once, from its configured covariates (config
    small_area.factors and .flags, a params of rule dashboard), as the report and the workbook
    (format.model_covariates); MODEL_BUURT after it gives no list of its own. No covariates
    given: no list."""
    cfg = config()["small_area"]
    small_area = {"factors": list(cfg["factors"]), "flags": list(cfg["flags"])}
    lead = dashboard.page_text(lang, small_area=small_area, definitions=DEFINITIONS)["model_lead"]
    listed = {
        "nl": "(leeftijd, geslacht, herkomst, inkomen, huishouden, GGZ-zorg en psychofarmaca)",
        "en": "(age, sex, origin, income, household, mental-health care and psychotropic drugs)",
    }[lang]
    assert listed in lead and lead.count("(") == 1
    assert lead.endswith(" " + MODEL_BUURT[lang])
    # another configuration: its own list
    fewer = dashboard.page_text(lang, small_area={"factors": ["leeftijd"], "flags": []})[
        "model_lead"
    ]
    assert {"nl": "(leeftijd)", "en": "(age)"}[lang] in fewer and "(" not in fewer.replace(
        {"nl": "(leeftijd)", "en": "(age)"}[lang], ""
    )
    assert "(" not in dashboard.page_text(lang)["model_lead"]


def test_a_theme_opens_on_the_measure_and_definition_of_its_map():
    """The page gets each theme's main measure (catalogue.MAIN, what its map draws) and the
    definition the map and the key messages show (key_messages.key_definition): nieuwkomers the
    marker made of the others, not the first definition in the rows."""

    marker = next(mk.name for mk in DEFINITIONS.theme("nieuwkomers").definitions if mk.any_of)
    others = sorted(
        mk.name for mk in DEFINITIONS.theme("nieuwkomers").definitions if mk.name != marker
    )
    cols = ["measure", "definition"]
    rows = [["nieuwkomers.aandeel", d] for d in [*others, marker]] + [["migratie.ggz", "ggz"]]
    got = dashboard.main_definitions({"columns": cols, "rows": rows}, DEFINITIONS)
    assert got == {"nieuwkomers.aandeel": marker, "migratie.ggz": "ggz"}
    assert others and others[0] != marker  # the first one would be the wrong one


def test_the_page_has_the_main_measures_and_the_buurt_order_words(export):
    """The data of the page name each theme's main measure and method; the buurten view has words
    for both orders: from high to low, and by name for a model estimate (no ranking of
    differences that mean nothing), and says what stands on top only where there is a row."""
    from wijkzicht.outputs.catalogue import MAIN as MAIN_MEASURES

    d = _data(_build(export))
    assert d["main_measures"] == {t: m for t, (m, _) in MAIN_MEASURES.items()}
    assert d["main_definitions"] == {m: dfn for _, (m, dfn, _, _) in MAIN.items()}
    for lang in ("nl", "en"):
        t = dashboard.TEXT[lang]
        lead = t["buurt_lead"].format(
            wijk="W", year=2023, order=t["buurt_by_name"], top=t["buurt_top"]["wijk"]
        )
        assert lead == {"nl": "De buurten van W in 2023, op naam, niet van hoog naar laag. Bovenaan de wijk.",
                        "en": "The buurten of W in 2023, by name, not from high to low. At the top the wijk."}[lang]  # fmt: skip
        assert (
            "gemeente" not in t["buurt_top"]["wijk"]
            and "municipality" not in t["buurt_top"]["wijk"]
        )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_one_word_for_the_interval(lang):
    """labels.LABELS says the interval as the dashboard, the report and the figures do
    (95%-interval, 21240ad), not 95%-betrouwbaarheidsinterval."""
    from wijkzicht.outputs import labels
    from wijkzicht.outputs.report import TEXT as REPORT

    word = {"nl": "95%-interval", "en": "95% interval"}[lang]
    assert labels.label(lang, "interval") == dashboard.TEXT[lang]["interval"] == word
    assert REPORT[lang]["interval"] == word
    assert not any("betrouwbaarheid" in v or "confidence" in v
                   for v in labels.LABELS[lang].values() if isinstance(v, str))  # fmt: skip


def test_the_standardised_method_in_the_words_of_every_page():
    """The Berekening menu names a standardised figure as the report, the workbook and the
    factsheets do since 4d862c3: plain words first, the term after them (was 'gestandaardiseerd
    naar leeftijd en geslacht'); in brackets of its own the term is left out, no nested brackets."""
    from wijkzicht.outputs.labels import method_label, method_short

    for lang, words in (("nl", "gecorrigeerd voor leeftijd en geslacht (gestandaardiseerd)"),
                        ("en", "adjusted for age and sex (standardised)")):  # fmt: skip
        assert method_label(lang, "direct_std_gamma") == words
        assert method_short(lang, "direct_std_gamma") == words.split(" (")[0]
        assert (
            method_short(lang, "wilson") == {"nl": "ruw percentage", "en": "crude percentage"}[lang]
        )


def test_a_model_estimate_names_the_sources_of_its_model_data():
    """report.measure_tables of a model estimate (method modelschatting) adds the tables of the
    model's covariates (config small_area.factors and .flags): income, household and care data,
    not only the survey and the population register; the dashboard's Bron line of a model
    estimate says them, that of the survey figure does not."""
    from wijkzicht.outputs.report import measure_tables

    cfg = config()["small_area"]
    small_area = {"factors": list(cfg["factors"]), "flags": list(cfg["flags"])}
    survey = measure_tables("migratie.k10_hoog", DEFINITIONS, ["k10_hoog"])
    assert survey == ["GEZOMONITOR", "GBAPERSOONTAB"]
    model = measure_tables(
        "migratie.k10_hoog", DEFINITIONS, ["k10_hoog"], "modelschatting", small_area
    )
    assert model[:2] == survey
    assert set(model[2:]) == {"KOPPELPERSOONHUISHOUDEN", "INHATAB", "GBAHUISHOUDENSBUS",
                              "ZVWZORGKOSTENTAB", "MEDICIJNTAB"}  # fmt: skip
    # fewer covariates, fewer tables; no covariates given: the survey's
    assert measure_tables("migratie.k10_hoog", DEFINITIONS, None, "modelschatting",
                          {"factors": ["leeftijd"], "flags": []}) == survey  # fmt: skip
    lines = dashboard.source_lines("nl", DEFINITIONS, [("migratie.k10_hoog", "k10_hoog")], "Utrecht",
                                   ["migratie.k10_hoog"], small_area)  # fmt: skip
    own, of = (
        lines["model"]["migratie.k10_hoog|k10_hoog"],
        lines["of"]["migratie.k10_hoog|k10_hoog"],
    )
    for words in ("inkomen van het huishouden", "huishoudens", "zorgkosten van de zorgverzekering",
                  "medicijnen van de apotheek"):  # fmt: skip
        assert words in own and words not in of, words
    assert "Gezondheidsmonitor" in own


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_standardised_figure_names_its_standard_population(lang):
    """The dashboard says what a standardised figure was corrected to in the words of the report's
    reading guide (4af8bcc): the adults of the gemeente in the first year of its standardised rows
    (the run's first year), not 'as the whole gemeente'; only for measures with such rows."""
    from wijkzicht.outputs.report import WORDS

    rows = [
        {"measure": "migratie.ggz", "method": "direct_std_gamma", "year": y}
        for y in (2023, 2021, 2022)
    ]
    rows += [{"measure": "migratie.eenzaam", "method": "survey_taylor", "year": 2020}]
    notes = dashboard.std_notes(lang, rows, "Utrecht")
    assert list(notes) == ["migratie.ggz"]
    words = {"nl": "dezelfde opbouw naar leeftijd en geslacht had als de volwassenen in Utrecht in 2021.",
             "en": "the same make-up by age and sex as the adults in Utrecht in 2021,"}[lang]  # fmt: skip
    assert words in notes["migratie.ggz"]
    guide = WORDS[lang]["guide_theme"]["migratie"][0][1]
    assert notes["migratie.ggz"].startswith(guide.split("{std_pop}")[0])
    assert "{" not in notes["migratie.ggz"] and "hele gemeente" not in notes["migratie.ggz"]
    # a GGD region run: one standard for every gemeente, the adults of all its gemeenten together
    region = dashboard.std_notes(lang, rows, "Utrecht", ["Utrecht", "Zeist", "De Bilt"])
    words = {"nl": "als de volwassenen van de gemeenten Utrecht, Zeist en De Bilt samen in 2021.",
             "en": "as the adults of the municipalities Utrecht, Zeist and De Bilt together in 2021,"}[lang]  # fmt: skip
    assert words in region["migratie.ggz"] and "in Utrecht in" not in region["migratie.ggz"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_standardised_note_survives_a_new_method_label(lang, monkeypatch):
    """The note has its own words (format.STANDARDISED_MEANS), not a search for the report guide
    heading that starts with the method's label: relabelling the method raised StopIteration."""
    from wijkzicht.outputs import labels

    rows = [{"measure": "migratie.ggz", "method": "direct_std_gamma", "year": 2021}]
    before = dashboard.std_notes(lang, rows, "Utrecht")
    monkeypatch.setitem(labels.METHODS[lang], "direct_std_gamma", "anders genoemd")
    assert dashboard.std_notes(lang, rows, "Utrecht") == before
    assert "2021" in before["migratie.ggz"]


def test_the_standardised_note_compares_the_gemeenten_in_a_region_run():
    """In a GGD region run every gemeente has one standard population (its gemeenten's adults
    together), so the note says the gemeenten of the region compare fairly too (nl and en)."""
    rows = [{"measure": "migratie.ggz", "method": "direct_std_gamma", "year": 2022}]
    single = dashboard.std_notes("nl", rows, "Utrecht")["migratie.ggz"]
    assert "Zo zijn wijken, groepen en jaren eerlijk te vergelijken." in single
    region = dashboard.std_notes("nl", rows, "Utrecht", ["Utrecht", "Nieuwegein"])["migratie.ggz"]
    assert "de volwassenen van de gemeenten Utrecht en Nieuwegein samen in 2022" in region
    assert (
        "Zo zijn wijken, groepen, jaren en de gemeenten van de regio eerlijk te vergelijken."
        in region
    )
    en = dashboard.std_notes("en", rows, "Utrecht", ["Utrecht", "Nieuwegein"])["migratie.ggz"]
    assert (
        "so that wijken, groups, years and the municipalities of the region can be compared" in en
    )


def test_page_reads_on_a_phone(export):
    """A phone lays the page out at its own width (the viewport tag; without it 980 px at 40%
    zoom) and nothing sticks out of a 390 px screen: the selects, the map and the charts at most
    as wide as the page, the tables scroll within it, small panels and charts narrowed to fit
    (dashboard.js `fit`)."""
    page = _build(export)
    head = page.split("</head>")[0]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in head
    css = re.search(r"<style>(.*?)</style>", page, re.S)[1]
    assert "select{max-width:100%}" in css
    assert ".chart svg,svg.map{max-width:100%;height:auto}" in css
    assert ".table{max-width:100%;overflow-x:auto}" in css
    phone = re.search(r"@media \(max-width:600px\)\{(.*)\}", css, re.S)[1]
    assert "select{width:100%}" in phone and "overflow-x:auto" in phone
    assert "await fit(id, views[id].view, room);" in page
    assert "copy.columns = Math.max(1, Math.min(copy.columns" in page


def test_the_persona_section_names_its_sources(tmp_path):
    """The persona section had no 'Bron:' line while every other section has one. Its line
    names, in the figures' words, the tables of the target group and of the attributes the
    cards show: kopp's children by the parents' table, every card by household and income;
    care and support (also 'geen': none registered) by the conditions' tables; migratie's
    adults with GGZ care by the care costs, without the survey."""
    defs = parse_definitions(config())
    head = "theme,year,target,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,zorg_steun,"
    head += "n_persons,n_target,rounding_base,status\n"
    for theme, target, zorg in (("kopp", "breed", "geen"), ("migratie", "ggz", "")):
        (tmp_path / theme).mkdir()
        (tmp_path / theme / "personas.csv").write_text(
            head
            + f"{theme},2023,{target},gemeente,GM0344,Utrecht,1,4-11,eenouder,Nederland,1,{zorg},40,120,5,ok\n",
            encoding="utf-8",
        )
    lines = dashboard.persona_sources(
        tmp_path, ["kopp", "migratie", "nieuwkomers"], defs, "Utrecht", "nl"
    )
    assert set(lines) == {"kopp", "migratie"}  # no table: no line
    for line in lines.values():
        assert line.startswith("Bron: CBS-microdata (inwoners (basisregistratie personen)"), line
        assert "huishoudens" in line and "inkomen van het huishouden" in line, line
    assert "wie de ouders van een kind zijn" in lines["kopp"]
    assert (
        "gemeente Utrecht (Wmo-voorzieningen van de gemeente, trajecten bij het buurtteam)"
        in lines["kopp"]
    )
    assert "zorgkosten van de zorgverzekering" in lines["migratie"]
    assert "Gezondheidsmonitor" not in lines["migratie"] and "Wmo" not in lines["migratie"]
    en = dashboard.persona_sources(tmp_path, ["migratie"], defs, "Utrecht", "en")
    assert en["migratie"].startswith("Source: CBS microdata (residents (population register)")
    # the section has the place the script fills with its theme's line
    assert '<p class="source" id="source-personas"></p></section>' in dashboard.persona_section(
        "nl"
    )


def test_the_persona_line_names_the_conditions_of_the_care_categories(export, tmp_path):
    """The dashboard job was not given personas.zorg_steun (care category -> conditions), so the
    persona 'Bron:' line named the tables of every configured condition for care and support:
    the income tables of laag_inkomen too, which no category uses. Rule dashboard passes the
    setting now and the line names exactly the conditions of its categories."""
    root = tmp_path / "export"
    shutil.copytree(export, root)
    (root / "kopp" / "personas.csv").write_text(
        "theme,year,target,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,"
        "zorg_steun,n_persons,n_target,rounding_base,status\n"
        "kopp,2023,ggz,gemeente,GM0344,Utrecht,1,4-11,eenouder,Nederland,,geen,40,120,5,ok\n",
        encoding="utf-8",
    )
    kw = {"lang": "nl", "gemeente": "GM0344"}

    def line(zorg_steun):
        page = dashboard.build(root, DEFINITIONS, zorg_steun=zorg_steun, **kw)
        return _data(page)["persona_source"]["kopp"]

    # by hand: the KOPP children of definition ggz (persons, parents, the care costs), age,
    # herkomst and household (no income on the card) and care and support by GGZ care alone
    assert line({"ggz": ["ggz"]}) == (
        "Bron: CBS-microdata (inwoners (basisregistratie personen), wie de ouders van een kind "
        "zijn, zorgkosten van de zorgverzekering, huishoudens); bewerking wijkzicht."
    )
    # the configured categories: GGZ and addiction care, medicines, Wmo, the buurtteam; not
    # the income of laag_inkomen, which the old line named
    default = line(config()["personas"]["zorg_steun"])
    for words in ("medicijnen van de apotheek", "behandelingen in de GGZ",
                  "Wmo-voorzieningen van de gemeente", "trajecten bij het buurtteam"):  # fmt: skip
        assert words in default, default
    assert "inkomen" not in default, default
    # a job not given the setting still names every configured condition
    assert "inkomen van het huishouden" in line(None)
    # the rule gives its job the setting, the script passes it on
    rules = (REPO / "workflow/rules/export.smk").read_text(encoding="utf-8")
    rule = rules[rules.index("rule dashboard:") :].split("\nrule ", 1)[0]
    assert 'zorg_steun=config["personas"]["zorg_steun"],' in rule.split("params:", 1)[1]
    assert "zorg_steun=" in (REPO / "scripts/dashboard.py").read_text(encoding="utf-8")
