"""The tau-Argus style audit: the interval an attacker can derive for each suppressed count by linear programming.

A table is a set of rows, each with one or more columns of counts (for the measures
table: n_numerator and n_denominator), and additive relations between rows: the total
row equals the sum of its component rows, column by column. The attacker knows every
published row, every relation, that counts are >= `lower` (0), and optionally that one
column never exceeds another within a row (n_numerator <= n_denominator). For a
suppressed row the attacker's interval of a linear combination of its columns is the
minimum and maximum of that combination over all tables consistent with this
knowledge: the linear-programming relaxation of docs/rules.md#e7, solved with HiGHS.

The problem splits into independent parts: suppressed rows that share no relation
(directly or through other suppressed rows) do not constrain each other, so each
connected component of suppressed rows is one small LP. Components are cached by their
rows, so re-auditing after a small change only solves the parts that changed, and a new
component starts with the feasible tables its predecessors found (`_inherited`: a grown
component all points of its parts, a shrunk one those in which the row published since
kept its value); every LP of one component (its exact bounds and its pushes, below)
is solved in one kept HiGHS model, each from the last optimal basis (`_WarmLP`: the
primal simplex after a change of costs, a handful of iterations); a component
shrunk by a published row solves in the model of the one it came from, that row fixed at
its true values (`_shrunk_from`: secondary suppression's clean-up starts warm), and a
grown one starts its new model from the optimal bases of its parts (`_grown_from`). Every LP
solution is itself a table the attacker cannot rule out, so it bounds every target's
interval from inside: `intervals` (exact bounds) needs one LP for a maximum and none
for a minimum that some known table already puts at 0; `protected` (pass or fail)
first lifts all open targets in one LP, which usually settles most of them (the first
such lift of all small components in a single LP). Bounds are rounded to 6 decimals
(`_whole`), so that which basis the solver passed (6.500000000000001 or 6.5) decides
no comparison of secondary suppression. A count the relations alone fix (its
objective in the row space of the component's equalities, found by row reduction) is
known exactly without any LP (peeled off relation by relation where one unknown
count is left, `known_columns`, or by row reduction in a small component); a count
fixed only through the bounds (a published 0 margin) is found by its LPs. `recoverable` says which rows the attacker knows exactly
in every column.

Buurt rows (docs/rules.md#b4) add many small relations (the buurten of one wijk) that
join a component only where their wijk row is suppressed too, so the components stay
small: on the default synthetic world (Utrecht, 56 buurten) disclosure control of a theme
takes seconds.

`measures_structure` turns a measures table into such a table (docs/rules.md#e7);
`audit_measures` reports the attack on every count of every suppressed row, primary
and secondary: which are narrower than the threshold, which rows are recoverable, and
whether each is protected (the rules: module docstring of disclosure.secondary).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import NamedTuple

import highspy
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from wijkzicht.disclosure.primary import COUNT_COLUMNS, QUANTITIES, count_mask, sensitive
from wijkzicht.themes.table import (
    AREA_LEVELS,
    TOTAAL,
    CountBound,
    CountCover,
    CountUnion,
    parents_by_code,
)

TOLERANCE = 1e-6
ECHELON_VARS = 600  # components up to this many counts get the LP-free exactness check
# the price per unit of moving a steady row in a push (`_ComponentLP._push`), against a gain
# of 1 per unit of a target: small, so the push lifts as much as before and moves the steady
# rows no more than it must
SPARE_PRICE = 1e-3
JOINT_PUSH_VARS = 100  # larger components push in their own kept model (`_push_all`)
EXACT_WIDTH = 1e-4  # an interval narrower than this is a known value (counts are whole numbers)

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


@dataclass(frozen=True)
class Relation:
    """Row `total` equals the sum of the `components` rows, in every column (or only in
    `columns`, e.g. (1,) for two rows that share a denominator)."""

    total: int
    components: tuple[int, ...]
    columns: tuple[int, ...] | None = None

    def spans(self, n_columns: int) -> tuple[int, ...]:
        return tuple(range(n_columns)) if self.columns is None else self.columns

    @property
    def members(self) -> tuple[int, ...]:
        return (self.total, *self.components)


class Target(NamedTuple):
    """A linear combination of one row's columns to attack, e.g. (-1, 1) for den - num.

    A named tuple: targets are dictionary keys in every LP's bookkeeping, and a tuple's
    hash and equality run in C (millions of lookups on a small gemeente)."""

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
            cols = list(rel.spans(self.n_columns))
            total = values[rel.total, cols]
            parts = values[list(rel.components)][:, cols].sum(axis=0)
            if np.abs(total - parts).max(initial=0.0) > TOLERANCE * max(1.0, np.abs(total).max()):
                raise ValueError(
                    f"relation {rid} does not add up: row {rel.total} = {total} but its "
                    f"components {list(rel.components)} sum to {parts}"
                )
        for a, b in self.ordered:
            bad = np.flatnonzero(values[:, a] > values[:, b])
            if len(bad):
                raise ValueError(f"row {bad[0]} has column {a} above column {b}: {values[bad[0]]}")
        self._cache: dict[tuple[int, ...], _ComponentLP] = {}
        self._holding: dict[int, _ComponentLP] = {}  # row -> the latest LP over it
        self._incidence: sparse.csr_array | None = None
        self._signed: tuple[sparse.csr_array, np.ndarray] | None = None
        self._peel: tuple[sparse.csr_array, sparse.csr_array, np.ndarray] | None = None
        self._known: tuple[bytes, np.ndarray] | None = None  # the last `known_columns`
        self.failed_on: Target | None = None  # the target that failed `all_protected`
        # rows the pushes keep at their true values where they can (`_ComponentLP._push`):
        # secondary suppression's clean-up sets its rows not yet tried (`steady_rows`)
        self.steady: np.ndarray | None = None
        # whether new kept models hold numerator <= denominator as a bound of the rest
        # (`_WarmLP._pairs`: half the simplex iterations) rather than as rows. Every optimum
        # is the same either way; which of several optimal dual solutions HiGHS returns is
        # not, and secondary suppression's search reads duals (`binding_relations`), so it
        # keeps the rows while it searches (`secondary._Protector.run`): the same pattern as
        # the releases made before
        self.bounded_pairs = True

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

    @property
    def quantities(self) -> np.ndarray:
        """The counts of one row that bounds and pins speak of, as coefficient rows
        (n_columns + len(ordered) x n_columns): each column, then b - a for each ordered
        pair (a, b)."""
        unit = np.eye(self.n_columns)
        return np.array([*unit, *(unit[b] - unit[a] for a, b in self.ordered)])

    @property
    def signed(self) -> tuple[sparse.csr_array, np.ndarray]:
        """(relation x row: +1 for the total, -1 for each component; relation x column:
        whether the relation spans the column), for `_ComponentLP` to build its equalities."""
        if self._signed is None:
            rid = np.repeat(
                np.arange(len(self.relations)), [len(r.members) for r in self.relations]
            )
            row = np.fromiter(
                chain.from_iterable(r.members for r in self.relations), dtype=np.int64
            )
            sign = np.concatenate(
                [[1.0] + [-1.0] * len(r.components) for r in self.relations] or [np.zeros(0)]
            )
            spans = np.zeros((len(self.relations), self.n_columns), dtype=bool)
            for n, rel in enumerate(self.relations):
                spans[n, list(rel.spans(self.n_columns))] = True
            matrix = sparse.csr_array((sign, (rid, row)), shape=(len(self.relations), self.n_rows))
            matrix.sort_indices()
            self._signed = (matrix, spans)
        return self._signed

    @property
    def _peeling(self) -> tuple[sparse.csr_array, sparse.csr_array, np.ndarray]:
        """(row x relation: 1 for each member, row x relation: 1 for each component, each
        relation's total), for `known_columns`."""
        if self._peel is None:
            signed, _ = self.signed
            total_of = np.array([r.total for r in self.relations], dtype=np.int64)
            members = sparse.csr_array(self.incidence.T)
            parts = sparse.csr_array((signed < 0).astype(np.int64).T)
            self._peel = (members, parts, total_of)
        return self._peel

    @property
    def incidence(self) -> sparse.csr_array:
        """Relation x row: 1 where the row is a member of the relation."""
        if self._incidence is None:
            pairs = [(rid, m) for rid, rel in enumerate(self.relations) for m in rel.members]
            rid, row = np.array(pairs, dtype=np.int64).reshape(-1, 2).T
            self._incidence = sparse.csr_array(
                (np.ones(len(rid), dtype=np.int64), (rid, row)),
                shape=(len(self.relations), self.n_rows),
            )
        return self._incidence

    def components(self, suppressed: np.ndarray) -> np.ndarray:
        """Label of the connected component of every suppressed row (-1 for published
        rows): suppressed rows sharing a relation are connected.

        Found on the graph of suppressed rows and relations (an edge where the row is a member
        of the relation), not on the row x row product: a relation over k suppressed rows adds
        k edges instead of k^2 (a gemeente total over every cell of a persona table made a
        dense product of 1.4 GB). The suppressed rows come first in that graph, so their
        components are numbered as on the product: in the order of their first row."""
        suppressed = np.asarray(suppressed, dtype=bool)
        hidden = np.flatnonzero(suppressed)
        labels = np.full(self.n_rows, -1)
        if not len(hidden):
            return labels
        inc = self.incidence.tocoo()
        keep = suppressed[inc.col]
        position = np.cumsum(suppressed) - 1  # row -> its index among the suppressed rows
        n = len(hidden)
        graph = sparse.coo_array(
            (np.ones(int(keep.sum()), dtype=np.int8), (position[inc.col[keep]], n + inc.row[keep])),
            shape=(n + len(self.relations), n + len(self.relations)),
        )
        _, found = connected_components(graph, directed=False)
        labels[hidden] = found[:n]
        return labels

    def intervals(
        self, suppressed: ArrayLike, targets: Sequence[Target] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) of every target as the attacker derives them from the published rows.

        Targets on published rows get their published value as both bounds; an
        unbounded maximum is +inf.
        """
        suppressed = self._check(suppressed)
        targets = self.default_targets(suppressed) if targets is None else list(targets)
        lo = np.empty(len(targets))
        hi = np.empty(len(targets))
        exact = self._exact_targets(suppressed, targets)
        for i in np.flatnonzero(exact):
            lo[i] = hi[i] = self.value(targets[i])
        for lp, idx in self._by_component(suppressed, targets, exact):
            for i in idx:
                lo[i], hi[i] = lp.bounds(targets[i])
        return lo, hi

    def protected(
        self, suppressed: ArrayLike, targets: Sequence[Target], threshold: float
    ) -> np.ndarray:
        """Whether each target's interval is at least `threshold` wide (the same answer as
        `intervals`, usually with far fewer LPs)."""
        suppressed = self._check(suppressed)
        exact = self._exact_targets(suppressed, targets)
        out = np.full(len(targets), threshold <= TOLERANCE)  # known exactly: width 0
        parts = list(self._by_component(suppressed, targets, exact))
        self._push_all(parts, targets, threshold)
        for lp, idx in parts:
            out[idx] = lp.protected([targets[i] for i in idx], threshold)
        return out

    def attack(
        self, suppressed: ArrayLike, targets: Sequence[Target], threshold: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(lower, upper, exact) of every target, with no more LPs than the report needs.

        A target that known feasible tables already show to be at least `threshold` wide
        gets the bounds those tables span (`exact` False: the attacker's interval holds
        them, so its width is at least as big); every other target gets its exact
        interval, so a narrow one is reported as narrow as it is.
        """
        suppressed = self._check(suppressed)
        n = len(targets)
        lo, hi, exact_bounds = np.empty(n), np.empty(n), np.ones(n, dtype=bool)
        exact = self._exact_targets(suppressed, targets)
        for i in np.flatnonzero(exact):
            lo[i] = hi[i] = self.value(targets[i])
        parts = list(self._by_component(suppressed, targets, exact))
        self._push_all(parts, targets, threshold)
        for lp, idx in parts:
            wide = lp.protected([targets[i] for i in idx], threshold)
            # the points read once for all the targets (`inner` then reads only the points
            # the exact bounds of a narrow target add)
            lp._update_seen([targets[i] for i, ok in zip(idx, wide, strict=True) if ok])
            for i, ok in zip(idx, wide, strict=True):
                if ok:
                    lo[i], hi[i], exact_bounds[i] = lp.inner(targets[i])
                else:
                    lo[i], hi[i] = lp.bounds(targets[i])
        return lo, hi, exact_bounds

    def recoverable(self, suppressed: ArrayLike, rows: Iterable[int]) -> np.ndarray:
        """Whether the attacker knows every column of each of `rows` exactly (interval
        width 0): such a row hides nothing, and publishing it tells nothing new."""
        rows = [int(r) for r in rows]
        unit = np.eye(self.n_columns)
        targets = [Target(r, tuple(unit[j])) for r in rows for j in range(self.n_columns)]
        if not targets:
            return np.zeros(0, dtype=bool)
        wide = self.protected(suppressed, targets, EXACT_WIDTH)
        return ~wide.reshape(len(rows), self.n_columns).any(axis=1)

    def all_protected(
        self,
        suppressed: ArrayLike,
        targets: Sequence[Target],
        threshold: float,
        first: Iterable[Target] = (),
    ) -> bool:
        """Whether every target is protected (stops at the first failure: cheap to say no).

        first: targets likely to fail, checked before the others of their component (an
        exact LP before the joint pushes), so that a failing check usually stops after an
        LP or two; the answer is the same. `failed_on` is then the target that failed."""
        suppressed = self._check(suppressed)
        exact = self._exact_targets(suppressed, targets)
        self.failed_on = None
        if exact.any() and threshold > TOLERANCE:
            self.failed_on = targets[int(np.argmax(exact))]
            return False
        first = set(first)
        parts = self._by_component(suppressed, targets, exact)
        if first:  # the components with a likely failure first
            parts = sorted(parts, key=lambda part: not any(targets[i] in first for i in part[1]))
        for lp, idx in parts:
            mine = [targets[i] for i in idx]
            failed = lp.failing_target(mine, threshold, [t for t in mine if t in first])
            if failed is not None:
                self.failed_on = failed
                return False
        return True

    def binding_relations(self, suppressed: ArrayLike, target: Target) -> list[int]:
        """The relations whose published members could widen a suppressed target's
        interval (`_ComponentLP.binding`); [] when the target is known without an LP."""
        suppressed = self._check(suppressed)
        exact = self._exact_targets(suppressed, [target])
        for lp, _ in self._by_component(suppressed, [target], exact):
            return lp.binding(target)
        return []

    def steady_rows(self, rows: Iterable[int] | None) -> None:
        """Ask the pushes to find feasible tables in which `rows` keep their true values
        first (None: no such rows). Secondary suppression's clean-up names its rows not
        yet tried: a table the attacker cannot rule out in which such a row has its true
        value stays one after that row is published (`_inherited`), so a later trial
        re-proves only the targets whose tables moved the row it publishes, instead of
        nearly every target of its component. A table with some suppressed rows held at
        their true values is a table of the attacker's LP as it is (a restriction of
        it), so only which tables are found changes: every answer (`protected`,
        `bounds`) stays that of the attacker's LP, and the exact LPs never hold a row."""
        if rows is None:
            self.steady = None
            return
        steady = np.zeros(self.n_rows, dtype=bool)
        steady[list(rows)] = True
        self.steady = steady

    def checkpoint(self) -> dict[int, _ComponentLP]:
        """The record of the latest LP over each row, to put back with `restore`."""
        return dict(self._holding)

    def restore(self, mark: dict[int, _ComponentLP]) -> None:
        """Put back the record of `checkpoint`: the next components shrink from (start in
        the models of) the LPs recorded then, not from those solved since (secondary
        suppression's clean-up undoes a batch of published rows that failed). Only which
        model an LP starts in changes, and which kept tables a new component inherits (any
        earlier LP's tables qualify, `_inherited`), never an LP's optimum."""
        self._holding = dict(mark)

    def _check(self, suppressed: ArrayLike) -> np.ndarray:
        suppressed = np.asarray(suppressed, dtype=bool)
        if suppressed.shape != (self.n_rows,):
            raise ValueError(f"suppressed must have {self.n_rows} entries")
        return suppressed

    def _exact_targets(self, suppressed: np.ndarray, targets: Sequence[Target]) -> np.ndarray:
        """Targets the attacker knows exactly: published, or, for every column they use,
        known by peeling (`known_columns`)."""
        if not len(targets):
            return np.zeros(0, dtype=bool)
        known = self.known_columns(suppressed)
        rows = np.fromiter((t.row for t in targets), dtype=np.int64, count=len(targets))
        used = np.array([t.coefs for t in targets], dtype=float).reshape(len(targets), -1) != 0
        return ~suppressed[rows] | ~(used & ~known[rows]).any(axis=1)

    def known_columns(self, suppressed: np.ndarray) -> np.ndarray:
        """known[row, j]: the attacker computes column j of the suppressed row exactly from
        the relations alone, by peeling: a relation over column j in which every member
        but one is published or known in j gives that one away (its total minus the
        other components, or the sum of its components); repeated until nothing changes
        (a chain of equal denominators across blocks, one of them published, gives every
        link away). Each step is a deduction from the equalities, so a count found here
        has an interval of width 0 in the attacker's LP too: the LPs are skipped, the
        answer is the same (the final audit's denominators that another block publishes
        took 1,500 of its 1,700 LPs on 10,000-resident nieuwkomers). Peeling finds a
        subset of the counts the equalities fix (a count fixed only by a combination of
        relations is left to the LPs, `_ComponentLP._determined`).

        With counts >= 0 (lower 0), zeros are peeled too: a relation whose total is
        published or known to be 0 in column j has every component 0 there, and a row
        whose column b is known to be 0 has its column a 0 for an ordered pair (a, b)
        (the numerator under a denominator of 0). That too is a deduction the LP makes
        (width 0), so nothing changes but the LPs saved. The answer for the last pattern
        is kept (the rounds ask several times); it is shared, not to be changed."""
        suppressed = np.asarray(suppressed, dtype=bool)
        key = suppressed.tobytes()
        if self._known is not None and self._known[0] == key:
            return self._known[1]
        k = self.n_columns
        inc = self.incidence
        _, spans = self.signed
        members_of, parts_of, total_of = self._peeling
        zeros = self.lower == 0
        known = ~suppressed[:, None].repeat(k, axis=1)  # published rows are known
        unknown = ~known
        changed = True
        while changed:
            changed = False
            for j in range(k):
                over = spans[:, j]
                while True:
                    count = inc @ unknown[:, j].astype(np.int64)
                    found = members_of @ ((count == 1) & over).astype(np.int64) > 0
                    if zeros:
                        zero = over & (count > 0) & known[total_of, j]
                        zero &= self.values[total_of, j] == 0
                        found |= parts_of @ zero.astype(np.int64) > 0
                    found &= unknown[:, j]
                    if not found.any():
                        break
                    known[found, j], unknown[found, j] = True, False
                    changed = True
            for a, b in self.ordered if zeros else ():
                found = unknown[:, a] & known[:, b] & (self.values[:, b] == 0)
                if found.any():
                    known[found, a], unknown[found, a] = True, False
                    changed = True
        known &= suppressed[:, None]
        self._known = (key, known)
        return known

    def _push_all(self, parts, targets: Sequence[Target], threshold: float) -> None:
        """The first push of every small component at once, in one LP (the components
        are independent, so its optimum is each component's own push): far fewer LP
        calls when a table has many small components. A component of more than
        JOINT_PUSH_VARS counts, or one whose kept model has a basis already, makes its
        first push in its own kept model instead (`_push`), from where every later LP
        of it starts warm."""
        problems = []
        for lp, idx in parts:
            if lp.n_vars > JOINT_PUSH_VARS or lp._model is not None:
                continue
            width = lp._widths_seen([targets[i] for i in idx], threshold)
            open_ = [
                targets[i] for i, w in zip(idx, width, strict=True) if w < threshold - TOLERANCE
            ]
            if open_:
                problems.append((lp, lp._push_problem(open_, threshold)))
        if len(problems) < 2:
            return
        width = [len(pr[0]) for _, pr in problems]

        def diag(k: int, rhs: int):
            blocks = [
                sparse.csr_array(pr[k]) if pr[k] is not None else sparse.csr_array((0, w))
                for (_, pr), w in zip(problems, width, strict=True)
            ]
            vectors = [pr[rhs] for _, pr in problems if pr[rhs] is not None]
            if not vectors:
                return None, None
            return sparse.block_diag(blocks, format="csr"), np.concatenate(vectors)

        A_ub, b_ub = diag(1, 2)
        A_eq, b_eq = diag(3, 4)
        bounds = np.vstack([pr[5] for _, pr in problems])
        model = _WarmLP(A_ub, b_ub, A_eq, b_eq, bounds[:, 0], bounds[:, 1])
        _, x = model.minimize(np.concatenate([pr[0] for _, pr in problems]))
        if x is None:
            raise RuntimeError("audit LP failed: the push LP is unbounded")
        start = 0
        for (lp, _), w in zip(problems, width, strict=True):
            lp._keep(x[start : start + lp.n_vars])
            start += w

    def _by_component(self, suppressed, targets, exact):
        """(component LP, indices of its targets) for every component with a target
        that is not known exactly, in the order of the components' first targets."""
        labels = self.components(suppressed)
        at = np.flatnonzero(~np.asarray(exact, dtype=bool))
        rows_of = np.fromiter((targets[i].row for i in at), dtype=np.int64, count=len(at))
        label_of = labels[rows_of]
        by_label = np.argsort(label_of, kind="stable")
        keys, first = np.unique(label_of[by_label], return_index=True)
        groups = np.split(at[by_label], first[1:]) if len(at) else []
        appear = np.argsort([g[0] for g in groups], kind="stable")
        keys = keys[appear]
        order = np.argsort(labels, kind="stable")
        starts = np.searchsorted(labels[order], keys, side="left")
        ends = np.searchsorted(labels[order], keys, side="right")
        for idx, a, b in zip([groups[g].tolist() for g in appear], starts, ends, strict=True):
            rows = tuple(np.sort(order[a:b]).tolist())
            lp = self._cache.get(rows)
            if lp is None:
                lp = self._cache[rows] = _ComponentLP(self, rows, suppressed)
                parent = self._shrunk_from(rows)
                if parent is not None:
                    lp._borrow(parent)
                else:
                    lp._parts = self._grown_from(rows)
                lp._extend(self._inherited(rows))
                for r in rows:
                    self._holding[r] = lp
            yield lp, idx

    def _shrunk_from(self, rows: tuple[int, ...]) -> _ComponentLP | None:
        """The component LP whose kept model can solve the LPs of the new component
        `rows` too: the latest LP over every row of `rows`, when it is one and its rows
        hold `rows` (the component shrank: a row of it was published, as secondary
        suppression's clean-up tries row by row), and it has a model.

        Its model with the variables of its other rows fixed at their true values is the
        LP of `rows`: such a row is published now (in `rows`' LP it is a constant at its
        true value) or in another component now (sharing no relation with `rows`, so its
        value does not matter); a row published under both patterns is a constant in
        both; and a row suppressed now that shares a relation with `rows` is in `rows`.
        Solved in that model, the new component's LPs start from the basis of its
        predecessor's (a few iterations) instead of from scratch (hundreds on a
        component of thousands of counts)."""
        holders = set(map(self._holding.get, rows))
        if len(holders) != 1:
            return None
        (lp,) = holders
        if lp is None or lp._model is None or not set(rows) <= set(lp.rows):
            return None
        # the model's form first: a borrowed component's own rows are never built
        if self.bounded_pairs and not lp._model.paired and lp._ordered_vars is not None:
            return None  # a model with the pairs as rows: a new one with them as bounds
        return lp

    def _grown_from(self, rows: tuple[int, ...]) -> list[_ComponentLP]:
        """The latest LPs over rows of `rows` that hold no other row and have a model of
        their own: the parts a grown component came from, whose optimal bases together
        are a good start for its first LP (`_ComponentLP._seeded`)."""
        inside = set(rows)
        parts = {lp.serial: lp for r in rows if (lp := self._holding.get(r)) is not None}
        return [
            lp
            for _, lp in sorted(parts.items())
            if lp._model is not None and lp._cols is None and set(lp.rows) <= inside
        ]

    def _inherited(self, rows: tuple[int, ...]) -> np.ndarray | None:
        """Feasible tables of the component `rows` that earlier LPs already found.

        A point x of the LP of an earlier component C (under another pattern) is a table
        the attacker of `rows` cannot rule out either, once the rows of `rows` outside C
        take their true values, provided x gives every row of C outside `rows` its true
        value: a relation over rows of `rows` then holds in x as it did in C's LP (a row
        of C sharing a relation with `rows` is in `rows` or, when published now, at its
        true value), and relations over neither hold in the true table. So a component
        grown by a partner inherits every point of its parts, and one that lost a row
        the points in which that row kept its true value. The points come from the
        latest LP over each row (which inherited in turn), and only points at which some
        count of some row is smallest or largest are kept (the others settle nothing
        those do not). Returns None when no earlier point applies."""
        k = self.n_columns
        where = {r: i for i, r in enumerate(rows)}
        truth = self.values[list(rows)].reshape(-1)
        candidates = {lp.serial: lp for r in rows if (lp := self._holding.get(r)) is not None}
        found = []
        for serial in sorted(candidates):
            lp = candidates[serial]
            points = lp.stacked()[1:]  # the true table is in every LP already
            if not len(points):
                continue
            old_rows = lp.rows
            inside = np.array([r in where for r in old_rows]).repeat(k)
            if not inside.all():
                gone = points[:, ~inside] - lp.points[0][~inside]
                points = points[np.abs(gone).max(axis=1) <= TOLERANCE]
                if not len(points):
                    continue
            dest = np.array([where[r] * k + j for r in old_rows if r in where for j in range(k)])
            x = np.tile(truth, (len(points), 1))
            x[:, dest] = points[:, inside]
            found.append(x)
        if not found:
            return None
        x = np.vstack(found)
        values = x.reshape(len(x), len(rows), k) @ self.quantities.T
        extremes = np.union1d(values.argmin(axis=0).ravel(), values.argmax(axis=0).ravel())
        return x[extremes]


