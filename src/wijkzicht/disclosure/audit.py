"""The tau-Argus style audit: the interval an attacker can derive for each suppressed count by linear programming.

A table is a set of rows, each with one or more columns of counts (for the measures
table: n_numerator and n_denominator), and additive relations between rows: the total
row equals the sum of its component rows, column by column. The attacker knows every
published row, every relation, that counts are >= `lower` (0), and optionally that one
column never exceeds another within a row (n_numerator <= n_denominator). For a
suppressed row the attacker's interval of a linear combination of its columns is the
minimum and maximum of that combination over all tables consistent with this
knowledge: the linear-programming relaxation of measures.md rule 25, solved with HiGHS.

The problem splits into independent parts: suppressed rows that share no relation
(directly or through other suppressed rows) do not constrain each other, so each
connected component of suppressed rows is one small LP. Components are cached by their
rows, so re-auditing after a small change only solves the parts that changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import sparse
from scipy.optimize import linprog

from wijkzicht.disclosure.primary import COUNT_COLUMNS, QUANTITIES, sensitive

TOLERANCE = 1e-6

BLOCK_COLUMNS = ("theme", "measure", "definition", "year", "method")
PARTITION_GROUPS = (
    "leeftijd",
    "herkomst",
    "generatie",
    "geslacht",
    "inkomen",
    "origin",
    "combinatie",
    "kopp_breed",
)
AREA_LEVELS = ("gemeente", "wijk", "buurt")
TOTAL = "totaal"


@dataclass(frozen=True)
class Relation:
    """Row `total` equals the sum of the `components` rows, in every column."""

    total: int
    components: tuple[int, ...]

    @property
    def members(self) -> tuple[int, ...]:
        return (self.total, *self.components)


@dataclass(frozen=True)
class Target:
    """A linear combination of one row's columns to attack, e.g. (-1, 1) for den - num."""

    row: int
    coefs: tuple[float, ...]


def as_relation(relation: Relation | tuple[int, Iterable[int]]) -> Relation:
    if isinstance(relation, Relation):
        return relation
    total, components = relation
    return Relation(int(total), tuple(int(c) for c in components))


