"""Render the definition rules of tests/spec/rules/ into docs/rules.md.

Each module there is a section (`title`, `order`, its docstring the introduction); each test
function `test_<letter><number>_...` is a rule: its docstring's first line the heading, the
rest the rule text, and its one call of the `rule` fixture the tiny world, the question and
the expected answer. The renderer calls every test function with a recorder in place of the
fixture, so the docs show exactly the data the tests run.

    python tools/spec_docs.py           write docs/rules.md
    python tools/spec_docs.py --check   exit 1 when docs/rules.md is not what it would write
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RULES_DIR = REPO / "tests" / "spec" / "rules"
OUT = REPO / "docs" / "rules.md"
RULE_NAME = re.compile(r"test_([a-z])(\d+)_\w+")

for p in (REPO / "tests", RULES_DIR):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import harness  # noqa: E402  (tests/spec/rules/harness.py)


@dataclass
class Rule:
    id: str  # e.g. "K3"
    heading: str
    text: str
    spec: harness.Spec
    test: str  # tests/spec/rules/<module>.py::<function>
    not_met: str | None  # the reason of a strict xfail: the pipeline does not meet it yet

    @property
    def anchor(self) -> str:
        return self.id.lower()


@dataclass
class Section:
    order: int
    anchor: str  # test_rules_<anchor>.py
    title: str
    intro: str
    rules: list[Rule]


class _Recorder:
    """Stands in for the `rule` fixture: keeps the spec instead of checking it."""

    def __init__(self):
        self.spec: harness.Spec | None = None

    def __call__(self, **spec):
        if self.spec is not None:
            raise ValueError("a rule calls `rule` once")
        self.spec = harness.Spec(**spec)


def _rule(module, name: str, fn) -> Rule:
    m = RULE_NAME.fullmatch(name)
    if not m:
        raise ValueError(
            f"{module.__name__}.{name}: rule tests are named test_<letter><number>_..."
        )
    doc = inspect.cleandoc(fn.__doc__ or "")
    heading, _, text = doc.partition("\n")
    if not heading or not text.strip():
        raise ValueError(
            f"{module.__name__}.{name}: the docstring is a heading line, a blank line and the rule"
        )
    rec = _Recorder()
    fn(rec)
    if rec.spec is None:
        raise ValueError(f"{module.__name__}.{name} never calls `rule`")
    marks = [mk for mk in getattr(fn, "pytestmark", []) if mk.name == "xfail"]
    path = Path(inspect.getfile(module)).relative_to(REPO).as_posix()
    return Rule(
        id=f"{m.group(1).upper()}{m.group(2)}", heading=heading.strip(), text=text.strip(),
        spec=rec.spec, test=f"{path}::{name}", not_met=marks[0].kwargs.get("reason") if marks else None,
    )  # fmt: skip


def sections() -> list[Section]:
    out = []
    for path in sorted(RULES_DIR.glob("test_*.py")):
        module = importlib.import_module(path.stem)
        rules = [
            _rule(module, n, f)
            for n, f in vars(module).items()
            if n.startswith("test_") and callable(f)
        ]
        anchor = path.stem.removeprefix("test_rules_")
        out.append(
            Section(
                module.order, anchor, module.title, inspect.cleandoc(module.__doc__ or ""), rules
            )
        )
    return sorted(out, key=lambda s: s.order)


# ------------------------------------------------------------------------------ markdown


def md_table(text: str) -> str:
    """A text table as an aligned markdown table."""
    df = harness.table(text)
    rows = [list(df.columns), *df.astype(str).to_numpy().tolist()]
    rows = [[c.replace("|", "\\|") for c in r] for r in rows]
    widths = [max(3, *(len(r[i]) for r in rows)) for i in range(len(rows[0]))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join(
        [line(rows[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows[1:])]
    )


def _caption(key: str) -> str:
    name, year = harness.split_name(key)
    what = harness.TABLES[name].description["en"]
    if name == "VSLGWBTAB":
        what += ", per year: the wijk (or other gemeente) of each object on 1 January"
    return f"`{name}`" + (f" {year}" if year else "") + f": {what}"


def _contract(parts: list) -> str:
    return ", ".join(harness.CONTRACT_PARTS[p] for p in parts)


def render_rule(rule: Rule) -> list[str]:
    s = rule.spec
    out = [f'<a id="{rule.anchor}"></a>', "", f"### {rule.id} {rule.heading}", "", rule.text, ""]
    if rule.not_met:
        out += [
            f"> **Not met yet.** The pipeline does not follow this rule yet: {rule.not_met}.",
            "",
        ]
    if s.question is not None:
        out += [f"*Question:* {s.question.text}", ""]
        for key, text in s.tables.items():
            out += [_caption(key), "", md_table(text), ""]
        for caption, text in s.question.inputs.items():
            out += [caption, "", md_table(text), ""]
        out += ["*Expected answer:*", "", md_table(s.expected), ""]
    checked = [f"[`{rule.test.split('::')[1]}`](../{rule.test.split('::')[0]})"]
    checked += [f"[`{t.split('::')[1]}`](../{t.split('::')[0]})" for t in s.checked_by]
    out += [f"<sub>Contract: {_contract(s.contract)}. Checked by {', '.join(checked)}.</sub>", ""]
    return out


INTRO = """\
# Definition rules

