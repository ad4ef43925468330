"""The offline dashboard in headless Chromium (Debian's, driven by Playwright): it opens from a
file:// URL with no console errors and no network requests, and each selector changes what is
drawn. Screenshots are written under results/screenshots/ of the repository."""

import shutil

import pandas as pd
import pytest
from worlds import REPO

pytestmark = pytest.mark.e2e

SCREENSHOTS = REPO / "results/screenshots"
VIEWS = ("trend", "compare", "definitions", "similar")


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
        self.context = browser.new_context(viewport={"width": 1300, "height": 1800})
        # anything that is not the file itself is recorded and refused
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
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
        """What is on screen per view: the rendered SVG and the view's caption."""
        return {
            v: self.page.inner_html(f"#view-{v}") + self.page.inner_text(f"#title-{v}")
            for v in VIEWS
        }

    def svg_text(self, view: str) -> str:
        return " ".join(
            self.page.eval_on_selector_all(
                f"#view-{view} svg text", "ts => ts.map(t => t.textContent)"
            )
        )


@pytest.fixture(scope="module")
def dashboard(small_world, browser):
    wd, _ = small_world
    board = Dashboard(browser, wd / "results/export/dashboard.html")
    yield board
    board.context.close()


def test_opens_offline_without_errors(dashboard):
    assert dashboard.errors == []
    assert dashboard.requests == [dashboard.url]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dashboard.page.screenshot(path=SCREENSHOTS / "dashboard.png", full_page=True)
    assert (SCREENSHOTS / "dashboard.png").stat().st_size > 10_000
    # the first drawing: KOPP, the gemeente in the trend and in the comparison
    assert dashboard.page.input_value("#sel-theme") == "kopp"
    assert "Gemeente" in dashboard.svg_text("trend") and "Gemeente" in dashboard.svg_text("compare")


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
    (
        "method",
        lambda opts, now: [o for o in opts if o != now][0],
        ["trend", "compare", "definitions"],
    ),
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
        page.screenshot(path=SCREENSHOTS / f"dashboard_{selector}.png", full_page=True)
    assert dashboard.errors == []
    assert dashboard.requests == [dashboard.url]


def test_definitions_are_drawn_side_by_side(dashboard):
    dashboard.choose("theme", "kopp")
    drawn = dashboard.svg_text("definitions")
    for words in (
        "brede definitie",
        "ouder in GGZ-zorg",
        "ouder gebruikt psychofarmaca",
        "ouder in verslavingszorg",
    ):
        assert words in drawn, words


def test_the_chosen_wijk_is_drawn_with_its_name(dashboard):
    page = dashboard.page
    dashboard.choose("theme", "kopp")
    wijken = dashboard.options("wijk")
    dashboard.choose("wijk", wijken[-1])
    name = page.eval_on_selector("#sel-wijk", "s => s.selectedOptions[0].textContent")
    assert name in dashboard.svg_text("trend")
    assert name in dashboard.svg_text("similar")
    assert page.locator("#similar-table tr").count() >= 2


def test_suppressed_values_are_drawn_as_suppressed(small_world, dashboard):
    wd, _ = small_world
    m = pd.concat([pd.read_csv(wd / f"results/export/{t}/measures.csv", dtype=str, keep_default_na=False)
                   for t in ("kopp", "migratie", "nieuwkomers")])  # fmt: skip
    hidden = m[(m["status"] != "ok") & (m["area_level"] == "wijk") & (m["group"] == "totaal")
               & ~m["method"].str.startswith("trend")]  # fmt: skip
    assert len(hidden), "the small world has no suppressed wijk rows to show"
    r = hidden.iloc[0]
    for selector in ("theme", "measure", "definition", "method", "group", "year"):
        dashboard.choose(selector, r[selector] if selector != "group" else "totaal")
    assert "onderdrukt" in dashboard.svg_text("compare")
    assert dashboard.errors == []
