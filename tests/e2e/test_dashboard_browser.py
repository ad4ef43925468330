"""The offline dashboard in headless Chromium (Debian's, driven by Playwright): it opens from a
file:// URL with no console errors or warnings (also while switching through every selection) and
no network requests; each selector changes what is drawn; a chart with no value says so in a line;
what a reader sees is words, not codes; each chart has a table of its values and intervals, and
the table's numbers are the exported cells; a measure with figures for the whole gemeente only is
said in a sentence, the overlap drawn as sorted bars; wijken that differ from the city carry ▲ ▼
with a legend naming the test and the correction. Screenshots of several selections, in Dutch and
English, are written under results/screenshots/ of the repository."""

import re
import shutil

import pandas as pd
import pytest
from worlds import CITATION, REPO, _formatted, check_dashboard, config

from wijkzicht.outputs import maps
from wijkzicht.outputs.format import VERDICT_MARKS, pct, verdict_words

pytestmark = pytest.mark.e2e

SCREENSHOTS = REPO / "results/screenshots"
VIEWS = ("trend", "compare", "definitions", "similar")
# codes that must never reach a reader
CODES = re.compile(
    r"binnen_gemeente|buiten_gemeente|ggz\+|\+bw_mo|bw_mo|kopp_breed|wilson|direct_std|survey_taylor|"
    r"ratio_katz|logit_glm|trend_logit|trend_wls|relative_risk|kopp\.[a-z]|migratie\.[a-z]|nieuwkomers\.[a-z]|"
    r"\bWK\d{6}\b|\bGM\d{4}\b|results/export|>=|undefined|NaN|null"
)


def chromium() -> str:
    path = shutil.which("chromium")
    assert path, "Debian's chromium is missing: run `make browser-deps` (tools/install-chromium.sh)"
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-extensions",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps"])  # fmt: skip
        yield b
        b.close()