class _ComponentLP:
    """The attacker's LP for one connected component of suppressed rows.

    Every LP solution is a table the attacker cannot rule out, and so is the true
    table: each such point bounds the interval of every target from inside. The points
    are kept, so a minimum at the structural bound (0) needs no LP of its own, and a
    pass/fail check often needs none at all.
    """

    serials = 0

    def __init__(self, table: AdditiveTable, rows: tuple[int, ...], suppressed: np.ndarray):
        k = table.n_columns
        self.k = k
        self.table = table
        self.rows = rows
        _ComponentLP.serials += 1
        self.serial = _ComponentLP.serials
        self.position = {r: i for i, r in enumerate(rows)}
        self._row_array = np.asarray(rows, dtype=np.int64)
        n_vars = len(rows) * k
        # the model's equalities, inequalities and row keys are built when an LP needs them
        # (`_structure`): a component whose LPs run in the kept model of the one it shrank
        # from (`_borrow`, every trial of the clean-up) never does; `suppressed` as it is now
        self._suppressed: np.ndarray | None = np.array(suppressed, dtype=bool)
        self._built: tuple | None = None
        self.dense = n_vars <= 1500  # small enough for the LP-free exactness check
        self.n_vars = n_vars
        # the known feasible tables, one per row of `_points[:_n]`, grown in place (capacity
        # doubled when full): reading the points found since some step is a view, not a copy
        # of a list of arrays (which cost a third of the time on a component of thousands
        # of counts); the true table is feasible and comes first
        self._points = np.empty((4, n_vars))
        self._points[0] = table.values[list(rows)].reshape(-1)
        self._n = 1
        # A cap far above any count keeps the "push" LP bounded, so it always returns a
        # point; capped points are feasible for the uncapped LP too.
        self.cap = 10.0 * (np.abs(table.values).sum() + 1.0)
        self._model: _WarmLP | None = None
        # where this LP's variables are in `_model` (None: its first n_vars columns, the
        # model is its own) and which of the model's variables it fixes at their true
        # values (a model borrowed from the component this one shrank from: `_borrow`)
        self._cols: np.ndarray | None = None
        self._fixed: np.ndarray | None = None
        self._parts: list[_ComponentLP] = []  # components this one grew from (`_seeded`)
        self._seen_at: dict[Target, tuple[float, float, int]] = {}
        self._exact: dict[Target, tuple[float, float]] = {}
        self._hi: dict[Target, float] = {}
        self._echelon: tuple[np.ndarray, np.ndarray] | None = None
        self._proven: dict[float, set[Target]] = {}  # threshold -> targets shown that wide

    def _structure(self) -> tuple:
        """(A_eq, b_eq, A_ub, b_ub, row keys, ordered pairs as variables) of the component's
        LP, built once, when first needed."""
        if self._built is None:
            self._built = self._build(self._suppressed)
            self._suppressed = None
        return self._built

    @property
    def A_eq(self) -> sparse.csr_array | None:
        return self._structure()[0]

    @property
    def b_eq(self) -> np.ndarray | None:
        return self._structure()[1]

    @property
    def A_ub(self) -> sparse.csr_array | None:
        return self._structure()[2]

    @property
    def b_ub(self) -> np.ndarray | None:
        return self._structure()[3]

    @property
    def _row_keys(self) -> np.ndarray:
        return self._structure()[4]

    @property
    def _ordered_vars(self) -> np.ndarray | None:
        return self._structure()[5]

    def _build(self, suppressed: np.ndarray) -> tuple:
        """The LP's rows (`_structure`) under the pattern `suppressed` of its making."""
        table, rows, k = self.table, self.rows, self.k
        n_vars = len(rows) * k
        rel_ids = np.unique(
            np.fromiter(chain.from_iterable(table.row_relations[r] for r in rows), dtype=np.int64)
        )
        # the equalities as (row, column, coefficient) triplets: no dense matrix is built
        # (a component of thousands of counts would be mostly zeros); equality n * k + j is
        # relation rel_ids[n] in column j, +1 for its total and -1 for each component, the
        # published ones moved to the right-hand side (in array operations: a component of
        # thousands of counts has thousands of relations)
        signed, spans = table.signed
        sub = signed[rel_ids]
        entry_rel = np.repeat(np.arange(len(rel_ids)), np.diff(sub.indptr))
        entry_row, entry_sign = sub.indices, sub.data
        at = np.full(table.n_rows, -1)
        at[list(rows)] = np.arange(len(rows))
        eq_at, var_at, coef, b_at, b_val = [], [], [], [], []
        for j in range(k):
            inside = spans[rel_ids, j][entry_rel]
            n, m, sign = entry_rel[inside], entry_row[inside], entry_sign[inside]
            hid = suppressed[m]
            eq_at.append(n[hid] * k + j)
            var_at.append(at[m[hid]] * k + j)
            coef.append(sign[hid])
            b_at.append(n[~hid] * k + j)
            b_val.append(-sign[~hid] * table.values[m[~hid], j])
        b_eq = np.bincount(
            np.concatenate(b_at), weights=np.concatenate(b_val), minlength=len(rel_ids) * k
        ).astype(float)
        A_eq = sparse.csr_array(
            (np.concatenate(coef), (np.concatenate(eq_at), np.concatenate(var_at))),
            shape=(len(b_eq), n_vars),
        )
        used = (np.diff(A_eq.indptr) > 0) | (b_eq != 0)
        A_eq, b_eq = A_eq[used], b_eq[used]
        n_ordered = len(table.ordered)
        # what each row of the model is, the same in every component's model: -1 - (row *
        # n_ordered + pair) for an ordered pair of a row, relation * k + column for an
        # equality (`_seeded`: a grown component starts from the basis of its parts)
        row_keys = np.concatenate(
            [
                -1 - (np.repeat(np.asarray(rows), n_ordered) * n_ordered
                      + np.tile(np.arange(n_ordered), len(rows))),
                (rel_ids[:, None] * k + np.arange(k)).ravel()[used],
            ]
        )  # fmt: skip
        ub_row = np.arange(len(rows) * n_ordered).repeat(2)
        pair_cols = np.array([c for a, b in table.ordered for c in (a, b)], dtype=np.int64)
        ub_var = (np.arange(len(rows), dtype=np.int64)[:, None] * k + pair_cols).ravel()
        ub_coef = np.tile([1.0, -1.0], len(rows) * n_ordered)
        # the ordered pairs as variables (a, b), for the kept model (`_shared`), when each
        # count is in one pair at most (else its rows A_ub, in `_push_all` always)
        pairs = ub_var.reshape(-1, 2)
        A_ub = sparse.csr_array((ub_coef, (ub_row, ub_var)), shape=(len(rows) * n_ordered, n_vars))
        return (
            A_eq if len(b_eq) else None,
            b_eq if len(b_eq) else None,
            A_ub if A_ub.shape[0] else None,
            np.zeros(A_ub.shape[0]) if A_ub.shape[0] else None,
            row_keys,
            pairs if len(np.unique(pairs)) == pairs.size else None,
        )

    @staticmethod
    def _pad(a: sparse.csr_array, n: int) -> sparse.csr_array:
        """`a` with n zero columns appended."""
        return sparse.csr_array((a.data, a.indices, a.indptr), shape=(a.shape[0], a.shape[1] + n))

    def _keep(self, x: np.ndarray) -> None:
        self._extend(np.asarray(x, dtype=float)[None, :])

    def _extend(self, points: np.ndarray | None) -> None:
        """Add known feasible tables (rows of `points`), e.g. inherited ones."""
        if points is None or not len(points):
            return
        n, m = self._n, len(points)
        if n + m > len(self._points):
            grown = np.empty((max(2 * len(self._points), n + m), self.n_vars))
            grown[:n] = self._points[:n]
            self._points = grown
        self._points[n : n + m] = points
        self._n = n + m

    @property
    def points(self) -> np.ndarray:
        """Every known feasible table, one per row (the true table first): a view of the
        kept points, valid until the next point is added."""
        return self._points[: self._n]

    def stacked(self) -> np.ndarray:
        """Every known feasible table, one per row (`points`)."""
        return self.points

    def _shared(self) -> _WarmLP:
        """The component's one HiGHS model, kept for every LP of the component (the
        minima and maxima of `_optimum` and the pushes of `_push`), so each LP starts
        from the last optimal basis; a borrowed one (`_borrow`) with this LP's fixes
        in force."""
        if self._model is None:
            if self._ordered_vars is not None and self.table.bounded_pairs:
                # numerator <= denominator as a bound (`_WarmLP._pairs`), not A_ub's rows
                A_eq = self.A_eq if self.A_eq is not None else sparse.csr_array((0, self.n_vars))
                b_eq = self.b_eq if self.b_eq is not None else np.zeros(0)
                self._model = _WarmLP(
                    None, None, A_eq, b_eq, self.table.lower, pairs=self._ordered_vars
                )
                self._model.row_keys = self._row_keys[len(self._ordered_vars) :]
            else:
                self._model = _WarmLP(self.A_ub, self.b_ub, self.A_eq, self.b_eq, self.table.lower)
                self._model.row_keys = self._row_keys
            self._model.base = self.points[0].copy()
            self._seeded()
        self._model.hold(self._fixed)
        return self._model

    def _seeded(self) -> None:
        """Start the new model from the optimal bases of the components this one grew
        from (`AdditiveTable._grown_from`): each part's counts and rows (the same
        relations, `_row_keys`) keep their status, the new counts start at 0 (nonbasic)
        and the new rows basic. HiGHS takes it as an alien basis (it repairs a basis that
        does not fit) and solves from there: the answers are the LP's whatever the start,
        only the iterations differ (on a component of thousands of counts, hundreds of
        iterations from the slack basis)."""
        parts, self._parts = self._parts, []
        if not parts:
            return
        k = self.k
        col = np.full(self.n_vars, int(highspy.HighsBasisStatus.kLower))
        row_keys = self._model.row_keys  # the model's rows (no ordered pairs: `_shared`)
        row = np.full(len(row_keys), int(highspy.HighsBasisStatus.kBasic))
        order = np.argsort(row_keys, kind="stable")
        keys = row_keys[order]
        for part in parts:
            basis = part._model.highs.getBasis()
            if not basis.valid:
                continue
            status = np.fromiter(map(int, basis.col_status[: part.n_vars]), np.int64)
            mine = np.array([self.position[r] * k + j for r in part.rows for j in range(k)])
            col[mine] = status
            part_keys = part._model.row_keys
            n_rows = len(part_keys)
            status = np.fromiter(map(int, basis.row_status[:n_rows]), np.int64, n_rows)
            if not len(keys):
                continue
            at = np.minimum(np.searchsorted(keys, part_keys), len(keys) - 1)
            found = keys[at] == part_keys
            row[order[at[found]]] = status[found]
        statuses = _basis_statuses()
        basis = highspy.HighsBasis()
        basis.col_status = [statuses[x] for x in col.tolist()]
        basis.row_status = [statuses[x] for x in row.tolist()]
        basis.valid, basis.alien = True, True
        self._model.highs.setBasis(basis)

    def _borrow(self, parent: _ComponentLP) -> None:
        """Solve this component's LPs in the kept model of `parent`, a component that
        holds every row of this one (`AdditiveTable._shrunk_from` says when that is the
        same LP): its other variables fixed at their true values."""
        model = parent._model
        k = self.k
        at = np.array([parent.position[r] * k + j for r in self.rows for j in range(k)])
        cols = at if parent._cols is None else parent._cols[at]
        fixed = np.ones(len(model.base), dtype=bool)
        fixed[cols] = False
        self._model, self._cols, self._fixed = model, cols, fixed

    def _mine(self, x: np.ndarray) -> np.ndarray:
        """This LP's variables in a solution of its model."""
        return x[: self.n_vars] if self._cols is None else x[self._cols]

    def _optimum(self, c: np.ndarray) -> float:
        """min c.x over the attacker's feasible tables (-inf when unbounded), in the
        component's kept model (`_shared`), warm started."""
        model = self._shared()
        if self._cols is not None:
            full = np.zeros(len(model.base))
            full[self._cols] = c
            c = full
        fun, x = model.minimize(c)
        if x is not None:
            self._keep(self._mine(x))
        return fun

    def _steady_columns(self) -> np.ndarray | None:
        """The model's columns of this component's steady rows (`AdditiveTable.steady`),
        None when there are none."""
        steady = self.table.steady
        if steady is None:
            return None
        mine = np.flatnonzero(steady[self._row_array])
        if not len(mine):
            return None
        at = (mine[:, None] * self.k + np.arange(self.k)).ravel()
        return at if self._cols is None else self._cols[at]

    def _push(self, targets: Sequence[Target], threshold: float, steady: str | None = None) -> None:
        """One LP that lifts every target as far as it still needs to go, at once.

        With g_i <= target_i(x) - value_i and g_i <= what target i still lacks,
        maximising sum(g_i) gives one point that settles many targets together. Solved
        in the component's kept model (`_shared`): each target gets a gain column and
        its row once (`_WarmLP.add_gains`); a push opens the rows of its targets and
        frees them again afterwards, so the model stays the attacker's LP in between.
        `steady` "hold": the steady rows (`AdditiveTable.steady_rows`) are held at their
        true values in this push (a point of a restriction of the LP: still a table the
        attacker cannot rule out); "spare": they may move, at a small price per unit
        (SPARE_PRICE, on |x - true value|), so the point moves those that some target
        needs and leaves the others where they are.
        """
        model = self._shared()
        held = self._steady_columns() if steady is not None else None
        if held is not None and steady == "hold":
            fixed = np.zeros(model.n, dtype=bool) if self._fixed is None else self._fixed.copy()
            fixed[held] = True
            model.hold(fixed)
        spare = model.deviations(held) if held is not None and steady == "spare" else None
        cols, coefs, value, lack = self._lacks(targets, threshold)
        gain = model.gain  # target -> its gain column (a target's row is the same in
        new = [i for i, t in enumerate(targets) if t not in gain]  # every borrower's LP)
        if new:
            at, j = np.nonzero(coefs[new])
            where = cols[new][at, j] if self._cols is None else self._cols[cols[new][at, j]]
            first = model.add_gains(
                sparse.csr_array((coefs[new][at, j], (at, where)), shape=(len(new), model.n))
            )
            for n, i in enumerate(new):
                gain[targets[i]] = first + n
        gains = np.array([gain[t] for t in targets], dtype=np.int32)
        try:
            x = model.push(gains, value, lack, self.cap, spare)
        finally:
            if held is not None and steady == "hold":
                model.hold(self._fixed)
        if x is None:
            raise RuntimeError("audit LP failed: the push LP is unbounded")
        self._keep(self._mine(x))

    def _lacks(self, targets: Sequence[Target], threshold: float):
        """(columns, coefs, value, lack) of the targets: their LP variables and
        coefficients (`_gather`), their true values and how much wider each must still
        get (threshold - width seen so far)."""
        self._update_seen(targets)
        cols, coefs = self._gather(targets)
        seen_lo = np.array([self._seen_at[t][0] for t in targets])
        value = (self.points[0][cols] * coefs).sum(axis=1)
        return cols, coefs, value, threshold - (value - seen_lo)

    def _push_problem(self, targets: Sequence[Target], threshold: float):
        """The push LP of `_push` as a model of its own, (c, A_ub, b_ub, A_eq, b_eq,
        bounds); its variables are this component's counts, then one gain per target
        (`AdditiveTable._push_all` joins those of many components into one LP)."""
        n = len(targets)
        cols, coefs, value, lack = self._lacks(targets, threshold)
        b = -value
        # one row per target: -target(x) + gain <= -value
        at, j = np.nonzero(coefs)
        gains = sparse.csr_array(
            (
                np.concatenate([-coefs[at, j], np.ones(n)]),
                (
                    np.concatenate([at, np.arange(n)]),
                    np.concatenate([cols[at, j], self.n_vars + np.arange(n)]),
                ),
            ),
            shape=(n, self.n_vars + n),
        )
        A_ub = gains if self.A_ub is None else sparse.vstack([self._pad(self.A_ub, n), gains])
        b_ub = b if self.A_ub is None else np.concatenate([self.b_ub, b])
        A_eq = None if self.A_eq is None else self._pad(self.A_eq, n)
        bounds = np.empty((self.n_vars + n, 2))
        bounds[: self.n_vars] = (self.table.lower, self.cap)
        bounds[self.n_vars :, 0], bounds[self.n_vars :, 1] = -self.cap, lack
        c = np.concatenate([np.zeros(self.n_vars), -np.ones(n)])
        return c, A_ub, b_ub, A_eq, self.b_eq, bounds

    def _gather(self, targets: Sequence[Target]) -> tuple[np.ndarray, np.ndarray]:
        """(columns, coefs), each of shape (len(targets), k): the LP variables of each
        target's row and its coefficients on them."""
        k, position = self.k, self.position
        rows = np.fromiter((position[t.row] for t in targets), dtype=np.int64, count=len(targets))
        coefs = np.array([t.coefs for t in targets], dtype=float).reshape(len(targets), k)
        return rows[:, None] * k + np.arange(k), coefs

    def _slice(self, target: Target) -> slice:
        start = self.position[target.row] * self.k
        return slice(start, start + self.k)

    def _objective(self, target: Target) -> np.ndarray:
        c = np.zeros(self.n_vars)
        c[self._slice(target)] = target.coefs
        return c

    def _seen(self, target: Target) -> tuple[float, float]:
        """The smallest and largest value of the target over the known feasible points."""
        self._update_seen([target])
        lo, hi, _ = self._seen_at[target]
        return lo, hi

    def _update_seen(self, targets: Sequence[Target]) -> None:
        """Bring each target's smallest and largest value over the known points up to
        date (kept per target: only the points found since are read, all targets at once)."""
        n = len(self.points)
        todo: dict[int, list[Target]] = {}
        seen_at = self._seen_at
        for t in targets:
            got = seen_at.get(t)
            start = 0 if got is None else got[2]
            if start < n:
                todo.setdefault(start, []).append(t)
        for start, group in todo.items():
            group = list(dict.fromkeys(group))
            points = self.points[start:n]
            cols, coefs = self._gather(group)
            values = (points[:, cols] * coefs).sum(axis=2)  # points x targets
            lows, highs = values.min(axis=0), values.max(axis=0)
            if start:  # targets seen before: min and max with what was seen (as Python's
                # min(old, new) and max(old, new): the old value unless the new one is beyond)
                old = np.array([seen_at[t][:2] for t in group]).reshape(len(group), 2)
                lows = np.where(lows < old[:, 0], lows, old[:, 0])
                highs = np.where(highs > old[:, 1], highs, old[:, 1])
            ends = zip(lows.tolist(), highs.tolist(), [n] * len(group), strict=True)
            seen_at.update(zip(group, ends, strict=True))

    def _widths_seen(self, targets: Sequence[Target], threshold: float) -> np.ndarray:
        """`_width_seen` of every target, the points read once for all; +inf for a target
        already shown to be at least `threshold` wide (a width seen only grows as points
        and exact bounds are added, so such a target stays protected: no need to read
        the points again, which the rounds of secondary suppression would do thousands
        of times)."""
        proven = self._proven.setdefault(threshold, set())
        width = np.full(len(targets), np.inf)
        todo = [i for i, t in enumerate(targets) if t not in proven]
        if not todo:
            return width
        exact, seen_at, his = self._exact, self._seen_at, self._hi
        self._update_seen([targets[i] for i in todo if targets[i] not in exact])
        wide = threshold - TOLERANCE
        for i in todo:
            t = targets[i]
            found = exact.get(t)
            if found is not None:
                w = found[1] - found[0]
            else:
                lo, hi, _ = seen_at[t]
                w = his.get(t, hi) - lo
            width[i] = w
            if w >= wide:
                proven.add(t)
        return width

    def _floor(self, coefs: tuple[float, ...]) -> float:
        """The structural minimum of a target: lower * sum(coefs) for coefs >= 0, 0 for b - a with a <= b."""
        c = np.asarray(coefs)
        if (c >= 0).all():
            return self.table.lower * float(c.sum())
        for a, b in self.table.ordered:
            if c[b] == 1 and c[a] == -1 and np.count_nonzero(c) == 2:
                return 0.0
        return -np.inf

    def _determined(self, target: Target) -> bool:
        """Whether the relations alone fix the target (its objective lies in the row space
        of the equalities): then it is known exactly, without an LP. A target fixed
        only through the bounds (a zero margin) still needs its LPs. Components above
        ECHELON_VARS counts are left to the LPs."""
        if not self.dense or self.n_vars > ECHELON_VARS:
            return False
        if self._echelon is None:
            A = self.A_eq.toarray() if self.A_eq is not None else np.zeros((0, self.n_vars))
            self._echelon = _echelon(A)
        rows, pivots = self._echelon
        c = self._objective(target)
        # only the rows whose pivot the target uses (a few among hundreds) add anything:
        # the same sum in the same order, without the rows times 0
        weight = c[pivots]
        used = np.flatnonzero(weight)
        residual = c - (rows[used] * weight[used][:, None]).sum(axis=0)
        return bool(np.abs(residual).max() < 1e-8)

    def _value(self, target: Target) -> float:
        return float(self.points[0][self._slice(target)] @ np.asarray(target.coefs))

    def _upper(self, target: Target) -> float:
        hi = self._hi.get(target)
        if hi is None:
            if self._determined(target):
                hi = self._hi[target] = self._value(target)
            else:
                hi = self._hi[target] = _whole(-self._optimum(-self._objective(target)))
        return hi

    def _lower(self, target: Target) -> float:
        floor = self._floor(target.coefs)
        seen_lo, _ = self._seen(target)
        if seen_lo <= floor + TOLERANCE:
            return floor
        if self._determined(target):
            return self._value(target)
        return _whole(self._optimum(self._objective(target)))

    def binding(self, target: Target) -> list[int]:
        """The relations that hold the target's bounds where they are: those whose
        equality has a nonzero dual value in the LP of its maximum or of its minimum (a
        finite one), in the order found. Only they can widen the interval when a
        published member of theirs is suppressed (to first order: a new column for that
        member prices out of the optimal basis only through the duals of the relations
        it is in), as in the LP-guided choice of secondary cells of Fischetti and
        Salazar-Gonzalez (2000), "Models and algorithms for optimizing cell suppression
        in tabular data with linear constraints", JASA 95(451), whose attacker
        subproblems' dual solutions say which cells to suppress. Relations with no member
        in this component are left out (constants in a borrowed model). Two LPs, warm
        started: the same optima `bounds` finds; only their duals are read."""
        found: dict[int, None] = {}
        for sign in (-1.0, 1.0):
            if not np.isfinite(self._optimum(sign * self._objective(target))):
                continue
            model = self._model
            keys = model.row_keys
            duals = np.asarray(model.highs.getSolution().row_dual, dtype=float)[: len(keys)]
            for key in keys[np.abs(duals) > 1e-9].tolist():
                if key < 0:  # an ordered pair of a row (numerator <= denominator)
                    continue
                rid = key // self.k
                rel = self.table.relations[rid]
                if any(m in self.position for m in rel.members):
                    found[rid] = None
        return list(found)

    def inner(self, target: Target) -> tuple[float, float, bool]:
        """(lower, upper, exact): the exact interval when known, else the span of the
        known feasible tables (inside the attacker's interval)."""
        if target in self._exact:
            return (*self._exact[target], True)
        lo, hi = self._seen(target)
        return lo, max(hi, self._hi.get(target, hi)), False

    def bounds(self, target: Target) -> tuple[float, float]:
        found = self._exact.get(target)
        if found is None:
            hi = self._upper(target)
            found = self._exact[target] = (self._lower(target), hi)
        return found

    def _width_seen(self, t: Target) -> float:
        """A lower bound of the target's width: exact when known, else from the points."""
        if t in self._exact:
            lo, hi = self._exact[t]
            return hi - lo
        lo, hi = self._seen(t)
        return self._hi.get(t, hi) - lo

    def _unsettled(self, targets: Sequence[Target], threshold: float) -> list[Target]:
        """Targets not yet shown to be protected, after a few joint pushes."""
        width = self._widths_seen(targets, threshold)
        open_ = [t for t, w in zip(targets, width, strict=True) if w < threshold - TOLERANCE]
        # with steady rows: pushes that hold them first (their tables outlive the
        # publication of those rows), then pushes that move only those some target needs
        for steady in ("hold", "spare") if self._steady_columns() is not None else (None,):
            for _ in range(20):
                if len(open_) <= 1:
                    break
                self._push(open_, threshold, steady)
                width = self._widths_seen(open_, threshold)
                still = [t for t, w in zip(open_, width, strict=True) if w < threshold - TOLERANCE]
                if len(still) == len(open_):
                    break
                open_ = still
        return sorted(open_, key=self._width_seen)

    def protected(self, targets: Sequence[Target], threshold: float) -> np.ndarray:
        """Whether each target's interval is at least `threshold` wide, with as few LPs as
        possible: joint pushes first, then one target at a time (each LP's point may
        settle others)."""
        for t in self._unsettled(targets, threshold):
            if self._width_seen(t) < threshold - TOLERANCE:
                self._upper(t)
            if self._width_seen(t) < threshold - TOLERANCE:
                self.bounds(t)
        return self._widths_seen(targets, threshold) >= threshold - TOLERANCE

    def all_protected(self, targets: Sequence[Target], threshold: float) -> bool:
        """Whether every target is protected, stopping at the first one that is not."""
        return self.failing_target(targets, threshold) is None

    def failing_target(
        self, targets: Sequence[Target], threshold: float, first: Sequence[Target] = ()
    ) -> Target | None:
        """A target narrower than `threshold` (the first found), or None when every target
        is protected. The targets of `first` are settled first, each by its own LPs (no
        joint push): a likely failure is found after an LP or two instead of after the
        pushes of every open target."""
        wide = threshold - TOLERANCE

        def narrow(t: Target) -> bool:
            if self._width_seen(t) < wide:
                self._upper(t)
            if self._width_seen(t) < wide:
                lo, hi = self.bounds(t)
                return hi - lo < wide
            return False

        for t in first:
            if narrow(t):
                return t
        # the open targets are read after `first` is settled: its LPs' tables settle more
        for t in self._unsettled(targets, threshold):
            if narrow(t):
                return t
        return None