class AdditiveTable:
    """Rows of counts tied by additive relations, with the attacker's prior knowledge.

    values: shape (n_rows,) or (n_rows, n_columns); the true counts (only published rows
        are ever shown to the attacker's LP; suppressed values serve the exact fast path).
    relations: Relation(total, components) or (total, components) pairs of row numbers.
    ordered: column pairs (a, b) with values[:, a] <= values[:, b] in every row, e.g.
        ((0, 1),) for n_numerator <= n_denominator.
    lower: the known lower bound of every count (0 for counts).
    """

    def __init__(
        self,
        values: ArrayLike,
        relations: Iterable[Relation | tuple[int, Iterable[int]]],
        *,
        ordered: Sequence[tuple[int, int]] = (),
        lower: float = 0.0,
    ) -> None:
        values = np.asarray(values, dtype=float)
        if values.ndim == 1:
            values = values[:, None]
        if np.isnan(values).any():
            raise ValueError("an additive table cannot hold empty counts")
        self.values = values
        self.n_rows, self.n_columns = values.shape
        self.relations = tuple(as_relation(r) for r in relations)
        self.ordered = tuple((int(a), int(b)) for a, b in ordered)
        self.lower = float(lower)
        self.row_relations: list[list[int]] = [[] for _ in range(self.n_rows)]
        for rid, rel in enumerate(self.relations):
            members = rel.members
            if len(set(members)) != len(members):
                raise ValueError(f"relation {rid} names a row twice: {rel}")
            for m in members:
                if not 0 <= m < self.n_rows:
                    raise ValueError(f"relation {rid} names row {m}, outside 0..{self.n_rows - 1}")
                self.row_relations[m].append(rid)
            gap = values[rel.total] - values[list(rel.components)].sum(axis=0)
            if np.abs(gap).max(initial=0.0) > TOLERANCE * max(1.0, np.abs(values[rel.total]).max()):
                raise ValueError(
                    f"relation {rid} does not add up: row {rel.total} = {values[rel.total]} but its "
                    f"components {list(rel.components)} sum to {values[list(rel.components)].sum(axis=0)}"
                )
        self._cache: dict[tuple[int, ...], _ComponentLP] = {}

    # -- the attack ---------------------------------------------------------------------

    def value(self, target: Target) -> float:
        return float(np.dot(self.values[target.row], target.coefs))

    def default_targets(self, suppressed: np.ndarray) -> list[Target]:
        """Every column of every suppressed row."""
        unit = np.eye(self.n_columns)
        return [
            Target(int(r), tuple(unit[j]))
            for r in np.flatnonzero(suppressed)
            for j in range(self.n_columns)
        ]

    def components(self, suppressed: np.ndarray) -> np.ndarray:
        """Label of the connected component of every suppressed row (-1 for published rows)."""
        parent = np.arange(self.n_rows)

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for rel in self.relations:
            hidden = [m for m in rel.members if suppressed[m]]
            for m in hidden[1:]:
                a, b = find(hidden[0]), find(m)
                if a != b:
                    parent[b] = a
        labels = np.full(self.n_rows, -1)
        for r in np.flatnonzero(suppressed):
            labels[r] = find(int(r))
        return labels

    def intervals(
        self, suppressed: ArrayLike, targets: Sequence[Target] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) of every target as the attacker derives them from the published rows.

        Targets on published rows get their published value as both bounds; an
        unbounded maximum is +inf.
        """
        suppressed = np.asarray(suppressed, dtype=bool)
        if suppressed.shape != (self.n_rows,):
            raise ValueError(f"suppressed must have {self.n_rows} entries")
        targets = self.default_targets(suppressed) if targets is None else list(targets)
        lo = np.empty(len(targets))
        hi = np.empty(len(targets))
        hidden_count = np.array(
            [sum(bool(suppressed[m]) for m in rel.members) for rel in self.relations], dtype=int
        )
        labels = self.components(suppressed)
        by_component: dict[int, list[int]] = {}
        for i, t in enumerate(targets):
            exact = not suppressed[t.row] or any(
                hidden_count[rid] == 1 for rid in self.row_relations[t.row]
            )
            if exact:  # published, or alone among published rows in some relation
                lo[i] = hi[i] = self.value(t)
            else:
                by_component.setdefault(int(labels[t.row]), []).append(i)
        for label, idx in by_component.items():
            rows = tuple(int(r) for r in np.flatnonzero(labels == label))
            lp = self._cache.get(rows)
            if lp is None:
                lp = self._cache[rows] = _ComponentLP(self, rows, suppressed)
            for i in idx:
                lo[i], hi[i] = lp.bounds(targets[i])
        return lo, hi


class _ComponentLP:
    """The attacker's LP for one connected component of suppressed rows."""

    def __init__(self, table: AdditiveTable, rows: tuple[int, ...], suppressed: np.ndarray):
        k = table.n_columns
        self.k = k
        self.position = {r: i for i, r in enumerate(rows)}
        n_vars = len(rows) * k
        rel_ids = sorted({rid for r in rows for rid in table.row_relations[r]})
        data, row_idx, col_idx, b_eq = [], [], [], []
        for n, rid in enumerate(rel_ids):
            rel = table.relations[rid]
            signed = [(rel.total, 1.0)] + [(c, -1.0) for c in rel.components]
            for j in range(k):
                constant = 0.0
                for m, sign in signed:
                    if suppressed[m]:
                        data.append(sign)
                        row_idx.append(n * k + j)
                        col_idx.append(self.position[m] * k + j)
                    else:
                        constant += sign * table.values[m, j]
                b_eq.append(-constant)
        self.A_eq = sparse.csr_array((data, (row_idx, col_idx)), shape=(len(rel_ids) * k, n_vars))
        self.b_eq = np.asarray(b_eq)
        if table.ordered:
            data, row_idx, col_idx = [], [], []
            for i in range(len(rows)):
                for n, (a, b) in enumerate(table.ordered):
                    e = i * len(table.ordered) + n
                    data += [1.0, -1.0]
                    row_idx += [e, e]
                    col_idx += [i * k + a, i * k + b]
            shape = (len(rows) * len(table.ordered), n_vars)
            self.A_ub = sparse.csr_array((data, (row_idx, col_idx)), shape=shape)
            self.b_ub = np.zeros(shape[0])
        else:
            self.A_ub = self.b_ub = None
        self.n_vars = n_vars
        self.lower = table.lower
        self._bounds: dict[Target, tuple[float, float]] = {}

    def _optimum(self, c: np.ndarray) -> float:
        res = linprog(
            c,
            A_ub=self.A_ub,
            b_ub=self.b_ub,
            A_eq=self.A_eq if self.A_eq.shape[0] else None,
            b_eq=self.b_eq if self.A_eq.shape[0] else None,
            bounds=(self.lower, None),
            method="highs",
        )
        if res.status == 3:
            return -np.inf
        if res.status != 0:
            raise RuntimeError(f"audit LP failed: {res.message}")
        return float(res.fun)

    def bounds(self, target: Target) -> tuple[float, float]:
        found = self._bounds.get(target)
        if found is None:
            c = np.zeros(self.n_vars)
            start = self.position[target.row] * self.k
            c[start : start + self.k] = target.coefs
            found = (self._optimum(c), -self._optimum(-c))
            self._bounds[target] = found
        return found