class Dashboard:
    """One opened dashboard page, with everything it logged and requested."""

    def __init__(self, browser, path):
        self.errors, self.requests = [], []
        # what was chosen when a message came: the selection that made Vega warn
        self.where = "opening"
        self.context = browser.new_context(viewport={"width": 1300, "height": 1800})
        # anything that is not the file itself is recorded and refused
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        # Vega's warnings too ("Infinite extent" of a layer without data, conflicting legends)
        self.page.on("console", lambda m: self.errors.append(f"{self.where}: {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)  # fmt: skip
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.as_uri()
        self.renders = 0
        self.page.goto(self.url)
        self.wait()

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def wait(self):
        self.renders += 1
        self.page.wait_for_selector(f"body[data-renders='{self.renders}']", timeout=30_000)

    def choose(self, selector: str, value: str):
        """Choose a value and wait for the drawing; choosing the value already shown draws nothing."""
        if self.page.input_value(f"#sel-{selector}") != value:
            self.page.select_option(f"#sel-{selector}", value)
            self.wait()

    def options(self, selector: str) -> list[str]:
        return self.page.eval_on_selector_all(
            f"#sel-{selector} option", "os => os.map(o => o.value)"
        )

    def drawn(self) -> dict[str, str]:
        """What is on screen per view: the rendered SVG, the table and the sentences."""
        return {
            v: self.page.inner_html(f"#view-{v}")
            + self.page.inner_html(f"#table-{v}")
            + self.page.inner_text(f"#section-{v}")
            for v in VIEWS
        }

    def svg_text(self, view: str) -> str:
        return " ".join(self.svg_labels(view))

    def svg_labels(self, view: str) -> list[str]:
        """Each text of the view's chart (an axis label, a legend entry) as it is drawn."""
        return self.page.eval_on_selector_all(
            f"#view-{view} svg text", "ts => ts.map(t => t.textContent)"
        )

    def has_chart(self, view: str) -> bool:
        return self.page.locator(f"#view-{view} svg").count() > 0

    def table(self, view: str) -> list[list[str]]:
        """The table of a view as rows of cell texts (the header first)."""
        return self.page.eval_on_selector_all(
            f"#table-{view} tr",
            "trs => trs.map(tr => [...tr.children].map(c => c.innerText.replace(/\\n/g, ' ').trim()))",
        )

    def text(self, part: str) -> str:
        return self.page.inner_text(f"#{part}")

    def visible(self) -> str:
        """Everything a reader can read: the page's text, the options and the charts' words."""
        options = " ".join(
            self.page.eval_on_selector_all("option", "os => os.map(o => o.textContent)")
        )
        return self.page.inner_text("body") + options + " ".join(self.svg_text(v) for v in VIEWS)

    def shot(self, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


def select(board: Dashboard, **choices):
    """Choose the selectors in cascade order."""
    for selector in ("theme", "measure", "definition", "method", "group", "year", "wijk"):
        if selector in choices:
            board.choose(selector, choices[selector])


@pytest.fixture(scope="module")
def export(small_world):
    wd, _ = small_world
    return wd / "results/export"


@pytest.fixture(scope="module")
def dashboard(export, browser):
    board = Dashboard(browser, export / "dashboard.html")
    yield board
    board.context.close()


def gemeente_name(export) -> str:
    m = measures(export)
    return m.loc[m["area_level"] == "gemeente", "area_name"].iloc[0]


def measures(export) -> pd.DataFrame:
    return pd.concat([pd.read_csv(export / f"{t}/measures.csv", dtype=str, keep_default_na=False)
                      for t in ("kopp", "migratie", "nieuwkomers")])  # fmt: skip


def test_opens_offline_without_errors(dashboard, export):
    assert dashboard.errors == []
    assert dashboard.requests == [dashboard.url]
    dashboard.shot("dashboard")
    # the first drawing: KOPP, the gemeente in the trend and in the comparison, by its name as
    # the title names it ('Utrecht', not 'Gemeente Utrecht': U4)
    assert dashboard.page.input_value("#sel-theme") == "kopp"
    gem = gemeente_name(export)
    for view in ("trend", "compare"):
        labels = dashboard.svg_labels(view)
        assert gem in labels and f"Gemeente {gem}" not in labels, (view, labels)
    # what the script shows is the export, cell by cell
    assert check_dashboard(export / "dashboard.html", export, "nl") > 1000


# each step changes one selector, in an order where every one of them has a choice to make
STEPS = [
    ("wijk", lambda opts, now: opts[3], ["trend", "compare", "definitions", "similar"]),
    ("year", lambda opts, now: opts[0], ["trend", "compare", "definitions", "similar"]),
    ("definition", lambda opts, now: "ggz", ["trend", "compare", "similar"]),
    ("group", lambda opts, now: "leeftijd", ["trend", "compare"]),
    ("theme", lambda opts, now: "migratie", ["trend", "compare", "definitions", "similar"]),
    (
        "measure",
        lambda opts, now: next(o for o in ("migratie.ggz", "migratie.psychofarmaca") if o != now),
        ["trend", "compare", "definitions"],
    ),
    ("method", lambda opts, now: [o for o in opts if o != now][0], ["trend", "compare"]),
]


def test_each_selector_changes_what_is_drawn(dashboard):
    page = dashboard.page
    for selector, pick, views in STEPS:
        before = dashboard.drawn()
        now = page.input_value(f"#sel-{selector}")
        value = pick(dashboard.options(selector), now)
        assert value != now, (selector, value)
        dashboard.choose(selector, value)
        assert page.input_value(f"#sel-{selector}") == value
        after = dashboard.drawn()
        for view in views:
            assert after[view] != before[view], (
                f"changing {selector} to {value} left the {view} view as it was"
            )
        dashboard.shot(f"dashboard_{selector}")
    assert dashboard.errors == []
    assert dashboard.requests == [dashboard.url]


def test_no_console_warning_on_any_selection(dashboard):
    """Every theme, measure, definition, method and breakdown (each in its latest year), and every
    year and wijk of each theme's opening choice: nothing on the console, not even a warning. Vega
    warned on most charts: a layer without data (no suppressed value, no reference line), the
    legends of colour and shape, the optimiser of the small panels."""
    board, walked = dashboard, 0

    def choose(selector, value):
        board.where = " | ".join(board.page.input_value(f"#sel-{s}") for s in
                                 ("theme", "measure", "definition", "method", "group", "year", "wijk")) + f" -> {selector}={value}"  # fmt: skip
        board.choose(selector, value)

    for theme in board.options("theme"):
        choose("theme", theme)
        for year in board.options("year"):
            choose("year", year)
        for wijk in board.options("wijk"):
            choose("wijk", wijk)
        for measure in board.options("measure"):
            choose("measure", measure)
            for definition in board.options("definition"):
                choose("definition", definition)
                for method in board.options("method"):
                    choose("method", method)
                    for group in board.options("group"):
                        choose("group", group)
                        choose("year", board.options("year")[-1])
                        walked += 1
    board.where = ""
    assert walked > 40
    assert dashboard.errors == [], dashboard.errors[:10]
    assert dashboard.requests == [dashboard.url]


def test_a_chart_without_a_value_says_so(export, browser, tmp_path):
    """A chart whose rows are all suppressed, or all without persons, is not an empty frame: a
    line says which (suppressed kept apart from no persons), the table beside it has the rows'
    words, and nothing is written to the console. The small world has no such chart, so one
    breakdown of a copy of its export is suppressed, and another made empty."""
    from wijkzicht.definitions import parse_definitions
    from wijkzicht.outputs import dashboard as board

    copy = tmp_path / "export"
    shutil.copytree(export, copy)
    path = copy / "kopp/measures.csv"
    m = pd.read_csv(path, dtype=str, keep_default_na=False)
    numbers = ["numerator", "denominator", "n_numerator", "n_denominator", "value", "ci_lower",
               "ci_upper", "se"]  # fmt: skip
    chosen = (
        (m["measure"] == "kopp.aandeel") & (m["method"] == "wilson") & (m["group"] == "leeftijd")
    )
    hidden, empty = chosen & (m["definition"] == "ggz"), chosen & (m["definition"] == "verslaving")
    assert hidden.sum() > 20 and empty.sum() > 20
    m.loc[hidden, numbers] = ""
    m.loc[hidden, "status"] = "suppressed"
    m.loc[empty, numbers] = ["0", "0", "0", "0", "", "", "", ""]
    m.loc[empty, "status"] = "ok"
    m.to_csv(path, index=False)
    cfg = config()
    page = tmp_path / "dashboard.html"
    board.write(copy, parse_definitions(cfg), page, lang="nl", gemeente=cfg["gemeente"])
    shown = Dashboard(browser, page)
    try:
        # the words of the report's figures (figures.NOTHING_SHOWN; test_nothing_shown_g3)
        for definition, line in (("ggz", "Alle cijfers van deze figuur zijn onderdrukt"),
                                 ("verslaving", "Geen cijfers om te tonen: in deze groepen zijn geen personen.")):  # fmt: skip
            select(shown, theme="kopp", measure="kopp.aandeel", definition=definition, method="wilson",
                   group="leeftijd")  # fmt: skip
            for view in ("trend", "compare"):
                assert not shown.has_chart(view), (definition, view)
                assert shown.page.inner_text(f"#view-{view}").startswith(line), (definition, view)
            # the lead of the small panels is not said when there are none
            assert "vakje" not in shown.text("section-trend"), definition
            word = "onderdrukt" if definition == "ggz" else "geen personen"
            assert word in shown.text("table-compare") and word in shown.text("table-trend")
            shown.shot(f"dashboard_no_chart_{definition}")
        # the totals of the same definition are drawn as before
        select(shown, group="totaal")
        assert shown.has_chart("trend") and shown.has_chart("compare")
        assert shown.errors == [] and shown.requests == [shown.url]
    finally:
        shown.context.close()


SELECTIONS = {
    "kopp": {"theme": "kopp", "measure": "kopp.aandeel", "definition": "breed", "method": "wilson",
             "group": "totaal"},
    "kopp_leeftijd": {"theme": "kopp", "measure": "kopp.aandeel", "definition": "breed", "method": "wilson",
                      "group": "leeftijd"},
    "nieuwkomers_origin": {"theme": "nieuwkomers", "measure": "nieuwkomers.aandeel", "group": "origin"},
    "overlap": {"theme": "kopp", "measure": "kopp.overlap"},
    "jeugdteam": {"theme": "kopp", "measure": "kopp.jeugdteam"},
    "zorgkloof": {"theme": "migratie", "measure": "migratie.zorgkloof", "group": "totaal"},
    "or_ggz": {"theme": "migratie", "measure": "migratie.or_ggz", "group": "herkomst"},
    "concentratie": {"theme": "nieuwkomers", "measure": "nieuwkomers.concentratie"},
}  # fmt: skip


def test_words_not_codes_everywhere(dashboard):
    for name, choices in SELECTIONS.items():
        select(dashboard, **choices)
        found = CODES.findall(dashboard.visible())
        assert found == [], (name, found)
        # every chart and table carries its source
        for view in VIEWS:
            assert dashboard.text(f"source-{view}").startswith("Bron: CBS-microdata ("), (
                name,
                view,
            )
        # the sources of what the view draws: the buurtteam under the jeugdteam comparison and the
        # similar wijken (the theme's profile), not under a KOPP definition of parents' care
        if choices.get("theme") == "kopp" and choices.get("measure") != "kopp.jeugdteam":
            assert "buurtteam" not in dashboard.text("source-trend"), name
            assert "buurtteam" in dashboard.text("source-similar"), name
        dashboard.shot(f"dashboard_{name}")
    assert dashboard.errors == []


def test_the_comparison_table_is_the_chart_and_the_export(dashboard, export):
    """The table beside the wijk comparison lists every wijk with the exported value and interval
    as text, and a mark exactly where verschillen.csv says the wijk differs."""
    select(dashboard, **SELECTIONS["kopp"])
    year = dashboard.page.input_value("#sel-year")
    m = measures(export)  # the gemeente and its wijken: buurten have a view of their own
    rows = m[(m["measure"] == "kopp.aandeel") & (m["definition"] == "breed") & (m["method"] == "wilson")
             & (m["group"] == "totaal") & (m["year"] == year)
             & m["area_level"].isin(["gemeente", "wijk"])]  # fmt: skip
    v = pd.read_csv(export / "kopp/verschillen.csv", dtype=str, keep_default_na=False)
    v = v[(v["comparison"] == "wijk_vs_gemeente") & (v["measure"] == "kopp.aandeel") & (v["definition"] == "breed")
          & (v["method"] == "wilson") & (v["group"] == "totaal") & (v["year"] == year)]  # fmt: skip
    verdicts = dict(zip(v["area_name"], v["verdict"], strict=True))
    head, *body = dashboard.table("compare")
    assert head == [
        "Wijk",
        "Cijfer",
        "95%-interval",
        "Verschil met de rest van de gemeente",
        "Personen in het gebied (totaal)",
    ]
    assert len(body) == len(rows)
    for name, shown, _ci, difference, _n in body[1:]:
        bare = name.rstrip(" ▲▼")
        r = rows[rows["area_name"] == bare].iloc[0]
        assert shown == ("onderdrukt" if r["status"] != "ok" else pct(float(r["value"]), "nl")), (
            name
        )
        assert difference == verdict_words("nl", verdicts[bare], "two_proportion_z")
        mark = VERDICT_MARKS.get(verdicts[bare])
        assert name == (f"{bare} {mark}" if mark else bare)
        # the chart draws the same name, marks included
        assert name in dashboard.svg_text("compare")
    legend = dashboard.text("legend-compare")
    # in plain words (B1); the test and Holm's correction are in the report's reading guide
    assert "▲" in legend and "Holm" not in legend and "z-toets" not in legend
    assert "in deze wijk duidelijk hoger of lager dan in de rest van de gemeente" in legend
    assert "waarschijnlijk geen toeval" in legend and "leeswijzer van het rapport" in legend
    # the trend says in words whether it rises or falls, and how that was decided
    assert "Ontwikkeling van" in dashboard.text("lead-trend") and "95%-interval" in dashboard.text(
        "legend-trend"
    )
    # a survey figure: tested against the municipality as a whole (the wijk in it); its count the respondents
    select(
        dashboard,
        theme="migratie",
        measure="migratie.k10_hoog",
        method="survey_taylor",
        group="totaal",
    )
    assert dashboard.table("compare")[0][3:] == [
        "Verschil met de gemeente als geheel",
        "Aantal ondervraagden",
    ]
    legend = dashboard.text("legend-compare")
    assert legend.startswith(
        "▲ hoger, ▼ lager: in deze wijk duidelijk hoger of lager dan in de gemeente als geheel; "
    )


def test_city_only_measures_are_said_not_drawn_empty(dashboard):
    # a total for the whole gemeente only: a sentence with the number, no empty chart
    select(dashboard, **SELECTIONS["zorgkloof"])
    assert "alleen voor de hele gemeente" in dashboard.text("lead-compare")
    assert not dashboard.has_chart("compare") and len(dashboard.table("compare")) == 2
    assert (
        dashboard.table("compare")[0][-1] == "Aantal ondervraagden"
    )  # a survey counts respondents
    # the overlap: a sorted bar chart of the chosen year, no sixteen lines over time
    select(dashboard, **SELECTIONS["overlap"])
    assert not dashboard.has_chart("trend") and len(dashboard.table("trend")) > 2
    assert "alleen voor de hele gemeente" in dashboard.text("lead-compare")
    bars = dashboard.page.locator("#view-compare svg .mark-rect path").count()
    head, *body = dashboard.table("compare")
    assert bars == sum(1 for row in body if row[1] not in ("onderdrukt", "geen personen")) > 2
    values = [float(row[1].rstrip("%").replace(",", ".")) for row in body if row[1].endswith("%")]
    assert values == sorted(values, reverse=True)
    labels = [row[0] for row in body]
    assert "GGZ-zorg + psychofarmaca" in labels
    # the combinations on the chart's axis, top to bottom, in the table's order
    axis = dashboard.page.eval_on_selector_all(
        "#view-compare svg .role-axis-label text", "ts => ts.map(t => t.textContent)"
    )
    on_axis = [a for a in axis if a in labels]
    assert on_axis == labels[: len(on_axis)] and len(on_axis) == len(labels)
    # one definition: said in a sentence
    assert "één definitie" in dashboard.text("lead-definitions")
    # odds ratios name their reference group, at 1
    select(dashboard, **SELECTIONS["or_ggz"])
    assert "(referentiegroep)" in dashboard.table("compare")[1][0]
    assert "1 = gelijk" in dashboard.svg_text("compare")
    assert "referentiegroep" in dashboard.text("legend-compare")
    assert dashboard.errors == []


def test_definitions_are_drawn_side_by_side(dashboard, export):
    from wijkzicht.definitions import parse_definitions
    from wijkzicht.outputs.labels import definition_label

    definitions = parse_definitions(config())
    select(dashboard, **SELECTIONS["kopp"])
    drawn = dashboard.svg_text("definitions")
    m = measures(export)
    keys = m.loc[m["measure"] == "kopp.aandeel", "definition"].unique()
    assert len(keys) == 4
    for key in keys:
        words = definition_label("nl", "kopp.aandeel", key, definitions)
        assert words != key and words in drawn, words
        assert words in dashboard.text("table-definitions")


def test_the_chosen_wijk_is_drawn_with_its_name(dashboard):
    page = dashboard.page
    select(dashboard, **SELECTIONS["kopp"])
    wijken = dashboard.options("wijk")
    dashboard.choose("wijk", wijken[-1])
    name = page.eval_on_selector("#sel-wijk", "s => s.selectedOptions[0].textContent")
    assert name in dashboard.svg_text("trend")
    assert name in dashboard.svg_text("similar")
    # wijken like it: the distance explained in words, the indicators in words
    head, *body = dashboard.table("similar")
    assert "hoe kleiner, hoe meer de wijk lijkt" in " ".join(head)
    assert len(body) >= 3 and "hoe kleiner" in dashboard.text("lead-similar")
    assert all(row[-1] and not CODES.search(row[-1]) for row in body if row[0])


def test_suppressed_values_are_drawn_as_suppressed(dashboard, export):
    m = measures(export)
    hidden = m[(m["status"] != "ok") & (m["area_level"] == "wijk") & (m["group"] == "totaal")
               & ~m["method"].str.startswith("trend")]  # fmt: skip
    assert len(hidden), "the small world has no suppressed wijk rows to show"
    r = hidden.iloc[0]
    select(
        dashboard,
        **{s: r[s] for s in ("theme", "measure", "definition", "method", "year")},
        group="totaal",
    )
    assert "onderdrukt" in dashboard.svg_text("compare")
    row = next(x for x in dashboard.table("compare") if x[0].rstrip(" ▲▼") == r["area_name"])
    assert row[1] == "onderdrukt" and row[2] == ""
    assert dashboard.errors == []


def sources_section(board: Dashboard, export) -> str:
    """The section of organisation and public figures: every number in it is its cell (cited,
    formatted apart in worlds._formatted); each indicator with its label and its own source line."""
    part = board.page.inner_html("#section-sources")
    cited = CITATION.findall(part)
    assert {f for f, *_ in cited} >= {"organisaties/cijfers.csv", "kerncijfers/kerncijfers.csv",
                                      "kerncijfers/inwoners.csv"}  # fmt: skip
    tables = {}
    for file, row, col, kind, shown in cited:
        if file not in tables:
            tables[file] = pd.read_csv(export / file, keep_default_na=False, na_values=[""])
        assert shown == _formatted(float(tables[file].loc[int(row), col]), kind, board.lang), (
            file,
            row,
        )
    ind = pd.read_csv(export / "organisaties/indicatoren.csv", dtype=str, keep_default_na=False)
    org = pd.read_csv(export / "organisaties/cijfers.csv", dtype=str, keep_default_na=False)
    text = board.page.inner_text("#section-sources")
    for r in ind.to_dict("records"):
        year = org.loc[org["measure"] == r["measure"], "year"].max()
        assert r[f"label_{board.lang}"] in text
        word = "Bron" if board.lang == "nl" else "Source"
        assert f"{word}: {r['supplier']}, {year}." in text
    # a suppressed figure keeps its word, never a number
    hidden = org[org["status"] != "ok"]
    if len(hidden):
        assert ("onderdrukt" if board.lang == "nl" else "suppressed") in text
    return text


def test_organisation_and_public_figures_beside_the_measures(dashboard, export):
    """Organisation figures (each with its supplier and year) and CBS's inhabitants per wijk, with
    the register's count beside them, in a section of the dashboard; screenshot of the section."""
    dashboard.lang = "nl"
    text = sources_section(dashboard, export)
    assert "Cijfers van organisaties en openbare cijfers" in text
    assert "Bron: CBS, Kerncijfers wijken en buurten" in text and "Overvecht" in text
    assert CODES.findall(text) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dashboard.page.locator("#section-sources").screenshot(
        path=SCREENSHOTS / "dashboard_bronnen.png"
    )
    assert (SCREENSHOTS / "dashboard_bronnen.png").stat().st_size > 10_000


def test_english_dashboard(export, browser, tmp_path):
    """The same export in English: words, numbers and the checks, opened offline."""
    from wijkzicht.definitions import parse_definitions
    from wijkzicht.outputs import dashboard as board

    page = tmp_path / "dashboard_en.html"
    cfg = config()
    board.write(export, parse_definitions(cfg), page, lang="en", gemeente=cfg["gemeente"])
    assert check_dashboard(page, export, "en") > 1000
    en = Dashboard(browser, page)
    try:
        assert en.errors == [] and en.requests == [en.url]
        assert "Trend over the years" in en.visible() and "onderdrukt" not in en.visible()
        en.lang = "en"
        assert "Figures of organisations and public figures" in sources_section(en, export)
        for name in ("kopp", "overlap", "or_ggz"):
            select(en, **SELECTIONS[name])
            assert CODES.findall(en.visible()) == [], name
            en.shot(f"dashboard_en_{name}")
        assert en.errors == []
    finally:
        en.context.close()


def test_the_map_view_follows_the_export_and_a_click_chooses_a_wijk(dashboard, export):
    """The map view shows the chosen theme's map only; each wijk is filled as the map's data
    (`<theme>/kaart_<measure>.csv`) says, a suppressed or empty wijk with its pattern, and says
    its name and value on hover; a click on a wijk chooses it everywhere; screenshot."""
    from wijkzicht.outputs.catalogue import map_name

    page = dashboard.page
    for theme in ("migratie", "kopp"):
        select(dashboard, theme=theme)
        shown = page.locator("figure.wz-map:not([hidden])")
        assert shown.count() == 1 and shown.get_attribute("data-theme") == theme
        sel = pd.read_csv(
            export / theme / f"{map_name(theme)}.csv", dtype=str, keep_default_na=False
        )
        areas = sel[sel["role"] == "area"]
        paths = shown.locator("path[data-code]")
        assert paths.count() == len(areas) == 10
        for r in areas.to_dict("records"):
            path = shown.locator(f'path[data-code="{r["area_code"]}"]')
            fill = path.get_attribute("fill")
            if r["state"] == "ok":
                assert fill == r["fill"], r["area_code"]
            else:
                assert fill == f"url(#wz-{r['state']}-{theme})", r["area_code"]
            tip = path.locator("title").text_content()
            assert tip.startswith(f"{r['area_name']}: {r['shown']}"), tip
        # the table beside the map: every wijk by name with its value, from high to low as
        # every list of wijken (maps.table_order), those without a value after them
        rows = shown.locator("table.map-values tbody tr").all_inner_texts()
        order = list(maps.table_order(areas)["area_name"])
        assert [x.split("\t")[0] for x in rows] == order
    before = page.input_value("#sel-wijk")
    code = next(c for c in areas["area_code"] if c != before)
    shown.locator(f'path[data-code="{code}"]').dispatch_event("click")
    dashboard.wait()
    assert page.input_value("#sel-wijk") == code
    assert "chosen" in (shown.locator(f'path[data-code="{code}"]').get_attribute("class") or "")
    assert dashboard.errors == [] and dashboard.requests == [dashboard.url]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#section-map").screenshot(path=SCREENSHOTS / "dashboard_kaart.png")
    assert (SCREENSHOTS / "dashboard_kaart.png").stat().st_size > 10_000


def test_a_theme_opens_on_the_measure_of_its_map(dashboard):
    """Choosing a theme chooses its main measure, definition and method (catalogue.MAIN, what its
    map above the menus draws): migratie opens on standardised GGZ care, not on the first measure
    in alphabetical order (Eenzaamheid), whatever was chosen before."""
    page = dashboard.page
    select(dashboard, theme="kopp", definition="ggz")
    for theme, (measure, definition, method) in {
        "migratie": ("migratie.ggz", "ggz", "direct_std_gamma"),
        "nieuwkomers": ("nieuwkomers.aandeel", "breed", "wilson"),
        "kopp": ("kopp.aandeel", "breed", "wilson"),
    }.items():
        select(dashboard, theme=theme)
        got = [page.input_value(f"#sel-{s}") for s in ("measure", "definition", "method")]
        assert got == [measure, definition, method], theme
    # a choice within the theme stays what the reader chose
    select(dashboard, measure="kopp.jeugdteam")
    assert page.input_value("#sel-measure") == "kopp.jeugdteam"


def test_model_estimates_of_the_buurten_by_name_without_a_city_row(dashboard, export):
    """A model estimate per buurt: the buurten by name (their small differences mean nothing, so
    no ranking), the lead says so and says on top only the wijk (a model estimate has no row of
    the whole gemeente), and the legend names no gemeente; a register figure per buurt still goes
    from high to low under the wijk and the gemeente."""
    page = dashboard.page
    select(
        dashboard,
        theme="migratie",
        measure="migratie.k10_hoog",
        method="modelschatting",
        group="totaal",
    )
    lead = page.inner_text("#lead-buurten")
    assert (
        "op naam, niet van hoog naar laag. Bovenaan de wijk." in lead
        and "hele gemeente" not in lead
    )
    rows = dashboard.table("buurten")[1:]
    wijk = page.input_value("#sel-wijk")
    assert rows[0][0] == dashboard.page.eval_on_selector(
        "#sel-wijk", "s => s.selectedOptions[0].textContent"
    )
    names = [r[0] for r in rows[1:]]
    assert len(names) > 2 and names == sorted(names, key=str.casefold), names
    assert gemeente_name(export) not in dashboard.svg_labels("buurten")
    dashboard.shot("dashboard_buurten_model")
    m = measures(export)
    assert not ((m["method"] == "modelschatting") & (m["area_level"] == "gemeente")).any()
    assert wijk
    select(dashboard, theme="kopp")
    lead = page.inner_text("#lead-buurten")
    assert "van hoog naar laag. Bovenaan de wijk en de hele gemeente." in lead, lead
