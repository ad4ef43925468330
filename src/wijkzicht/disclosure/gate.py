"""The export gate: nothing reaches results/export/ that carries a person key or breaks the disclosure rules.

`check_export` walks a directory and lists every problem it finds, each naming the
file and, where there is one, the line (line 1 is a CSV header):

- a file whose type is not on the allowed list (members of a zip are checked too);
- a column (CSV header, JSON key, Excel or Markdown/HTML table header) named like a
  person, household or address key: RINPERSOON*, RINOBJECTNUMMER, SOORTOBJECTNUMMER,
  HUISHOUDNR*, *HKW, BSN, *TRAJECTNUMMER;
- a standalone 9-digit number anywhere in a text file (csv, json, md, html, txt, svg),
  an Excel sheet or a file name: the shape of a RINPERSOON. Digits after a decimal
  point do not count; a float such as 123456789.0 does;
- in a measures table (a CSV with status, n_numerator and n_denominator columns): a
  status outside ok/suppressed (`primary.EXPORT_STATUSES`: an exported row never says
  whether it is suppressed as primary or secondary, which would tell a primary row's counts
  lie in 1..threshold-1), an `ok` row that breaks the primary rule, or a suppressed row
  that still carries a number;
- a standardised share or odds ratio (method direct_std_gamma, logit_glm: the persons of
  known sex) whose counts differ from its cell's crude row (wilson) by a cell that breaks the
  primary rule: the persons of unknown sex of the cell (`cell_counts.differences_given_away`);
- a ratio row (method ratio_katz) whose value and se give the reference group's counts back
  (`primary.reference_counts`: nieuwkomers.concentratie's residents) where those break the
  primary rule;
- across the tables of one release folder (`populations_given_back`, residents = adults +
  children + those without an age): by the audit's criterion (docs/rules.md#e7), what the
  tables together give away of an area's residents, adults or children that one table hides
  (`kerncijfers/inwoners.csv`, the migratie registry shares' denominators, kopp's:
  `primary.population_rows`): residents given back exactly (a count alone) or narrowed below
  the threshold, a population narrowed below it, a theme's hidden row whose population and
  numerator both are given back exactly (a population known with its numerators open gives
  nobody away) or whose numerator or rest is certainly a sensitive count narrowed below the
  threshold, and those without an age (never published) where the published counts pin them
  within 1 to threshold - 1; counts rounded to a base read as the counts they stand for, and
  an export whose counts contradict each other refused (never skipped);
- across the tables of one release folder (`residents_given_back`): a published ratio row
  whose reference group is the area's residents (`primary.RESIDENTS_REFERENCE`:
  nieuwkomers.concentratie) and whose value and se give them back, for an area and year whose
  residents `kerncijfers/inwoners.csv` suppresses (the hidden count published after all);
- in a persona table (a CSV with status, n_persons and n_target columns, `<theme>/personas.csv`):
  the same statuses, an `ok` persona whose (n_persons, n_target) breaks the primary rule or
  stands for fewer than the threshold, a suppressed row with a count or an attribute
  (`disclosure.personas.check_persona_rows`);
- a model estimate (a measures row with method ``modelschatting``) published for an area
  with fewer residents or respondents than `model_rules` asks, with a numerator, or with
  more decimals than `model_rules` allows (`model_estimates.check_row`; the rules are
  config disclosure.modelschatting, and without them such a row is refused), or without
  its respondents while its wijk's survey row publishes them
  (`model_estimates.respondents_withheld_without_cause`);
- in the linkage report (`disclosure.linkage`): a bin of matchgewichten.csv with 1 to
  threshold-1 rows, or left empty beside published bins of its source (the published total
  minus those gives it back); a row of linkage.csv that publishes the property's share over
  the linked or unlinked rows while its share_in_gba is empty.

Reported key values are masked, so the gate's own message does not repeat a key.
PNG and PDF content is not inspected (PDF text is compressed): figures must be made
from tables that passed this gate.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wijkzicht.disclosure.model_estimates import METHOD as MODEL_METHOD
from wijkzicht.disclosure.model_estimates import check_row as check_model_row
from wijkzicht.disclosure.model_estimates import respondents_withheld_without_cause
from wijkzicht.disclosure.primary import (
    COUNT_COLUMNS,
    EXPORT_STATUSES,
    KATZ_METHODS,
    POPULATION_PART,
    QUANTITIES,
    RESIDENTS_REFERENCE,
    population_rows,
    published_status,
    quantities_of,
    reference_counts,
    sensitive,
)
from wijkzicht.disclosure.rounding import rounded_range
from wijkzicht.errors import WijkzichtError
from wijkzicht.themes.table import NUMBERS

ALLOWED = ("csv", "xlsx", "png", "svg", "pdf", "html", "json", "md", "txt", "zip")
TEXT_TYPES = frozenset({"csv", "json", "md", "html", "txt", "svg"})
KEY_COLUMN = re.compile(
    r"RINPERSOON|RINOBJECTNUMMER|SOORTOBJECTNUMMER|HUISHOUDNR|HKW$|^BSN$|TRAJECTNUMMER",
    re.IGNORECASE,
)
PERSON_KEY = re.compile(r"(?<![\w.])\d{9}(?!\w)")
MEASURES_MARKER = frozenset({"status", *COUNT_COLUMNS})
PERSONAS_MARKER = frozenset({"status", "n_persons", "n_target"})
# linkage/matchgewichten.csv and linkage/linkage.csv (`disclosure.linkage`)
HISTOGRAM_MARKER = frozenset({"source", "bin", "lower", "upper", "n"})
LINKAGE_MARKER = frozenset(
    {"share_in_gba", "share_kenmerk_linked", "share_kenmerk_unlinked", "suppressed"}
)
MAX_ZIP_DEPTH = 3
# the columns `primary.reference_counts` reads of a ratio row
REFERENCE_READS = ("method", "n_numerator", "n_denominator", "value", "se")


@dataclass(frozen=True)
class Problem:
    """One reason a file may not be exported."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.message}"