def feasibility_intervals(
    values: ArrayLike,
    relations: Iterable[Relation | tuple[int, Iterable[int]]],
    suppressed: ArrayLike,
    *,
    ordered: Sequence[tuple[int, int]] = (),
    targets: Sequence[Target] | None = None,
    lower: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """The attacker's (lower, upper) for each target (default: every column of every suppressed row)."""
    table = AdditiveTable(values, relations, ordered=ordered, lower=lower)
    return table.intervals(suppressed, targets)


# -- the measures table as an additive table ----------------------------------------------


@dataclass
class MeasuresStructure:
    """The additive structure of a measures table.

    Rows 0..n_real-1 of `table` are the measures rows at `positions` (positional index
    into the DataFrame) that carry both counts; rows from n_real on are residual rows,
    one per relation whose components fall short of its total (persons of unknown sex
    in a `geslacht` breakdown, persons placed in the gemeente but in no wijk). A residual
    is never published: the attacker is assumed to know it when it is not sensitive, and
    it is a suppressed cell to protect when it is.
    """

    table: AdditiveTable
    positions: np.ndarray
    residual_of: list[str]
    dropped: list[str]

    @property
    def n_real(self) -> int:
        return len(self.positions)


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def _parents(children: list[str], parents: list[str]) -> dict[str, str]:
    """Map each child area code to its parent by CBS code prefix (WK034401 -> GM0344).

    With a single parent area every child belongs to it, whatever the codes look like.
    """
    out = {}
    for child in children:
        digits = _digits(child)
        match = [p for p in parents if _digits(p) and digits.startswith(_digits(p))]
        if len(match) == 1:
            out[child] = match[0]
        elif len(parents) == 1:
            out[child] = parents[0]
    return out


def measures_structure(
    df: pd.DataFrame,
    *,
    partition_groups: Sequence[str] = PARTITION_GROUPS,
    block_columns: Sequence[str] = BLOCK_COLUMNS,
) -> MeasuresStructure:
    """The relations of rule 25, both counts jointly (n_numerator <= n_denominator).

    Within one block (theme, measure, definition, year, method): wijk rows add up to the
    gemeente row (and buurt rows to their wijk) for the same group and value, and the
    values of a partitioning group add up to the `totaal`/`totaal` row of the same area.
    Rows with an empty count are outside the structure. A relation whose components
    exceed its total in some count is not additive after all; it is left out and named
    in `dropped`.
    """
    counts = df[list(COUNT_COLUMNS)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    positions = np.flatnonzero(~np.isnan(counts).any(axis=1))
    base = counts[positions]
    blocks = [c for c in block_columns if c in df.columns]
    keys = df.iloc[positions][
        [*blocks, "area_level", "area_code", "group", "group_value"]
    ].astype("string")
    keys = keys.fillna("").reset_index(drop=True)

    relations: list[Relation] = []
    residual_of: list[str] = []
    dropped: list[str] = []
    n_real = len(positions)
    extra: list[np.ndarray] = []

    def add(total: int, components: list[int], label: str) -> None:
        if not components:
            return
        gap = base[total] - base[components].sum(axis=0)
        if (gap == 0).all():
            relations.append(Relation(total, tuple(components)))
        elif (gap >= 0).all() and gap[0] <= gap[1]:
            residual = n_real + len(extra)
            extra.append(gap)
            residual_of.append(label)
            relations.append(Relation(total, (*components, residual)))
        else:
            dropped.append(label)

    grouped = keys.groupby(blocks, sort=False, dropna=False) if blocks else [((), keys)]
    for block, sub in grouped:
        name = "/".join(str(b) for b in (block if isinstance(block, tuple) else (block,)))
        index: dict[tuple[str, str, str, str], int] = {}
        for i, (level, code, group, group_value) in zip(
            sub.index,
            sub[["area_level", "area_code", "group", "group_value"]].itertuples(index=False),
            strict=True,
        ):
            key = (level, code, group, group_value)
            if key in index:
                raise ValueError(f"measures block {name} has two rows for {key}")
            index[key] = i
        areas = {lvl: sorted({k[1] for k in index if k[0] == lvl}) for lvl in AREA_LEVELS}
        cells_at: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for level, code, group, group_value in index:
            cells_at.setdefault((level, code), []).append((group, group_value))

        for parent_level, child_level in zip(AREA_LEVELS, AREA_LEVELS[1:], strict=False):
            parent_of = _parents(areas[child_level], areas[parent_level])
            for parent in areas[parent_level]:
                children = [c for c in areas[child_level] if parent_of.get(c) == parent]
                if not children:
                    continue
                for group, group_value in cells_at[(parent_level, parent)]:
                    comps = [
                        index[(child_level, c, group, group_value)]
                        for c in children
                        if (child_level, c, group, group_value) in index
                    ]
                    add(
                        index[(parent_level, parent, group, group_value)],
                        comps,
                        f"{name}: {child_level} rows of {parent} ({group}={group_value})",
                    )
        for (level, code), cells in cells_at.items():
            total = index.get((level, code, TOTAL, TOTAL))
            if total is None:
                continue
            for group in partition_groups:
                comps = [index[(level, code, g, v)] for g, v in cells if g == group]
                add(total, comps, f"{name}: {group} values of {code}")

    all_values = np.vstack([base, *[e[None, :] for e in extra]])
    table = AdditiveTable(all_values, relations, ordered=((0, 1),))
    return MeasuresStructure(table, positions, residual_of, dropped)


def measures_targets(
    structure: MeasuresStructure,
    suppressed: np.ndarray,
    threshold: int,
    *,
    primary: np.ndarray | None = None,
    publish_zeros: bool = True,
) -> list[tuple[Target, str]]:
    """The counts that must be protected: each sensitive count of a primary (or residual) row."""
    table = structure.table
    flags = sensitive(table.values, threshold, publish_zeros=publish_zeros)
    rows = np.flatnonzero(suppressed if primary is None else primary & suppressed)
    return [
        (Target(int(r), coefs), name)
        for r in rows
        for (name, coefs), flag in zip(QUANTITIES.items(), flags[r], strict=True)
        if flag
    ]


def audit_measures(
    df: pd.DataFrame,
    threshold: int = 10,
    *,
    quantities: str = "sensitive",
    publish_zeros: bool = True,
    protect_residuals: bool = True,
    partition_groups: Sequence[str] = PARTITION_GROUPS,
) -> pd.DataFrame:
    """The audit of a measures table with `status`: one row per attacked count.

    quantities="sensitive" attacks each count of a suppressed_primary row that breaks
    the primary rule (and each sensitive residual); "all" attacks all three counts of
    every suppressed row. Columns: row (the DataFrame index label; missing for a
    residual), residual (its description), quantity, value, lower, upper, width,
    required (a sensitive count of a primary row or residual) and protected
    (width >= threshold, or not required).
    """
    structure = measures_structure(df, partition_groups=partition_groups)
    suppressed, primary = suppression_state(
        df, structure, threshold, publish_zeros=publish_zeros, protect_residuals=protect_residuals
    )
    required = measures_targets(
        structure, suppressed, threshold, primary=primary, publish_zeros=publish_zeros
    )
    if quantities == "all":
        wanted = [
            (Target(int(r), coefs), name)
            for r in np.flatnonzero(suppressed)
            for name, coefs in QUANTITIES.items()
        ]
    elif quantities == "sensitive":
        wanted = required
    else:
        raise ValueError(f"quantities must be 'sensitive' or 'all', not {quantities!r}")
    must = {t for t, _ in required}
    lo, hi = structure.table.intervals(suppressed, [t for t, _ in wanted])
    n_real = structure.n_real
    out = pd.DataFrame(
        {
            "row": [
                df.index[structure.positions[t.row]] if t.row < n_real else pd.NA
                for t, _ in wanted
            ],
            "residual": [
                structure.residual_of[t.row - n_real] if t.row >= n_real else pd.NA
                for t, _ in wanted
            ],
            "quantity": [name for _, name in wanted],
            "value": [structure.table.value(t) for t, _ in wanted],
            "lower": lo,
            "upper": hi,
        }
    )
    out["width"] = out["upper"] - out["lower"]
    out["required"] = [t in must for t, _ in wanted]
    out["protected"] = ~out["required"] | (out["width"] >= threshold - TOLERANCE)
    return out


def suppression_state(
    df: pd.DataFrame,
    structure: MeasuresStructure,
    threshold: int,
    *,
    publish_zeros: bool = True,
    protect_residuals: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """(suppressed, primary) over the structure's rows, from `status` and the residuals' counts."""
    status = df["status"].to_numpy()[structure.positions]
    n_extra = structure.table.n_rows - structure.n_real
    residual_sensitive = (
        sensitive(structure.table.values[structure.n_real :], threshold, publish_zeros=publish_zeros)
        .any(axis=1)
        .reshape(n_extra)
        if protect_residuals
        else np.zeros(n_extra, dtype=bool)
    )
    suppressed = np.concatenate([status != "ok", residual_sensitive])
    primary = np.concatenate([status == "suppressed_primary", residual_sensitive])
    return suppressed, primary