_STATUSES: dict[int, highspy.HighsBasisStatus] = {}


def _basis_statuses() -> dict[int, highspy.HighsBasisStatus]:
    """HiGHS's basis statuses by number (made once: building thousands of them one by
    one cost more than the rest of `_ComponentLP._seeded`)."""
    if not _STATUSES:
        _STATUSES.update({int(s): s for s in highspy.HighsBasisStatus.__members__.values()})
    return _STATUSES


def _whole(v: float) -> float:
    """An LP bound rounded to 6 decimals (to a whole number when within 1e-6 of one):
    counts are whole and the bounds are fractions with small denominators (6.5), while
    the solver's rounding noise (6.500000000000001, a little different for each basis
    it passes) must not decide a comparison (need against room, the order of equally
    wide targets)."""
    if not np.isfinite(v):
        return v
    r = round(v)
    return float(r) if abs(v - r) <= TOLERANCE else round(v, 6)


class _WarmLP:
    """min c.x subject to A_ub x <= b_ub, A_eq x = b_eq, x >= lower, as one HiGHS model
    that is solved again for each new objective `c`, warm started from the previous
    optimal basis (dual simplex after a cost change needs few iterations). HiGHS through
    its own Python package `highspy` (pinned in pyproject.toml), used directly: scipy's
    linprog builds a new model for every call, and its input checks cost more than
    solving these small LPs. The push LPs use it once each."""

    def __init__(
        self, A_ub, b_ub, A_eq, b_eq, lower, upper=None,
        pairs: Sequence[tuple[int, int]] = (),
    ) -> None:  # fmt: skip
        """lower, upper: the bounds of every variable (a number or one per variable;
        upper None: no bound). pairs: variables (a, b) with x_a <= x_b (a numerator and
        its denominator), each variable in one pair at most, upper None: HiGHS solves in
        y_b = x_b - x_a >= 0 instead of x_b (`_pairs`), so that x_a <= x_b is a bound of
        y_b, not a row of the model; every method takes and returns x."""
        blocks, lhs, rhs = [], [], []
        if A_ub is not None:
            blocks.append(sparse.csr_array(A_ub))
            lhs.append(np.full(len(b_ub), -highspy.kHighsInf))
            rhs.append(np.asarray(b_ub, dtype=float))
        if A_eq is not None:
            blocks.append(sparse.csr_array(A_eq))
            lhs.append(np.asarray(b_eq, dtype=float))
            rhs.append(np.asarray(b_eq, dtype=float))
        n = blocks[0].shape[1]
        self.n = n
        self._pairs(pairs, upper)
        A = self._inner(sparse.vstack(blocks, format="csr")).tocsc()
        A.sort_indices()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, A.shape[0]
        lp.col_cost_ = np.zeros(n)
        col_lower = np.broadcast_to(np.asarray(lower, dtype=float), (n,)).copy()
        col_lower[self.pair_b] = 0.0  # y_b = x_b - x_a >= 0
        lp.col_lower_ = col_lower
        lp.col_upper_ = (
            np.full(n, highspy.kHighsInf)
            if upper is None
            else np.broadcast_to(np.asarray(upper, dtype=float), (n,)).copy()
        )
        lp.row_lower_, lp.row_upper_ = np.concatenate(lhs), np.concatenate(rhs)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, A.shape[0]
        lp.a_matrix_.start_ = A.indptr.astype(np.int32)
        lp.a_matrix_.index_ = A.indices.astype(np.int32)
        lp.a_matrix_.value_ = A.data.astype(float)
        self.highs = highspy.Highs()
        for option, value in (
            ("output_flag", False),
            ("presolve", "off"),
            ("threads", 1),
        ):
            self.highs.setOptionValue(option, value)
        if self.highs.passModel(lp) == highspy.HighsStatus.kError:
            raise RuntimeError("audit LP failed: HiGHS did not accept the model")
        self.n_cols = n
        self.gain_row: dict[int, int] = {}  # gain column -> its row (`add_gains`)
        self.gain: dict = {}  # a component LP's target -> its gain column (`_ComponentLP._push`)
        self.deviation: dict[int, int] = {}  # variable -> its first deviation column
        self.costed = np.zeros(0, dtype=np.int64)  # the columns with a cost now (`minimize`)
        # what each of the model's first rows is (`_ComponentLP._row_keys` of the component
        # that made it; `_ComponentLP.binding` reads their duals)
        self.row_keys = np.zeros(0, dtype=np.int64)
        self.solved = False
        self.lower = np.array(lp.col_lower_, dtype=float)
        self.upper = np.array(lp.col_upper_, dtype=float)
        # the true value of each of the first n variables, at which `hold` fixes them (set by
        # the component LP that makes the model), and which of them are fixed now
        self.base = np.zeros(n)
        self.fixed = np.zeros(n, dtype=bool)

    def hold(self, fixed: np.ndarray | None) -> None:
        """Fix the variables of `fixed` (a mask over the first n; None: none) at their
        true values (`base`) and free the others to their own bounds again: the LP of a
        component LP that borrows this model (`_ComponentLP._borrow`)."""
        want = np.zeros(self.n, dtype=bool) if fixed is None else fixed
        change = np.flatnonzero(want != self.fixed)
        if not len(change):
            return
        if (want[self.pair_a] != want[self.pair_b]).any():
            raise ValueError("a numerator and its denominator are held together or not at all")
        base = self.base.copy()
        base[self.pair_b] -= self.base[self.pair_a]  # y_b = x_b - x_a
        fix = want[change]
        lower = np.where(fix, base[change], self.lower[change])
        upper = np.where(fix, base[change], self.upper[change])
        self.highs.changeColsBounds(len(change), change.astype(np.int32), lower, upper)
        self.fixed = want.copy()

    def add_gains(self, coefs: sparse.csr_array) -> int:
        """Append a gain column g_i and a row -t_i(x) + g_i <= . for each row t_i of
        `coefs` (shape (m, n): coefficients on the first n variables); the rows start
        free, so the LP is unchanged until `push` opens them. Returns the first new
        column."""
        m, first = coefs.shape[0], self.n_cols
        zeros = np.zeros(m)
        self.highs.addCols(m, zeros, zeros, zeros, 0, np.zeros(m, dtype=np.int32),
                           np.zeros(0, dtype=np.int32), np.zeros(0))  # fmt: skip
        t = sparse.coo_array(self._inner(sparse.csr_array(coefs)))
        rows = sparse.csr_array(
            (
                np.concatenate([-t.data, np.ones(m)]),
                (
                    np.concatenate([t.row, np.arange(m)]),
                    np.concatenate([t.col, first + np.arange(m)]),
                ),
            ),
            shape=(m, first + m),
        )
        rows.sort_indices()
        free = np.full(m, highspy.kHighsInf)
        first_row = self.highs.getNumRow()
        self.highs.addRows(m, -free, free, rows.nnz, rows.indptr[:-1].astype(np.int32),
                           rows.indices.astype(np.int32), rows.data.astype(float))  # fmt: skip
        self.gain_row.update({first + i: first_row + i for i in range(m)})
        self.n_cols += m
        return first

    def deviations(self, cols: np.ndarray) -> np.ndarray:
        """The deviation columns of the variables `cols` (of the first n): for each, u and
        v >= 0 with x - u + v = its true value (`base`), added once (a row that any x
        satisfies, so the LP is unchanged); returns their columns, u and v of each."""
        cols = np.asarray(cols, dtype=np.int64)
        new = np.array([c for c in cols.tolist() if c not in self.deviation], dtype=np.int64)
        if len(new):
            m, first = len(new), self.n_cols
            zeros, inf = np.zeros(2 * m), np.full(2 * m, highspy.kHighsInf)
            self.highs.addCols(2 * m, zeros, zeros, inf, 0, np.zeros(2 * m, dtype=np.int32),
                               np.zeros(0, dtype=np.int32), np.zeros(0))  # fmt: skip
            rows = sparse.csr_array(
                (
                    np.tile([1.0, -1.0, 1.0], m),
                    (
                        np.arange(m).repeat(3),
                        np.column_stack(
                            [new, first + 2 * np.arange(m), first + 2 * np.arange(m) + 1]
                        ).ravel(),
                    ),
                ),
                shape=(m, first + 2 * m),
            )
            rows = self._inner(rows)
            rows.sort_indices()
            base = self.base[new]
            self.highs.addRows(m, base, base, rows.nnz, rows.indptr[:-1].astype(np.int32),
                               rows.indices.astype(np.int32), rows.data.astype(float))  # fmt: skip
            for i, c in enumerate(new.tolist()):
                self.deviation[c] = first + 2 * i
            self.n_cols += 2 * m
        u = np.array([self.deviation[c] for c in cols.tolist()], dtype=np.int64)
        return np.concatenate([u, u + 1])

    def push(
        self, gains: np.ndarray, value: np.ndarray, lack: np.ndarray, cap: float,
        spare: np.ndarray | None = None,
    ):  # fmt: skip
        """max sum(g_i) over the gain columns `gains` with g_i <= t_i(x) - value_i and
        -cap <= g_i <= lack_i: an optimal x (None when unbounded); the rows are freed
        again afterwards. `spare`: deviation columns (`deviations`) that cost SPARE_PRICE
        each per unit."""
        k = len(gains)
        rows = np.array([self.gain_row[int(g)] for g in gains], dtype=np.int32)
        inf = np.full(k, highspy.kHighsInf)
        self.highs.changeColsBounds(k, gains, np.full(k, -cap), np.asarray(lack, dtype=float))
        self.highs.changeRowsBounds(k, rows, -inf, -np.asarray(value, dtype=float))
        c = np.zeros(self.n_cols)
        c[gains] = -1.0
        if spare is not None:
            c[spare] = SPARE_PRICE
        try:
            _, x = self.minimize(c)
        finally:
            self.highs.changeRowsBounds(k, rows, -inf, inf)
        return x

    def minimize(self, c: np.ndarray) -> tuple[float, np.ndarray | None]:
        """(min c.x, an optimal x); (-inf, None) when unbounded below. `c` may cover the
        first variables only (the others cost 0)."""
        c = np.asarray(c, dtype=float)
        if len(c) < self.n_cols:
            c = np.concatenate([c, np.zeros(self.n_cols - len(c))])
        cy = self.costs(c)
        # only the costs that change: those of the last objective and of this one (the
        # objectives are a target's few counts, or a push's gains, among thousands)
        nonzero = np.flatnonzero(cy)
        change = np.union1d(self.costed, nonzero).astype(np.int32)
        self.highs.changeColsCost(len(change), change, cy[change])
        self.costed = nonzero
        # a new model: dual simplex from the slack basis; a solved one: primal simplex
        # from its last optimal basis, which a change of costs leaves primal feasible
        # (few iterations where the dual simplex takes hundreds)
        self.highs.setOptionValue("simplex_strategy", 4 if self.solved else 1)
        self.solved = True
        self.highs.run()
        status = self.highs.getModelStatus()
        settled = (
            highspy.HighsModelStatus.kOptimal,
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        )
        if status not in settled:  # a warm start that ends undecided: solve from scratch
            self.highs.clearSolver()
            self.highs.run()
            status = self.highs.getModelStatus()
        if status in (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            # the true table is feasible, so "unbounded or infeasible" is unbounded
            return -np.inf, None
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"audit LP failed: {self.highs.modelStatusToString(status)}")
        x = np.array(self.highs.getSolution().col_value)
        x[self.pair_b] += x[self.pair_a]  # x_b = y_b + x_a
        return float(np.dot(c, x)), x

    def _pairs(self, pairs: Sequence[tuple[int, int]], upper) -> None:
        """Set up the substitution y_b = x_b - x_a of `pairs` (`__init__`): x = T y, T the
        identity plus a 1 at (b, a) of each pair. A row of the model over x is the same row
        over y times T (`_inner`), a cost c over x the cost T'c over y (`costs`), and a
        solution y gives x_b = y_b + y_a. The same LP, one inequality row fewer per pair:
        on 10,000-resident nieuwkomers (one numerator and denominator per row, components
        of 1,700 counts) a third fewer rows, about half the simplex iterations of an LP."""
        pairs = np.asarray(list(pairs), dtype=np.int64).reshape(-1, 2)
        self.pair_a, self.pair_b = pairs[:, 0], pairs[:, 1]
        self.paired = bool(len(pairs))
        if len(pairs) and (upper is not None or len(np.unique(pairs)) != 2 * len(pairs)):
            raise ValueError("pairs need no upper bounds and each variable in one pair at most")
        self._T = sparse.csr_array(
            (np.ones(len(pairs)), (self.pair_b, self.pair_a)), shape=(self.n, self.n)
        ) + sparse.identity(self.n, format="csr")

    def _inner(self, rows: sparse.csr_array) -> sparse.csr_array:
        """Rows over x (their first n columns the variables, the others gains and
        deviations) as rows over y: the first n columns times T."""
        if not len(self.pair_a):
            return sparse.csr_array(rows)
        rows = sparse.csr_array(rows)
        first = sparse.csr_array(rows[:, : self.n] @ self._T)
        if rows.shape[1] == self.n:
            return first
        return sparse.hstack([first, rows[:, self.n :]], format="csr")

    def costs(self, c: np.ndarray) -> np.ndarray:
        """The model's costs (over y) of an objective c over x: c_a + c_b for a, the rest
        as they are."""
        cy = np.array(c, dtype=float)
        cy[self.pair_a] += cy[self.pair_b]
        return cy