class ExportError(WijkzichtError, ValueError):
    """The export directory holds something that may not leave the secure environment."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"export refused, {len(self.problems)} problem(s):\n{shown}{more}")


def check_export(
    root: Path,
    threshold: int,
    allowed: Sequence[str] = ALLOWED,
    *,
    publish_zeros: bool = True,
    model_rules: Mapping | None = None,
    passed: Collection[tuple[str, str]] = frozenset(),
    rounding_base: int | None = None,
) -> list[Problem]:
    """Every problem in the files under `root` (an empty list when the export is clean).
    `model_rules`: config disclosure.modelschatting, for rows of model estimates; `passed`: the
    contents an export gate found clean under the same rules (`passed_contents`), whose checks
    of the content are not repeated (the file names and types still are); `rounding_base`:
    config disclosure.rounding_base, the base the themes' published counts were rounded to
    (`populations_given_back` reads each as the counts it stands for)."""
    return _check_files(root, threshold, allowed, publish_zeros, model_rules, passed,
                        rounding_base)[0]  # fmt: skip


def check_and_record(
    root: Path,
    threshold: int,
    allowed: Sequence[str] = ALLOWED,
    *,
    publish_zeros: bool = True,
    model_rules: Mapping | None = None,
    rounding_base: int | None = None,
) -> tuple[list[Problem], str]:
    """`check_export` of `root` (a folder) and the export gate's record of it: a first line
    'export gate passed: N files checked', the rules it checked them by (`rules_key`) and the
    SHA-256 of each file's content with its path, each file read once. The bundle trusts the
    record for the members of the release zip with the same content and type
    (`passed_contents`), so it does not check the same bytes again (about 0.7 CPU s of the
    bundle on the default world). The record is meant for a clean export only."""
    root = Path(root)
    problems, digests = _check_files(root, threshold, allowed, publish_zeros, model_rules, (),
                                     rounding_base)  # fmt: skip
    lines = [
        f"export gate passed: {len(digests)} files checked",
        f"rules {rules_key(threshold, allowed, publish_zeros, model_rules, rounding_base)}",
        *(f"{digest}  {path.relative_to(root).as_posix()}" for path, digest in digests.items()),
    ]
    return problems, "\n".join(lines) + "\n"


def rules_key(
    threshold: int, allowed: Sequence[str], publish_zeros: bool, model_rules: Mapping | None,
    rounding_base: int | None = None,
) -> str:  # fmt: skip
    """What a content's checks depend on besides the content and its type: the rules (threshold,
    zeros, model rules, rounding, the allowed types) and this module's code, as one SHA-256."""
    rules = {
        "threshold": threshold,
        "rounding_base": int(rounding_base or 0),
        "allowed": sorted(a.lower().lstrip(".") for a in allowed),
        "publish_zeros": publish_zeros,
        "model_rules": model_rules,
        "code": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
    }
    return hashlib.sha256(json.dumps(rules, sort_keys=True, default=str).encode()).hexdigest()


def passed_contents(
    record: str,
    threshold: int,
    allowed: Sequence[str] = ALLOWED,
    *,
    publish_zeros: bool = True,
    model_rules: Mapping | None = None,
    rounding_base: int | None = None,
) -> frozenset[tuple[str, str]]:
    """The (type, SHA-256) of each file an export gate's `record` (`check_and_record`) found
    clean, when it checked them by these rules; none when it passed nothing or checked by other
    rules (another threshold, other model rules or another version of this module)."""
    lines = record.splitlines()
    key = rules_key(threshold, allowed, publish_zeros, model_rules, rounding_base)
    if (
        len(lines) < 2
        or not lines[0].startswith("export gate passed")
        or lines[1] != f"rules {key}"
    ):
        return frozenset()
    return frozenset(
        (_kind(path), digest) for digest, path in (x.split("  ", 1) for x in lines[2:])
    )


def _check_files(root, threshold, allowed, publish_zeros, model_rules, passed, rounding_base=None):
    """The problems of each file under `root` and the SHA-256 of each file's content."""
    root = Path(root)
    allowed = tuple(a.lower().lstrip(".") for a in allowed)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    problems: list[Problem] = []
    digests: dict[Path, str] = {}
    for path in files:
        data = path.read_bytes()
        problems += check_file(
            str(path), data, threshold, allowed, publish_zeros=publish_zeros,
            model_rules=model_rules, passed=passed,
        )  # fmt: skip
        digests[path] = hashlib.sha256(data).hexdigest()
    if root.is_dir():
        problems += residents_given_back(root)
        problems += populations_given_back(root, threshold, publish_zeros=publish_zeros,
                                           rounding_base=rounding_base)  # fmt: skip
    return problems, digests


# a release folder's residents per area (the register beside Kerncijfers)
INWONERS = Path("kerncijfers") / "inwoners.csv"


def residents_given_back(root: Path) -> list[Problem]:
    """For every `kerncijfers/inwoners.csv` under `root`: the published rows of the measures
    tables beside it (`<theme>/measures.csv` in the same folder) whose value and se give an
    area's residents back (`primary.RESIDENTS_REFERENCE`, `primary.reference_counts`: n0)
    where inwoners.csv suppresses that area's residents in that year. Two tables hold that
    count; where the one hides it the other may not publish it (docs/rules.md#e7). Read from
    the export alone; a release zip's members are the folder's files (not checked again)."""
    problems: list[Problem] = []
    for inwoners in sorted(Path(root).rglob(INWONERS.as_posix())):
        inw = _text_table(inwoners)
        if not {"year", "area_code", "status"} <= set(inw.columns):
            continue
        hidden = set(_year_area(inw[inw["status"] != "ok"]))
        if hidden:
            for table in sorted(inwoners.parent.parent.glob("*/measures.csv")):
                problems += _residents_in(table, hidden)
    return problems