<!-- Generated by tools/spec_docs.py from tests/spec/rules/; do not edit by hand. Change the
rule's test and run `python tools/spec_docs.py`. -->

Every rule that decides which person counts where, stated in the product's own words. Each
rule comes with a tiny world of persons, written as the input tables the pipeline reads, the
question put to the pipeline and the expected answer per person (or per row of the measures
table), with the reason beside it. The same tables drive the spec tests under
`tests/spec/rules/`: each test runs the pipeline's own functions on its world and checks every
cell of the expected answer, so this page cannot drift from what the code does. Code comments
cite the rules by their anchor, e.g. `docs/rules.md#n3`."""


def _legend() -> list[str]:
    out = ["## How to read the tables", "", "Short column names in the input tables:", ""]
    out += [f"- `{k}`: {v}" for k, v in harness.LEGEND.items()]
    out += ["", "Columns a table does not show take a default:", ""]
    out += [f"- {d}" for d in harness.DEFAULTS]
    out += ["", harness.DEFAULT_PLACES_TEXT, ""]
    out += [
        "In the expected answers a person is named by the short number, `(none)` for a row "
        "without a number; `yes`/`no` answer a question about a person; a person marked "
        "`no` in the first answer column (`resident`, `child`, `adult`, `newcomer`) must be absent "
        "from the pipeline's answer. Numbers are shown with at most four decimals; an empty cell "
        "is an empty (missing) value. The `why` column is explanation only.",
        "",
    ]
    return out


def _coverage(secs: list[Section]) -> list[str]:
    where: dict = {}
    for sec in secs:
        for r in sec.rules:
            for part in r.spec.contract:
                where.setdefault(part, []).append(f"[{r.id}](#{r.anchor})")
    out = ["## Coverage of the external contract", "",
           "Where each precise rule of the measures contract (`measures.md`, rules 1-25), its "
           "conventions and theme definitions are stated here.", "",
           "| contract | stated in |", "|---|---|"]  # fmt: skip
    for part in harness.CONTRACT_PARTS:
        out.append(
            f"| {harness.CONTRACT_PARTS[part]} | {', '.join(where.get(part, [])) or '**not covered**'} |"
        )
    return [*out, ""]


def render() -> str:
    secs = sections()
    out = [INTRO, "", "## Contents", "", "- [How to read the tables](#how-to-read-the-tables)"]
    for sec in secs:
        out.append(f"- [{sec.title}](#{sec.anchor})")
        out += [f"  - [{r.id} {r.heading}](#{r.anchor})" for r in sec.rules]
    out += ["- [Coverage of the external contract](#coverage-of-the-external-contract)", ""]
    out += _legend()
    for sec in secs:
        out += [f'<a id="{sec.anchor}"></a>', "", f"## {sec.title}", "", sec.intro, ""]
        for r in sec.rules:
            out += render_rule(r)
    out += _coverage(secs)
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(
                f"{OUT.relative_to(REPO)} is out of date: run python tools/spec_docs.py to update"
            )
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