def _echelon(A: np.ndarray, tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """The reduced row echelon form of A (its nonzero rows) and its pivot columns, by
    Gauss-Jordan elimination with partial pivoting in plain array operations (LAPACK's
    threaded routines are slow on small matrices on a loaded machine). A vector c lies
    in A's row space exactly when c - sum(c[pivot] * row) is 0."""
    R = np.array(A, dtype=float)
    m, n = R.shape
    pivots = []
    r = 0
    for col in range(n):
        if r == m:
            break
        p = r + int(np.argmax(np.abs(R[r:, col])))
        if abs(R[p, col]) <= tol:
            continue
        if p != r:
            R[[r, p]] = R[[p, r]]
        R[r] /= R[r, col]
        factors = R[:, col].copy()
        factors[r] = 0.0
        hit = np.flatnonzero(np.abs(factors) > tol)
        if len(hit):
            R[hit] -= factors[hit, None] * R[r]
        pivots.append(col)
        r += 1
    return R[:r], np.array(pivots, dtype=int)


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
    it is a suppressed cell to protect when it is. Rows in `totals` are sums that every
    row of their partition publishes as its denominator.
    """

    table: AdditiveTable
    positions: np.ndarray
    residual_of: list[str]
    dropped: list[str]
    # rows from n_real on that are a published sum, not a residual: the common denominator
    # of a partition without a totaal row (kopp.overlap's combinations add up to all
    # children, the denominator of each), known to the attacker when it is not sensitive
    # and never a count to protect itself
    totals: tuple[int, ...] = ()
    # rows from n_real on that no table publishes: the slack of an inequality between two
    # definitions (`ggz` <= `breed`: breed = ggz + slack) or a sum of definitions; always
    # unknown to the attacker (0 or more), never a count to protect itself, except ...
    hidden: tuple[int, ...] = ()
    # ... those of them that count persons: a definition's persons outside a narrower one
    # inside it (`breed` - `ggz`: the children with a parent who meets breed but not ggz), a
    # group as real as any published one, which the difference of two published rows gives
    # away (a new user found 30 - 22 = 8 children in a buurt of the default run); judged by
    # the primary rule like a residual
    differences: tuple[int, ...] = ()
    # rows that are counts, not shares (`primary.count_mask`: the register's residents, read
    # as a share of 1), and the residuals of their relations: the primary rule judges the
    # count alone (`primary.sensitive`'s `count_rows`), never its rest of 0
    counts: tuple[int, ...] = ()

    @property
    def n_real(self) -> int:
        return len(self.positions)

    def count_rows(self) -> np.ndarray:
        """A boolean per row of `table`: True for the rows of `counts`."""
        out = np.zeros(self.table.n_rows, dtype=bool)
        out[list(self.counts)] = True
        return out


def _parents(
    children: list[str], parents: list[str], known: Mapping[str, str] | None
) -> dict[str, str]:
    """Map each child area code to its parent: from `known` (the geography reference) when
    given, else by CBS code prefix (`themes.table.parents_by_code`: WK034401 -> GM0344,
    BU03440102 -> WK034401); with a single parent area every child belongs to it, whatever
    the codes look like.
    """
    if known is not None:
        return {c: known[c] for c in children if known.get(c) in parents}
    return parents_by_code(children, parents)


def measures_structure(
    df: pd.DataFrame,
    *,
    partition_groups: Sequence[str] = PARTITION_GROUPS,
    block_columns: Sequence[str] = BLOCK_COLUMNS,
    parents: Mapping[str, str] | None = None,
    link_shared_counts: bool = True,
    unions: Sequence[CountUnion] = (),
    bounds: Sequence[CountBound | CountCover] = (),
    known_denominators: pd.Series | None = None,
) -> MeasuresStructure:
    """The relations of docs/rules.md#e7, both counts jointly (n_numerator <= n_denominator).

    Within one block (theme, measure, definition, year, method): wijk rows add up to the
    gemeente row (and buurt rows to their wijk) for the same group and value, and the
    values of a partitioning group add up to the `totaal`/`totaal` row of the same area.
    Rows with an empty count are outside the structure. A relation whose components
    exceed its total in some count is not additive after all; it is left out and named
    in `dropped`. `parents` maps wijk codes to gemeente codes and buurt codes to wijk
    codes (the geography reference); without it, CBS code prefixes decide.

    With `link_shared_counts` (beyond docs/rules.md#e7, which keeps relations inside a block),
    rows of different blocks that count the same persons are tied: same theme, year,
    area, group and value, and the same n_denominator (then also the same n_numerator)
    means the same count, as for the definitions of kopp.aandeel over one population or
    nieuwkomers.concentratie, which carries the counts of nieuwkomers.aandeel. Without
    the tie, two blocks may choose different partners and one publishes what the other
    hides. An equality by coincidence only costs a little extra suppression.

    Also beyond docs/rules.md#e7, two relations that an attacker can read off the published
    table: the values of a partitioning group at an area without a `totaal` row whose rows
    share one denominator and whose numerators add up to it (each of kopp.overlap's 16
    combinations publishes all children as its denominator) add up to that denominator, a
    row of `totals`; and each `unions` entry (`themes.table.CountUnion`) ties a row's
    numerator to the numerators of the partition's values it holds (kopp.aandeel `ggz` to
    the combinations with ggz), where the counts say so (else it is named in `dropped`).
    Without them, a suppressed combination is the published total minus the published
    others. `bounds` (`themes.table.CountBound`, `CountCover`) are the definitions inside
    each other, cell by cell: a definition's numerator at most that of one holding it (`ggz`
    <= `breed`), or at most the sum of those it is any of, each with a slack row of
    `hidden` (where the counts say so). Without them, a published `breed` caps its
    suppressed `ggz` partner from above.

    `known_denominators` (on `df`'s index, NaN where unknown): n_denominators an attacker
    reads elsewhere (another table's published numerator: `control.protect` for a measure
    nested in another's numerator, `themes.table.CountNest`); each is a known row of `totals`
    tied to the row's denominator, where it equals the row's count.
    """
    counts = df[list(COUNT_COLUMNS)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    positions = np.flatnonzero(~np.isnan(counts).any(axis=1))
    base = counts[positions]
    blocks = [c for c in block_columns if c in df.columns]
    keys = df.iloc[positions][[*blocks, "area_level", "area_code", "group", "group_value"]].astype(
        "string"
    )
    keys = keys.fillna("").reset_index(drop=True)

    relations: list[Relation] = []
    residual_of: list[str] = []
    dropped: list[str] = []
    n_real = len(positions)
    extra: list[np.ndarray] = []
    totals: list[int] = []
    counts_at = count_mask(df.iloc[positions])
    count_rows: list[int] = np.flatnonzero(counts_at).tolist()

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
            if counts_at[total]:  # residents placed in the gemeente but in no wijk: a count
                count_rows.append(residual)
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
            parent_of = _parents(areas[child_level], areas[parent_level], parents)
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
            total = index.get((level, code, TOTAAL, TOTAAL))
            for group in partition_groups:
                comps = [index[(level, code, g, v)] for g, v in cells if g == group]
                if total is not None:
                    add(total, comps, f"{name}: {group} values of {code}")
                    continue
                den = base[comps, 1]
                if len(comps) > 1 and (den == den[0]).all() and base[comps, 0].sum() == den[0]:
                    totals.append(n_real + len(extra))
                    extra.append(np.array([den[0], den[0]]))
                    residual_of.append(f"{name}: the sum of the {group} values of {code}")
                    relations.append(Relation(totals[-1], tuple(comps), (0,)))

    if unions:
        relations += _union_relations(df.iloc[positions], base, unions, dropped)
    if known_denominators is not None:
        known = pd.to_numeric(known_denominators.reindex(df.index[positions]), errors="coerce")
        for i in np.flatnonzero((known.to_numpy() == base[:, 1]) & (base[:, 1] > 0)):
            totals.append(n_real + len(extra))
            extra.append(np.array([0.0, base[i, 1]]))
            residual_of.append(f"{keys.iloc[i].str.cat(sep='/')}: its denominator, known")
            relations.append(Relation(totals[-1], (int(i),), (1,)))
    hidden: list[int] = []
    differences: list[int] = []
    if bounds:

        def slack(values: np.ndarray, label: str, persons: bool = False) -> int:
            hidden.append(n_real + len(extra))
            if persons:
                differences.append(hidden[-1])
            extra.append(np.array([values, values]))
            residual_of.append(label)
            return hidden[-1]

        relations += _bound_relations(df.iloc[positions], base, bounds, slack)

    if link_shared_counts:
        relations += _shared_counts(df.iloc[positions], base)
    all_values = np.vstack([base, *[e[None, :] for e in extra]])
    table = AdditiveTable(all_values, relations, ordered=((0, 1),))
    return MeasuresStructure(
        table, positions, residual_of, dropped, tuple(totals), tuple(hidden), tuple(differences),
        tuple(count_rows),
    )  # fmt: skip


def _bound_relations(
    rows: pd.DataFrame, counts: np.ndarray, bounds: Sequence[CountBound | CountCover], slack
) -> list[Relation]:
    """The relations of `bounds`, cell by cell (same theme, year, area, group and value),
    numerators only; `slack(value, label)` adds a hidden row and gives its number. A bound
    the counts of a cell break (not nested there after all) is left out."""
    frame, key = _keyed(rows, ("theme", "year", "area_level", "area_code", "group", "group_value"))
    key = key.to_numpy()
    at = {
        (m, d, k): i
        for i, (m, d, k) in enumerate(zip(frame["measure"], frame["definition"], key, strict=True))
    }
    cells = dict.fromkeys(key)
    out = []
    for b in bounds:
        for k in cells:
            if isinstance(b, CountBound):
                lo, hi = at.get((b.measure, b.lower, k)), at.get((b.measure, b.upper, k))
                if lo is None or hi is None or counts[lo, 0] > counts[hi, 0]:
                    continue
                gap = counts[hi, 0] - counts[lo, 0]
                s = slack(gap, f"{b.measure}/{b.upper} - {b.lower} {k}", persons=True)
                out.append(Relation(hi, (lo, s), (0,)))
            else:
                whole = at.get((b.measure, b.whole, k))
                parts = [at.get((b.measure, p, k)) for p in b.parts]
                if whole is None or None in parts:
                    continue
                total = counts[parts, 0].sum()
                if counts[whole, 0] > total:
                    continue
                t = slack(total, f"{b.measure}/{'+'.join(b.parts)} {k}")
                s = slack(
                    total - counts[whole, 0], f"{b.measure}/{'+'.join(b.parts)} - {b.whole} {k}"
                )
                out += [Relation(t, tuple(parts), (0,)), Relation(t, (whole, s), (0,))]
    return out


def _keyed(rows: pd.DataFrame, cell: Sequence[str]) -> tuple[pd.DataFrame, pd.Series]:
    """The rows' measure, definition, group and value and the `cell` columns they have, as
    text (positional index), and each row's cell as one key ("kopp/2023/wijk/WK034401")."""
    cell = [c for c in cell if c in rows.columns]
    cols = list(dict.fromkeys(["measure", "definition", *cell, "group", "group_value"]))
    frame = rows[cols].astype("string").fillna("").reset_index(drop=True)
    # joined column by column (a row-wise agg built a Series per row: a second per theme)
    return frame, frame[cell[0]].str.cat([frame[c] for c in cell[1:]], sep="/").astype(object)


def _union_relations(
    rows: pd.DataFrame, counts: np.ndarray, unions: Sequence[CountUnion], dropped: list[str]
) -> list[Relation]:
    """Relation(row, the partition's rows it counts, numerators only) for every row of a
    union's measure and definition (group totaal) that has its partition in the same theme,
    year and area, where the numerators add up and the denominators are one (else the union
    is named in `dropped`)."""
    frame, key = _keyed(rows, ("theme", "year", "area_level", "area_code"))
    out = []
    for u in unions:
        parts = frame[
            (frame["measure"] == u.partition)
            & (frame["group"] == u.group)
            & frame["group_value"].isin(u.values)
        ]
        part_rows = {
            k: list(v) for k, v in parts.groupby(key[parts.index], sort=False).groups.items()
        }
        whole = frame[
            (frame["measure"] == u.measure)
            & (frame["definition"] == u.definition)
            & (frame["group"] == TOTAAL)
            & (frame["group_value"] == TOTAAL)
        ]
        for i in whole.index:
            comps = part_rows.get(key[i])
            if not comps:
                continue
            num, den = counts[comps, 0], counts[comps, 1]
            if (
                len(comps) == len(u.values)
                and (den == counts[i, 1]).all()
                and num.sum() == counts[i, 0]
            ):
                out.append(Relation(int(i), tuple(int(c) for c in comps), (0,)))
            else:
                dropped.append(
                    f"{u.measure}/{u.definition} {key[i]}: {u.partition} {u.group} values"
                )
    return out


def _shared_counts(rows: pd.DataFrame, counts: np.ndarray) -> list[Relation]:
    """Chains of equal counts across blocks, within one population key: rows with the same
    n_denominator are tied on it, and on n_numerator too where that is also equal and the
    rows have the same definition (the same persons with the same property: a ratio measure
    carrying a share's counts, a standardised figure's crude count). Two definitions whose
    numerators are equal in a cell by chance count different persons as far as anyone can
    tell (where one lies inside the other, its bound says so: `CountBound`); tying them made a
    row of a new definition look as known as the published row of an old one with the same
    count. Empty rows (denominator 0) are left alone."""
    share = [
        c
        for c in ("theme", "year", "area_level", "area_code", "group", "group_value")
        if c in rows.columns
    ]
    frame = rows[share].astype("string").fillna("").reset_index(drop=True)
    frame["num"], frame["den"] = counts[:, 0], counts[:, 1]
    frame["definition"] = (
        rows["definition"].astype("string").fillna("").to_numpy()
        if "definition" in rows.columns
        else ""
    )
    frame = frame[frame["den"] > 0].sort_values(["num", "definition"], kind="stable")
    links = []
    rows_at, num = frame.index.to_numpy(), frame["num"].to_numpy()
    kind = frame["definition"].to_numpy()
    for idx in frame.groupby([*share, "den"], sort=False).indices.values():
        chain = zip(rows_at[idx].tolist(), num[idx].tolist(), kind[idx].tolist(), strict=True)
        for (a, num_a, def_a), (b, num_b, def_b) in pairwise(chain):
            same = num_a == num_b and def_a == def_b
            links.append(Relation(int(a), (int(b),), None if same else (1,)))
    return links


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
    flags = sensitive(
        table.values, threshold, publish_zeros=publish_zeros, count_rows=structure.count_rows()
    )
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
    quantities: str = "all",
    publish_zeros: bool = True,
    protect_residuals: bool = True,
    partition_groups: Sequence[str] = PARTITION_GROUPS,
    parents: Mapping[str, str] | None = None,
    link_shared_counts: bool = True,
    exact: bool = False,
    structure: MeasuresStructure | None = None,
) -> pd.DataFrame:
    """The audit of a measures table with `status`: one row per attacked count.

    quantities="all" (the default) attacks all three counts (n_numerator, n_denominator,
    n_rest) of every suppressed row, primary and secondary, and of every sensitive
    residual; "sensitive" only the counts that must be protected.

    Columns: row (the DataFrame index label; missing for a residual), residual (its
    description), status (the row's status, or `residual`), quantity, value, lower,
    upper, width, exact (the bounds are the attacker's exact interval; False where
    feasible tables already span at least `threshold`, and then lower and upper are
    inner bounds: the true interval holds them, and is at least as wide; `exact=True`
    computes every interval exactly, at one or two LPs per count), required (a sensitive count of
    a primary row or residual), narrow (width below `threshold`, reported for every
    count), recoverable (the attacker knows every count of the row exactly) and protected.

    What "protected" means (the rules in the module docstring of disclosure.secondary):
    a required count needs an interval at least `threshold` wide; any other count of a
    suppressed row needs no width of its own, but its row must not be recoverable: a
    suppressed row the attacker can compute exactly hides nothing and only pretends.
    A narrow count that is neither required nor in a recoverable row is reported
    (narrow) and passes, e.g. a primary row's denominator that another definition
    publishes, or a count of 0 fixed by a published 0 margin in a row whose other
    counts are hidden.

    `structure`: the table's `measures_structure` when the caller has it already (built
    with the same settings from a table with the same rows and counts; `control.protect`
    passes the one secondary suppression used, so the audit reuses its LPs' results).
    """
    if structure is None:
        structure = measures_structure(
            df,
            partition_groups=partition_groups,
            parents=parents,
            link_shared_counts=link_shared_counts,
        )
    table = structure.table
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
    targets = [t for t, _ in wanted]
    if exact:
        lo, hi = table.intervals(suppressed, targets)
        bounds_exact = np.ones(len(targets), dtype=bool)
    else:
        lo, hi, bounds_exact = table.attack(suppressed, targets, threshold)
    rows = sorted({t.row for t in targets})
    if quantities == "all":  # every column of every row attacked: read it off the widths
        unit = np.eye(table.n_columns)
        width = {(t.row, t.coefs): h - w for t, w, h in zip(targets, lo, hi, strict=True)}
        known = {
            r: all(width[(r, tuple(unit[j]))] < EXACT_WIDTH for j in range(table.n_columns))
            for r in rows
        }
    else:
        known = dict(zip(rows, table.recoverable(suppressed, rows), strict=True))
    n_real = structure.n_real
    status = df["status"].to_numpy(dtype=object)[structure.positions]
    out = pd.DataFrame(
        {
            "row": [
                df.index[structure.positions[t.row]] if t.row < n_real else pd.NA for t in targets
            ],
            "residual": [
                structure.residual_of[t.row - n_real] if t.row >= n_real else pd.NA for t in targets
            ],
            "status": [status[t.row] if t.row < n_real else "residual" for t in targets],
            "quantity": [name for _, name in wanted],
            "value": [table.value(t) for t in targets],
            "lower": lo,
            "upper": hi,
        }
    )
    out["width"] = out["upper"] - out["lower"]
    out["exact"] = bounds_exact
    out["required"] = [t in must for t in targets]
    out["narrow"] = out["width"] < threshold - TOLERANCE
    out["recoverable"] = [bool(known[t.row]) for t in targets]
    out["protected"] = (~out["required"] | ~out["narrow"]) & ~out["recoverable"]
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
        sensitive(
            structure.table.values[structure.n_real :],
            threshold,
            publish_zeros=publish_zeros,
            count_rows=structure.count_rows()[structure.n_real :],
        )
        .any(axis=1)
        .reshape(n_extra)
        if protect_residuals
        else np.zeros(n_extra, dtype=bool)
    )
    # a partition's sum (`totals`) is published as its rows' denominator: known when not
    # sensitive, and never a count to protect itself (its rows are). Whether zeros are
    # published does not matter here: the total is a denominator read off a published row
    # (a row of `totals` holds it as numerator and denominator, or as denominator with a
    # numerator of 0), and such a row's denominator is published whatever its numerator
    total = np.isin(np.arange(structure.n_real, structure.table.n_rows), structure.totals)
    if total.any():
        residual_sensitive = residual_sensitive.copy()
        residual_sensitive[total] = sensitive(
            structure.table.values[structure.n_real :][total], threshold, publish_zeros=True
        ).any(axis=1)
    # an inequality's slack (`hidden`): never published, never a count to protect itself,
    # unless it counts persons (`differences`: a definition's persons outside a narrower one)
    extra_rows = np.arange(structure.n_real, structure.table.n_rows)
    hid = np.isin(extra_rows, structure.hidden)
    persons = np.isin(extra_rows, structure.differences)
    suppressed = np.concatenate([status != "ok", residual_sensitive | hid])
    primary = np.concatenate(
        [status == "suppressed_primary", residual_sensitive & ~total & (~hid | persons)]
    )
    return suppressed, primary