def populations_given_back(
    root: Path, threshold: int, *, publish_zeros: bool = True, rounding_base: int | None = None
) -> list[Problem]:
    """For every `kerncijfers/inwoners.csv` under `root` with the theme tables beside it whose
    population is a part of the residents (`primary.POPULATION_PART`: `kopp/measures.csv`'s
    children, `migratie/measures.csv`'s adults, the n_denominator of their
    `primary.population_rows`): what the tables together give away of a count one of them hides
    (no row publishes it), by the audit's criterion (docs/rules.md#e7: a suppressed row the
    attacker computes exactly, or a sensitive count narrowed below the threshold), as far as
    the export shows it:

    - an area's residents that inwoners.csv hides (a row that is a count alone) and the others
      give back exactly, or narrow to at most `threshold` - 1;
    - a theme's population that its table hides (every population row of the area
      suppressed) narrowed to at most `threshold` - 1 (a count of 1 to threshold - 1; a hidden
      population of 0 cannot occur, an empty cell is published);
    - such a hidden row (measure, definition) that the attacker computes exactly: its
      population AND its numerator pinned. A population given back exactly (residents -
      adults, say) with its numerators open hides those numerators as the audit asks (a kopp
      row whose children are known but not how many of them have a parent in care gives
      nobody away), so that alone is no problem;
    - such a hidden row whose numerator or rest (population - numerator) is, in every table
      the export allows, a sensitive count (1 to threshold - 1; 0 too in a non-empty population
      with `publish_zeros` false) within at most `threshold` - 1 (also: numerator and rest
      both at most threshold - 1 in a population of 1 or more, so one of them is 1 to
      threshold - 1);
    - the residents without an age (in none of the populations, never published) where the
      attacker narrows them to within 1 to threshold - 1 (docs/rules.md#l8: a count of
      persons; known exactly, 0 or the threshold and more tell nothing of a small group).

    The gate sees values, not which suppressed count is sensitive: it refuses only what is a
    leak whatever the hidden values are (no false alarm; a hidden count of 0: below). The
    attacker's LP, per year:
    residents = the parts + those without an age (>= 0), each count >= 0, the wijken at most
    their gemeente (a resident may be in no wijk), and for each population row (measure,
    definition) its numerator at most its population, the wijken's numerators at most the
    gemeente's and the gemeente's numerator outside the wijken at most its population outside
    them (they are persons of that population). It leaves out the theme's other relations
    (definitions inside each other, kopp.overlap's combinations, group values adding up to
    totaal, buurten), so it is weaker than the audit's: what it finds is a leak, and a
    numerator that only those relations pin is the theme's audit's to catch, which protects
    each theme's table against all three tables with every relation (`control.protect`'s
    `residents`). Read from the export alone. Where the export shows the wijken adding up to
    their gemeente (the residents of the gemeente and of all its wijken published) the sums
    hold as equalities in this LP already: each count's wijken are at most its gemeente and
    the residents' rests are the sum of the parts' rests, so all of them are 0, and so are
    the numerators' rests. The audit's equality where the register has nobody outside a wijk,
    with the gemeente or a wijk hidden, is the register's knowledge, not the export's: assumed
    here, a gemeente with residents in no wijk would be refused for intervals that are not the
    attacker's.

    With `rounding_base` (config disclosure.rounding_base) the themes' published counts were
    rounded, each on its own, after suppression (`rounding.round_counts`; inwoners.csv's are
    not, `control.protect_counts`): each stands for the whole counts that round to it
    (`rounding.rounded_range`, 1200 for 1198 to 1202 with base 5), as the relations hold for
    the true counts only (1198 adults and 298 children publish 1200 and 300 beside 1496
    residents). An export whose counts contradict each other all the same (rounded to a base
    the gate was not told, say) admits no table: it is refused, naming the relation and the
    counts that break it, and so is a count whose LP finds no answer. Nothing is skipped.

    A hidden count of 0 (a population, the residents): with `publish_zeros` true disclosure
    control never hides one (an empty cell, `primary.apply_primary`, and never a partner,
    `secondary`), so a hidden count narrowed to 0 to threshold - 1 is one of 1 to threshold
    - 1, and one pinned at 0 a partner the attacker computes exactly, which protects nothing
    (docs/rules.md#e7); with `publish_zeros` false a hidden 0 is a withheld count the primary
    rule protects (docs/rules.md#e6). Either way it is refused; the residents without an age
    are never hidden, and a rest of 0 of them is no group (docs/rules.md#l8)."""
    problems: list[Problem] = []
    for inwoners in sorted(Path(root).rglob(INWONERS.as_posix())):
        folder = inwoners.parent.parent
        counts = {"inwoners": _published_counts(_text_table(inwoners), None, "n_numerator")}
        numerators = []
        for theme in sorted(POPULATION_PART):
            table = folder / theme / "measures.csv"
            if table.exists():
                df = _text_table(table)
                counts[theme] = _published_counts(df, theme, "n_denominator")
                numerators.append(_population_numerators(df, theme).assign(count=theme))
        if len(counts) < 2:
            continue
        frame = pd.concat([c.assign(count=name) for name, c in counts.items()], ignore_index=True)
        nums = pd.concat(numerators, ignore_index=True) if numerators else _NO_NUMERATORS
        for year, rows in frame.groupby("year", sort=True):
            problems += [
                Problem(str(inwoners if name == "inwoners" else folder / name / "measures.csv"),
                        None, message)
                for name, message in _population_attack(
                    rows, nums[nums["year"] == year], year, threshold, publish_zeros,
                    rounding_base)
            ]  # fmt: skip
    return problems


_NO_NUMERATORS = pd.DataFrame(columns=["year", "area_level", "area_code", "row", "k", "count"])


def _theme_rows(df: pd.DataFrame, theme: str | None, column: str) -> pd.DataFrame:
    """The rows of a table that hold its residents (inwoners.csv, `theme` None) or its theme's
    population (`primary.population_rows`) at a gemeente or wijk; none without `column`."""
    if not {"year", "area_level", "area_code", "status", column} <= set(df.columns):
        return df.iloc[:0]
    if theme is not None:
        df = df[population_rows(df.assign(theme=theme, n_denominator=df[column].replace("", "0")))]
    return df[df["area_level"].isin(("gemeente", "wijk"))]


def _published_counts(df: pd.DataFrame, theme: str | None, column: str) -> pd.DataFrame:
    """year, area_level, area_code and the count (NaN where no row of the table publishes it)
    of a table's residents (inwoners.csv) or its theme's population."""
    df = _theme_rows(df, theme, column)
    if df.empty:
        return pd.DataFrame(columns=["year", "area_level", "area_code", "n"])
    n = pd.to_numeric(df[column].where(df["status"] == "ok"), errors="coerce")
    df = df.assign(n=n)[["year", "area_level", "area_code", "n"]]
    return df.groupby(["year", "area_level", "area_code"], as_index=False)["n"].max()


def _population_numerators(df: pd.DataFrame, theme: str) -> pd.DataFrame:
    """year, area_level, area_code, row (its measure and definition) and the numerator k (NaN
    where the row is suppressed) of each population row of a theme's table."""
    df = _theme_rows(df, theme, "n_denominator")
    if df.empty or "n_numerator" not in df or "measure" not in df:
        return _NO_NUMERATORS.drop(columns="count")
    label = df["measure"] + (" " + df["definition"] if "definition" in df else "")
    k = pd.to_numeric(df["n_numerator"].where(df["status"] == "ok"), errors="coerce")
    out = df.assign(row=label.str.strip(), k=k)[["year", "area_level", "area_code", "row", "k"]]
    return out.groupby(["year", "area_level", "area_code", "row"], as_index=False)["k"].max()


class _Unjudged(WijkzichtError):
    """An LP of the gate's attacker that found no answer (`_population_attack`)."""


def _population_attack(
    rows: pd.DataFrame, numerators: pd.DataFrame, year: str, threshold: int, publish_zeros: bool,
    base: int | None = None,
) -> list[tuple[str, str]]:  # fmt: skip
    """(count, message) for every leak of one year (`populations_given_back`): `rows` the
    residents' and populations' counts, `numerators` the populations rows' numerators, `base`
    the base the themes' counts were rounded to (each then stands for the counts
    `rounding.rounded_range` gives; inwoners.csv's are never rounded, `control.protect_counts`).
    Where the published counts contradict each other the LP has no table at all: then the
    year is refused (`_contradictions`), never passed, and so is a count whose LP fails."""
    from scipy.optimize import linprog

    from wijkzicht.disclosure.audit import _whole as whole

    names = sorted(set(rows["count"]))
    areas = sorted(set(rows["area_code"]))
    level = dict(zip(rows["area_code"], rows["area_level"], strict=False))
    numerators = numerators[numerators["area_code"].isin(areas)]
    var = {(n, a): i for i, (n, a) in enumerate((n, a) for n in [*names, "_"] for a in areas)}
    for t, r, a in numerators[["count", "row", "area_code"]].itertuples(index=False):
        var[(t, r, a)] = len(var)
    # (coefs, equality): the sum of coefs x counts is 0 (equality) or at most 0
    relations: list[tuple[dict, bool]] = []

    def row(coefs: dict) -> np.ndarray:
        out = np.zeros(len(var))
        for key, c in coefs.items():
            out[var[key]] += c
        return out

    if "inwoners" in names:
        for a in areas:  # residents = the parts + the residents without an age ("_")
            relations.append(({("inwoners", a): 1, **{(n, a): -1 for n in names if n != "inwoners"},
                               ("_", a): -1}, True))  # fmt: skip
    gemeenten = [a for a in areas if level[a] == "gemeente"]
    wijken = [a for a in areas if level[a] == "wijk"]

    def of(g: str, among: Collection[str]) -> list[str]:  # WK034401 lies in GM0344
        return [w for w in among if level.get(w) == "wijk" and w[2:6] == g[2:6]]

    for n in [*names, "_"]:
        for g in gemeenten:
            if mine := of(g, wijken):
                relations.append(({(n, g): -1, **{(n, w): 1 for w in mine}}, False))
    # a population row's numerator: persons of its population, at every area and outside the
    # wijken (the gemeente's minus its wijken's, over the wijken the row has)
    for (t, r), at in numerators.groupby(["count", "row"], sort=True):
        held = set(at["area_code"])
        for a in sorted(held):
            relations.append(({(t, r, a): 1, (t, a): -1}, False))
        for g in sorted(held & set(gemeenten)):
            if mine := of(g, sorted(held)):
                relations.append(({(t, r, g): -1, **{(t, r, w): 1 for w in mine}}, False))
                relations.append(({(t, r, g): 1, **{(t, r, w): -1 for w in mine},
                                   (t, g): -1, **{(t, w): 1 for w in mine}}, False))  # fmt: skip
    # each count 0 or more; a published one the counts it stands for (rounded: an interval)
    lower, upper = np.zeros(len(var)), np.full(len(var), np.inf)

    def publish(key: tuple, value: float) -> None:
        low, high = (value, value) if key[0] == "inwoners" else rounded_range(value, base)
        low, high = float(low), float(high)
        # the primary rule is public: a theme's published count is 0 or at least the threshold
        # before it is rounded (docs/rules.md#e7), so a rounded 10 (base 10) stands for 10 to
        # 14, not 5 to 14, and a rounded 0 for 0 (R8: read as 5 to 14, a wijk of 19 residents
        # and 10 adults passed its 9 hidden children)
        if high > low:
            if value == 0:
                high = 0.0
            elif value >= threshold:
                low = max(low, float(threshold))
        lower[var[key]], upper[var[key]] = low, high

    hidden = []
    for n, a, v in rows[["count", "area_code", "n"]].itertuples(index=False):
        if np.isnan(v):
            hidden.append((n, a))
        else:
            publish((n, a), float(v))
    hidden_rows: dict[tuple[str, str], list[str]] = {}
    for t, r, a, k in numerators[["count", "row", "area_code", "k"]].itertuples(index=False):
        if np.isnan(k):
            hidden_rows.setdefault((t, a), []).append(r)
        else:
            publish((t, r, a), float(k))
    a_eq = [row(c) for c, eq in relations if eq]
    a_ub = [row(c) for c, eq in relations if not eq]
    kw = dict(A_ub=a_ub or None, b_ub=[0.0] * len(a_ub) or None, A_eq=a_eq or None,
              b_eq=[0.0] * len(a_eq) or None,
              bounds=np.column_stack([lower, upper]),
              method="highs")  # fmt: skip
    first = linprog(np.zeros(len(var)), **kw)
    if first.status != 0:
        return _contradictions(relations, var, lower, upper, year, base, first)

    small = threshold - 1 + 1e-6  # at most threshold - 1
    solved: dict[tuple, float] = {}
    points: list[np.ndarray] = [first.x]  # the tables the LPs found: each one the export allows

    def bound(coefs: dict, upper: bool) -> float:
        """The least (greatest) value of a count; _Unjudged where the LP finds none."""
        key = (tuple(sorted(coefs.items())), upper)
        if key not in solved:
            c = row(coefs)
            res = linprog(-c if upper else c, **kw)
            if res.status == 0:
                points.append(res.x)
                # the solver's noise off (-0, 7.000000001), as the audit's bounds
                solved[key] = whole(-res.fun if upper else res.fun)
            elif upper and res.status == 3:
                solved[key] = np.inf
            else:
                raise _Unjudged(f"{res.message.strip()} (HiGHS status {res.status})")
        return solved[key]

    def exceeds(coefs: dict) -> bool:
        """Whether a count can be more than threshold - 1: read off the tables the LPs found
        (each one the export allows) where one of them says so, so that most rows of a large
        population cost no LP of their own, else from its greatest value."""
        if float(np.max(np.stack(points) @ row(coefs))) > small:
            return True
        return bound(coefs, True) > small

    def judge(n: str, a: str) -> list[tuple[str, str]]:
        low, high = bound({(n, a): 1}, False), bound({(n, a): 1}, True)
        pinned = high - low < 1e-6
        if n == "_":  # 0 known is no group; 1 to threshold - 1 whatever the value is, is one
            if low >= 1 - 1e-6 and high <= small:
                return [("inwoners", f"the residents without an age of {a} {year} (in "
                                     f"none of the themes' populations) are given back by "
                                     f"the published counts: {low:g} to {high:g}, all of "
                                     f"them 1 to threshold - 1 (threshold {threshold})")]  # fmt: skip
            return []
        out = []
        what = "residents" if n == "inwoners" else f"{POPULATION_PART[n]} ({n})"
        given = (f"the {what} of {a} {year}, hidden, are given back by the other tables: "
                 f"{low:g} to {high:g} (residents = adults + children + those without an age")  # fmt: skip
        if high <= small or (pinned and n == "inwoners"):
            out.append((n, f"{given}; threshold {threshold})"))
        elif pinned:  # a row is known exactly only with its numerator
            known = []
            for r in hidden_rows.get((n, a), []):
                k_lo, k_hi = bound({(n, r, a): 1}, False), bound({(n, r, a): 1}, True)
                if k_hi - k_lo < 1e-6:
                    known.append(f"{r}: {k_lo:g}")
            if known:
                out.append((n, f"{given}), and so are the numerators of its hidden rows "
                               f"{', '.join(known)}: those rows are computed exactly"))  # fmt: skip
        if n != "inwoners":
            for r in hidden_rows.get((n, a), []):
                message = _row_narrowed(bound, exceeds, n, r, a, low, threshold, publish_zeros)
                if message:
                    out.append((n, f"the row {r} of {a} {year}, hidden with its population: "
                                   f"{message} (threshold {threshold})"))  # fmt: skip
        return out

    out = []
    # the residents without an age: never published, a count of persons all the same
    rest = [("_", a) for a in areas] if "inwoners" in names and len(names) > 1 else []
    for n, a in [*hidden, *rest]:
        try:
            out += judge(n, a)
        except _Unjudged as err:  # never passed unjudged: a count the LP cannot bound
            out.append(("inwoners" if n == "_" else n,
                        f"the gate cannot judge what the published counts give away of "
                        f"{_count_name((n, a))} {year}: its LP found no answer ({err}); "
                        "a count that is not judged is not passed"))  # fmt: skip
    return out


def _count_name(key: tuple) -> str:
    """A count of `_population_attack`'s LP in words."""
    if len(key) == 3:
        return f"the numerator of {key[1]} of {key[2]}"
    n, a = key
    if n == "inwoners":
        return f"the residents of {a}"
    if n == "_":
        return f"the residents without an age of {a}"
    return f"the {POPULATION_PART[n]} ({n}) of {a}"


def _contradictions(
    relations: list[tuple[dict, bool]], var: Mapping[tuple, int], lower: np.ndarray,
    upper: np.ndarray, year: str,
    base: int | None, result,
) -> list[tuple[str, str]]:  # fmt: skip
    """(count, message) for an export whose counts contradict each other in one year (the
    attacker's LP has no table, HiGHS status 2; or it failed, `result`): each relation the
    published counts break on their own (the least its left side can be above the greatest its
    right side can be), named with the counts as published and what they stand for; else one
    message for the year. Refused, not skipped: a gate that cannot model an export cannot say
    what it gives away (a table rounded to a base the gate was not told, say)."""

    def shown(key: tuple) -> str:
        lo, hi = lower[var[key]], upper[var[key]]
        if np.isinf(hi):
            return "hidden, 0 or more" if key[0] != "_" else "never published, 0 or more"
        return f"{lo:g}" if lo == hi else f"{lo:g} to {hi:g}"

    def side(coefs: dict, sign: int) -> str:
        terms = [f"{_count_name(k)} ({shown(k)})" for k, c in coefs.items() if c * sign > 0]
        return " + ".join(terms) if terms else "0"

    def table(coefs: dict) -> str:
        themes = [k[0] for k in coefs if k[0] not in ("inwoners", "_")]
        return themes[0] if themes else "inwoners"

    rounded = (f"; the themes' counts rounded to base {base} read as the counts they stand for"
               if base and base > 1 else "; the counts read as exact (no rounding base given)")  # fmt: skip
    out = []
    for coefs, equality in relations:
        c = np.array([coefs[k] for k in coefs], dtype=float)
        lo = np.array([lower[var[k]] for k in coefs])
        hi = np.array([upper[var[k]] for k in coefs])
        with np.errstate(invalid="ignore"):
            least = float(np.sum(np.where(c > 0, c * lo, c * hi)))
            most = float(np.sum(np.where(c > 0, c * hi, c * lo)))
        if least > 1e-6 or (equality and most < -1e-6):
            expected = "=" if equality else "at most"
            out.append((table(coefs),
                        f"the published counts of {year} contradict each other: "
                        f"{side(coefs, 1)} {expected} {side(coefs, -1)} cannot hold{rounded}. "
                        "The gate cannot judge what such an export gives away of a hidden "
                        "count, so it is refused"))  # fmt: skip
    if not out:
        out.append(("inwoners",
                    f"the published counts of {year} admit no table at all (residents = adults "
                    f"+ children + those without an age, the wijken at most their gemeente, "
                    f"each numerator at most its population{rounded}; HiGHS: "
                    f"{result.message.strip()}, status {result.status}). The gate cannot judge "
                    "what such an export gives away of a hidden count, so it is refused"))  # fmt: skip
    return out


def _row_narrowed(bound, exceeds, theme: str, r: str, a: str, pop_low: float, threshold: int,
                  publish_zeros: bool) -> str | None:  # fmt: skip
    """What of a hidden population row (numerator k, rest = population - k) is a sensitive
    count narrowed to at most threshold - 1 in every table the export allows
    (`populations_given_back`), or None. `bound(coefs, upper)`: the attacker's LP;
    `exceeds(coefs)`: whether the count can be more than threshold - 1."""
    filled = pop_low >= 1 - 1e-6  # the population is 1 or more in every such table
    spans = {}
    for name, coefs in (("numerator", {(theme, r, a): 1}),
                        ("rest", {(theme, a): 1, (theme, r, a): -1})):  # fmt: skip
        if exceeds(coefs):
            continue
        spans[name] = (bound(coefs, False), bound(coefs, True))
    if not spans:
        return None
    said = ", ".join(f"its {name} {lo:g} to {hi:g}" for name, (lo, hi) in spans.items())
    certain = [
        name for name, (lo, _) in spans.items()
        if lo >= 1 - 1e-6 or (not publish_zeros and filled)
    ]  # fmt: skip
    if certain:
        return f"{said}: a count the primary rule protects, whatever the hidden values are"
    if len(spans) == 2 and filled:
        return f"{said}, in a population of at least {pop_low:g}: one of them is 1 to threshold - 1"
    return None


def _text_table(path: Path) -> pd.DataFrame:
    """A CSV as stripped text, empty cells empty strings; index: each row's line (header 1)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = df.apply(lambda c: c.str.strip())
    df.index = df.index + 2
    return df


def _year_area(df: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(df["year"], df["area_code"], strict=True))


def _residents_in(table: Path, hidden: set[tuple[str, str]]) -> list[Problem]:
    """The problems of `residents_given_back` in one measures table."""
    df = _text_table(table)
    reads = {*REFERENCE_READS, "measure", "definition", "status", "year", "area_code"}
    if not reads <= set(df.columns):
        return []
    ratio = df[df["measure"].isin(RESIDENTS_REFERENCE) & (df["status"] == "ok")]
    ratio = ratio[[key in hidden for key in _year_area(ratio)]]
    if ratio.empty:
        return []
    n0 = reference_counts(ratio.replace("", np.nan))[:, 1]
    return [
        Problem(
            str(table),
            int(line),
            f"its value and se give the residents of {r.area_code} {r.year} back "
            f"({n0[i]:g}), which {INWONERS.as_posix()} suppresses ({r.measure} {r.definition})",
        )
        for i, (line, r) in enumerate(ratio.iterrows())
        if not np.isnan(n0[i])
    ]


def assert_export_clean(
    root: Path,
    threshold: int,
    allowed: Sequence[str] = ALLOWED,
    *,
    publish_zeros: bool = True,
    model_rules: Mapping | None = None,
    passed: Collection[tuple[str, str]] = frozenset(),
    rounding_base: int | None = None,
) -> None:
    """Raise ExportError, naming every file and line at fault, unless `root` is clean (`passed`,
    `rounding_base`: as `check_export`)."""
    problems = check_export(
        root, threshold, allowed, publish_zeros=publish_zeros, model_rules=model_rules,
        passed=passed, rounding_base=rounding_base,
    )  # fmt: skip
    if problems:
        raise ExportError(problems)


def check_file(
    name: str,
    data: bytes,
    threshold: int,
    allowed: Sequence[str] = ALLOWED,
    *,
    publish_zeros: bool = True,
    depth: int = 0,
    model_rules: Mapping | None = None,
    passed: Collection[tuple[str, str]] = frozenset(),
) -> list[Problem]:
    """The problems of one file, given its name and content; the checks of its content are
    left out when `passed` holds its type and content's SHA-256 (`passed_contents`: the export
    gate found the same bytes clean by the same rules), except for a zip's."""
    problems = [
        Problem(name, None, f"the file name holds what looks like a person key ({_mask(m)})")
        for m in PERSON_KEY.findall(Path(name).name)
    ]
    kind = _kind(name)
    if kind not in allowed:
        shown = f".{kind}" if kind else "without an extension"
        problems.append(
            Problem(
                name, None, f"file type {shown} may not be exported (allowed: {', '.join(allowed)})"
            )
        )
        return problems
    if passed and kind != "zip" and (kind, hashlib.sha256(data).hexdigest()) in passed:
        return problems
    if kind in TEXT_TYPES:
        text = data.decode("utf-8", errors="replace")
        if kind == "csv":
            problems += _check_csv(name, text, threshold, publish_zeros, model_rules)
        else:
            problems += _scan_lines(name, text)
            problems += _key_headers(name, kind, text)
    elif kind == "xlsx":
        problems += _check_xlsx(name, data)
    elif kind == "zip":
        problems += _check_zip(name, data, threshold, allowed, publish_zeros, depth, model_rules,
                               passed)  # fmt: skip
    return problems


def blank_suppressed(df: pd.DataFrame) -> pd.DataFrame:
    """The table for export: every number of a suppressed row blank, keys kept, and its status
    `suppressed` whether primary or secondary (`primary.published_status`)."""
    out = df.copy()
    hidden = (out["status"] != "ok").to_numpy()
    out["status"] = published_status(out["status"]).to_numpy()
    for column in NUMBERS:
        if column in out:
            out[column] = out[column].where(~hidden)
    return out


# -- the checks -------------------------------------------------------------------------


def _kind(name: str) -> str:
    suffix = Path(name).suffix
    return suffix[1:].lower() if suffix else ""


def _mask(key: str) -> str:
    return key[:2] + "*" * (len(key) - 2)


def _scan_lines(name: str, text: str) -> Iterator[Problem]:
    for number, line in enumerate(text.splitlines(), start=1):
        for m in PERSON_KEY.findall(line):
            yield Problem(name, number, f"holds what looks like a person key ({_mask(m)})")


def _key_headers(name: str, kind: str, text: str) -> list[Problem]:
    """Column names in JSON keys, Markdown table rows and HTML table headers."""
    found: list[tuple[int | None, str]] = []
    if kind == "json":
        try:
            found = [(None, k) for k in _json_names(json.loads(text))]
        except json.JSONDecodeError as err:
            return [Problem(name, err.lineno, f"is not valid JSON ({err.msg})")]
    elif kind == "md":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.lstrip().startswith("|"):
                found += [(number, cell.strip()) for cell in line.strip().strip("|").split("|")]
    elif kind == "html":
        for number, line in enumerate(text.splitlines(), start=1):
            found += [(number, cell.strip()) for cell in re.findall(r"<th[^>]*>(.*?)</th>", line)]
    return [
        Problem(name, number, f"has a column {cell!r}, the name of a person or address key")
        for number, cell in found
        if _is_key_name(cell)
    ]


def _is_key_name(text: str) -> bool:
    return bool(re.fullmatch(r"\w+", text)) and bool(KEY_COLUMN.search(text))


def _json_names(obj) -> Iterator[str]:
    """Every object key and every string value that could be a column name."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield str(key)
            yield from _json_names(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from _json_names(item)
    elif isinstance(obj, str):
        yield obj


def _check_csv(
    name: str, text: str, threshold: int, publish_zeros: bool, model_rules: Mapping | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return problems
    header = [h.strip() for h in header]
    for column in header:
        if KEY_COLUMN.search(column):
            problems.append(
                Problem(name, 1, f"has a column {column!r}, the name of a person or address key")
            )
    for m in PERSON_KEY.findall(",".join(header)):
        problems.append(Problem(name, 1, f"header holds what looks like a person key ({_mask(m)})"))
    measures = set(header) >= MEASURES_MARKER
    personas: list[tuple[int, dict[str, str]]] = []
    models: list[tuple[int, dict[str, str]]] = []  # the measures rows, for rule 4 of models
    bins: list[tuple[int, dict[str, str]]] = []  # a histogram's rows (matchgewichten.csv)
    lines = [(reader.line_num, cells) for cells in reader]
    rows = [dict(zip(header, cells, strict=False)) for _, cells in lines] if measures else []
    # the reference group's counts of every ratio row, from one frame (`_implied_counts`)
    implied = _implied_counts(rows)
    for i, (line, cells) in enumerate(lines):
        for column, cell in zip(header, cells, strict=False):
            for m in PERSON_KEY.findall(cell):
                problems.append(
                    Problem(
                        name,
                        line,
                        f"column {column!r} holds what looks like a person key ({_mask(m)})",
                    )
                )
        if measures:
            row = rows[i]
            problems += _check_measures_row(name, line, row, threshold, publish_zeros,
                                            implied.get(i))  # fmt: skip
            models.append((line, row))
            if row.get("method", "").strip() == MODEL_METHOD:
                problems += _check_model_row(name, line, row, model_rules)
        elif set(header) >= PERSONAS_MARKER:
            personas.append((line, dict(zip(header, cells, strict=False))))
        elif set(header) >= HISTOGRAM_MARKER:
            bins.append((line, dict(zip(header, cells, strict=False))))
        elif set(header) >= LINKAGE_MARKER:
            problems += _check_linkage_row(name, line, dict(zip(header, cells, strict=False)))
    if model_rules is not None and any(
        r.get("method", "").strip() == MODEL_METHOD for _, r in models
    ):
        rows = [r for _, r in models]
        for i in respondents_withheld_without_cause(rows):
            r = rows[i]
            label = " ".join(r.get(c, "") for c in ("measure", "year", "area_code"))
            problems.append(
                Problem(
                    name,
                    models[i][0],
                    "a model estimate without its respondents, while its wijk's survey row "
                    f"publishes them: its minimum of {model_rules['min_respondents']} "
                    f"respondents cannot be checked ({label.strip()})",
                )
            )
    if measures and rows:
        # a standardised or model row's counts beside its cell's crude row (`cell_counts`)
        from wijkzicht.disclosure.cell_counts import differences_given_away

        for i, message in differences_given_away(pd.DataFrame(rows), threshold,
                                                 publish_zeros=publish_zeros):  # fmt: skip
            r = rows[i]
            label = " ".join(r.get(c, "") for c in ("measure", "method", "year", "area_code",
                                                    "group_value"))  # fmt: skip
            problems.append(Problem(name, lines[i][0], f"{message} ({label.strip()})"))
    problems += _check_histogram(name, bins, threshold)
    if personas:
        from wijkzicht.disclosure.personas import check_persona_rows

        rows = [r for _, r in personas]
        for i, message in check_persona_rows(rows, threshold, publish_zeros):
            r = rows[i]
            label = " ".join(r.get(c, "") for c in ("theme", "year", "area_code", "rank"))
            problems.append(Problem(name, personas[i][0], f"{message} ({label.strip()})"))
    return problems


def _check_histogram(
    name: str, bins: list[tuple[int, dict[str, str]]], threshold: int
) -> list[Problem]:
    """A histogram of persons' rows (linkage/matchgewichten.csv, `linkage.weight_histogram`):
    no count in 1..threshold-1, and no count left empty beside published ones of its source
    (they add up to the published rows, so it would be their difference)."""
    problems = []
    by_source: dict[str, list[tuple[int, str]]] = {}
    for line, row in bins:
        by_source.setdefault(row.get("source", ""), []).append((line, row.get("n", "").strip()))
    for source, rows in by_source.items():
        for line, n in rows:
            if n and 1 <= float(n) <= threshold - 1:
                problems.append(
                    Problem(name, line, f"a bin of {source} holds {n} rows, fewer than {threshold}")
                )
            elif not n and len(rows) > 1:
                problems.append(
                    Problem(
                        name,
                        line,
                        f"a bin of {source} is left empty beside published ones: the published "
                        "total minus those gives it back",
                    )
                )
    return problems


def _check_linkage_row(name: str, line: int, row: dict[str, str]) -> list[Problem]:
    """A row of linkage/linkage.csv (`linkage.releasable`): with share_in_gba left empty, the
    property's shares over the linked and the unlinked rows are empty too (either would give
    the hidden count of rows in or outside the register back from the published rows)."""
    if row.get("share_in_gba", "").strip():
        return []
    shown = [
        c for c in ("share_kenmerk_linked", "share_kenmerk_unlinked") if row.get(c, "").strip()
    ]
    if not shown:
        return []
    label = " ".join(row.get(c, "") for c in ("source", "year", "kenmerk")).strip()
    return [
        Problem(
            name,
            line,
            f"{' and '.join(shown)} published while share_in_gba is empty: its denominator "
            f"gives the hidden rows in or outside the register back ({label})",
        )
    ]


def _implied_counts(rows: Sequence[Mapping[str, str]]) -> dict[int, np.ndarray]:
    """{index: the (x0, n0) that `primary.reference_counts` gives} of the ratio rows among
    `rows` (a method of KATZ_METHODS) that carry the columns it reads: one frame for the whole
    table instead of one per row (a frame costs about 0.3 ms: 0.4 of the 0.5 CPU s the gate took
    for nieuwkomers/measures.csv of the default world). Row by row, as it computes, so each
    row's counts are those of its own frame."""
    index = [
        i
        for i, row in enumerate(rows)
        if row.get("method", "").strip() in KATZ_METHODS and all(c in row for c in REFERENCE_READS)
    ]
    if not index:
        return {}
    implied = reference_counts(pd.DataFrame([rows[i] for i in index]))
    return dict(zip(index, implied, strict=True))


def _check_measures_row(
    name: str, line: int, row: dict[str, str], threshold: int, publish_zeros: bool,
    implied_row: np.ndarray | None = None,
) -> list[Problem]:  # fmt: skip
    """The problems of one row of a measures table; `implied_row` the reference group's counts
    of a ratio row (`_implied_counts`), computed from the row itself when not given."""
    label = " ".join(
        row.get(c, "") for c in ("measure", "definition", "year", "area_code") if row.get(c)
    )
    if row.get("group"):
        label += f" {row['group']}={row.get('group_value', '')}"
    label = f" ({label})" if label else ""
    status = row.get("status", "").strip()
    if status not in EXPORT_STATUSES:
        return [
            Problem(
                name, line, f"status {status!r} is not one of {', '.join(EXPORT_STATUSES)}{label}"
            )
        ]
    filled = [c for c in NUMBERS if row.get(c, "").strip() != ""]
    if status != "ok":
        if filled:
            return [
                Problem(
                    name, line, f"{status} row still carries numbers in {', '.join(filled)}{label}"
                )
            ]
        return []
    try:
        counts = np.array(
            [float(row[c]) if row.get(c, "").strip() else np.nan for c in COUNT_COLUMNS]
        )
    except ValueError:
        return [
            Problem(
                name, line, f"a count is not a number: {[row.get(c) for c in COUNT_COLUMNS]}{label}"
            )
        ]
    flags = sensitive(counts, threshold, publish_zeros=publish_zeros)[0]
    if not flags.any() and row.get("method", "").strip() in KATZ_METHODS:
        # the reference group's counts that its value and se give back (x0, n0)
        implied = (
            reference_counts(pd.DataFrame([row]))
            if implied_row is None
            else np.asarray(implied_row, dtype=float).reshape(1, 2)
        )
        if not np.isnan(implied).any() and sensitive(implied, threshold).any():
            x0, n0 = implied[0]
            return [
                Problem(
                    name,
                    line,
                    f"status ok but its value and se give the reference group's counts back "
                    f"({x0:g} of {n0:g}), which break the primary rule (threshold "
                    f"{threshold}){label}",
                )
            ]
    if flags.any():
        broken = ", ".join(
            f"{q}={v:g}"
            for q, v, f in zip(QUANTITIES, quantities_of(counts)[0], flags, strict=True)
            if f
        )
        return [
            Problem(
                name,
                line,
                f"status ok but {broken} breaks the primary rule (threshold {threshold}){label}",
            )
        ]
    return []


def _check_model_row(
    name: str, line: int, row: dict[str, str], model_rules: Mapping | None
) -> list[Problem]:
    label = " ".join(row.get(c, "") for c in ("measure", "year", "area_code") if row.get(c))
    if model_rules is None:
        if row.get("status", "").strip() != "ok":
            return []
        return [Problem(name, line, f"a model estimate without model rules to check it ({label})")]
    return [Problem(name, line, f"{m} ({label})") for m in check_model_row(row, model_rules)]


def _check_xlsx(name: str, data: bytes) -> list[Problem]:
    problems: list[Problem] = []
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [Problem(name, None, "is not a readable xlsx workbook")]
    with book:
        for member in book.namelist():
            if not member.endswith(".xml"):
                continue
            xml = book.read(member).decode("utf-8", errors="replace")
            if member.endswith("sharedStrings.xml") or "/worksheets/" in member:
                for text in re.findall(r"<t[^>]*>([^<]*)</t>", xml):
                    if _is_key_name(text.strip()):
                        problems.append(
                            Problem(
                                f"{name}!{member}",
                                None,
                                f"has a column {text.strip()!r}, the name of a person or address key",
                            )
                        )
                    for m in PERSON_KEY.findall(text):
                        problems.append(
                            Problem(
                                f"{name}!{member}",
                                None,
                                f"holds what looks like a person key ({_mask(m)})",
                            )
                        )
            if "/worksheets/" in member:
                for ref, value in re.findall(
                    r'<c r="[A-Z]+(\d+)"[^>]*>(?:<f>[^<]*</f>)?<v>([^<]*)</v>', xml
                ):
                    for m in PERSON_KEY.findall(value):
                        problems.append(
                            Problem(
                                f"{name}!{member}",
                                int(ref),
                                f"holds what looks like a person key ({_mask(m)})",
                            )
                        )
    return problems


def _check_zip(
    name: str, data: bytes, threshold: int, allowed: Sequence[str], publish_zeros: bool,
    depth: int, model_rules: Mapping | None = None,
    passed: Collection[tuple[str, str]] = frozenset(),
) -> list[Problem]:  # fmt: skip
    if depth >= MAX_ZIP_DEPTH:
        return [Problem(name, None, f"zip archives nested deeper than {MAX_ZIP_DEPTH} levels")]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [Problem(name, None, "is not a readable zip archive")]
    problems: list[Problem] = []
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            problems += check_file(
                f"{name}!{info.filename}",
                archive.read(info),
                threshold,
                allowed,
                publish_zeros=publish_zeros,
                depth=depth + 1,
                model_rules=model_rules,
                passed=passed,
            )
    return problems
