"""Secondary suppression: extra rows to suppress until every sensitive count passes the audit.

The heuristic, in rounds (documented in the module so the pattern can be explained):

1. Singletons. A relation with exactly one suppressed row gives that row away, so in
   every such relation one published partner is suppressed as well.
2. Audit. The LP audit (`audit.AdditiveTable.intervals`) gives every target count its
   interval; a target is protected when max - min >= threshold.
3. Extend. For each connected group of suppressed rows with a failing target, one
   partner is added for its worst target: a published row of a relation of that row
   (or, when all of those are suppressed already, of the nearest relation reachable
   through suppressed rows). Then back to 1.
4. Clean up. Secondary rows are tried for publication again, most costly first, and
   stay published when the audit still passes without them.

A partner is ranked by, in order: it is not zero in the counts that need protection
(a zero partner adds no room); it is a component rather than the relation's total
("never a total when a component will do"); it is big enough to carry what is missing
(threshold minus the current width, or threshold minus the sensitive count); its cost
(default: n_denominator + 1, the size of the row, so small rows go first). The
partner inherits that need, so its own relations get partners big enough too.

This is a greedy heuristic, not an optimum: it finds the minimal pattern on small
tables such as sdcTable's test problem, and the clean-up removes most redundant
suppressions, but an exact minimum would need a MIP over all attacker subproblems
(Fischetti and Salazar 2000), which is out of proportion for these tables.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from wijkzicht.disclosure.audit import (
    PARTITION_GROUPS,
    TOLERANCE,
    AdditiveTable,
    Relation,
    Target,
    measures_structure,
    measures_targets,
    suppression_state,
)
from wijkzicht.disclosure.primary import COUNT_COLUMNS, apply_primary


class ProtectionError(RuntimeError):
    """Raised when no published row is left that could protect a failing count."""


class _Protector:
    def __init__(self, table, suppressed, targets, threshold, cost, eligible):
        self.table = table
        self.S = suppressed.copy()
        self.initial = suppressed.copy()
        self.targets = list(targets)
        self.threshold = float(threshold)
        self.cost = cost
        self.eligible = eligible
        self.need: dict[int, dict[tuple[float, ...], float]] = {}
        for t in self.targets:
            self._raise_need(t.row, {t.coefs: self.threshold - table.value(t)})

    def _raise_need(self, row: int, need: dict[tuple[float, ...], float]) -> None:
        mine = self.need.setdefault(row, {})
        for coefs, amount in need.items():
            mine[coefs] = max(mine.get(coefs, 0.0), amount)

    def _rank(self, p: int, rel: Relation, need: dict[tuple[float, ...], float]) -> tuple:
        row = self.table.values[p]
        sizes = {c: abs(float(np.dot(row, c))) for c in need}
        useless = (all(s == 0 for s in sizes.values())) if sizes else not row.any()
        short = any(sizes[c] < amount for c, amount in need.items())
        return (useless, p == rel.total, short, self.cost[p], p)

    def _add(self, row: int, need: dict[tuple[float, ...], float]) -> None:
        self.S[row] = True
        self._raise_need(row, need)

    def _open(self, p: int) -> bool:
        return not self.S[p] and bool(self.eligible[p])

    def close_singletons(self) -> None:
        table = self.table
        count = np.array([sum(bool(self.S[m]) for m in rel.members) for rel in table.relations])
        queue = [rid for rid in range(len(count)) if count[rid] == 1]
        while queue:
            rid = queue.pop()
            if count[rid] != 1:
                continue
            rel = table.relations[rid]
            alone = next(m for m in rel.members if self.S[m])
            need = self.need.get(alone, {})
            ranked = [(self._rank(p, rel, need), p) for p in rel.members if self._open(p)]
            if not ranked:
                continue
            _, partner = min(ranked)
            self._add(partner, need)
            for other in table.row_relations[partner]:
                count[other] += 1
                if count[other] == 1:
                    queue.append(other)

    def extend(self, target: Target, width: float) -> bool:
        """Suppress one more partner for a failing target, searching outward from its row."""
        table = self.table
        need = {target.coefs: self.threshold - max(width, 0.0)}
        frontier, seen = [target.row], {target.row}
        while frontier:
            ranked = [
                (self._rank(p, table.relations[rid], need), p)
                for r in frontier
                for rid in table.row_relations[r]
                for p in table.relations[rid].members
                if self._open(p)
            ]
            if ranked:
                _, partner = min(ranked)
                self._add(partner, need)
                return True
            nxt = []
            for r in frontier:
                for rid in table.row_relations[r]:
                    for m in table.relations[rid].members:
                        if self.S[m] and m not in seen:
                            seen.add(m)
                            nxt.append(m)
            frontier = nxt
        return False

    def failing(self) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.table.intervals(self.S, self.targets)
        width = hi - lo
        return width, width < self.threshold - TOLERANCE

    def run(self, cleanup: bool) -> np.ndarray:
        while True:
            self.close_singletons()
            width, failing = self.failing()
            if not failing.any():
                break
            labels = self.table.components(self.S)
            handled: set[int] = set()
            progress = False
            for i in np.argsort(width, kind="stable"):
                if not failing[i]:
                    continue
                label = int(labels[self.targets[i].row])
                if label in handled:
                    continue
                handled.add(label)
                progress |= self.extend(self.targets[i], float(width[i]))
            if not progress:
                bad = [self.targets[i] for i in np.flatnonzero(failing)]
                raise ProtectionError(f"no published row left to protect {bad[:5]}")
        if cleanup:
            extra = np.flatnonzero(self.S & ~self.initial)
            for r in sorted(extra, key=lambda r: (-self.cost[r], r)):
                self.S[r] = False
                if self.failing()[1].any():
                    self.S[r] = True
        return self.S


def secondary_suppression(
    table: AdditiveTable,
    suppressed: ArrayLike,
    targets: Sequence[Target],
    threshold: float,
    *,
    cost: ArrayLike | None = None,
    eligible: ArrayLike | None = None,
    cleanup: bool = True,
) -> np.ndarray:
    """The suppression pattern (a boolean per row) that protects every target.

    suppressed: the rows suppressed to begin with (primary). targets: the counts that
    must end up with an audit interval at least `threshold` wide. cost: the price of
    suppressing each row (default: the row's largest count + 1). eligible: rows that may
    be suppressed (default: every row); rows outside it stay as they are.
    """
    suppressed = np.asarray(suppressed, dtype=bool)
    n = table.n_rows
    cost = table.values.max(axis=1) + 1 if cost is None else np.asarray(cost, dtype=float)
    eligible = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool)
    if suppressed.shape != (n,) or cost.shape != (n,) or eligible.shape != (n,):
        raise ValueError(f"suppressed, cost and eligible must each have {n} entries")
    return _Protector(table, suppressed, targets, threshold, cost, eligible).run(cleanup)


def default_cost(df: pd.DataFrame) -> pd.Series:
    """The price of suppressing a row: its n_denominator + 1 (bigger rows carry more information)."""
    return pd.to_numeric(df["n_denominator"], errors="coerce").fillna(0) + 1


def apply_secondary(
    df: pd.DataFrame,
    threshold: int = 10,
    *,
    cost: pd.Series | None = None,
    publish_zeros: bool = True,
    protect_residuals: bool = True,
    partition_groups: Sequence[str] = PARTITION_GROUPS,
    cleanup: bool = True,
    dependent_rows: bool = True,
) -> pd.DataFrame:
    """Mark rows suppressed_secondary until every sensitive count of every primary row is protected.

    Runs `apply_primary` first when `status` is missing. All blocks of the table are
    audited jointly (each block's relations are its own, so they do not mix); within a
    block the wijk and group relations hold at once, so a cross-classified table is
    protected in both directions. With `dependent_rows`, a row without counts (a
    relative risk) is suppressed too when a row with counts of the same theme, measure,
    definition, year, area and group is suppressed, since it is computed from them.
    """
    out = df.copy() if "status" in df else apply_primary(df, threshold, publish_zeros=publish_zeros)
    structure = measures_structure(out, partition_groups=partition_groups)
    suppressed, primary = suppression_state(
        out, structure, threshold, publish_zeros=publish_zeros, protect_residuals=protect_residuals
    )
    targets = [
        t
        for t, _ in measures_targets(
            structure, suppressed, threshold, primary=primary, publish_zeros=publish_zeros
        )
    ]
    n_real, n = structure.n_real, structure.table.n_rows
    row_cost = (default_cost(out) if cost is None else cost.reindex(out.index)).to_numpy(float)
    costs = np.concatenate([row_cost[structure.positions], np.full(n - n_real, np.inf)])
    eligible = np.arange(n) < n_real
    pattern = secondary_suppression(
        structure.table,
        suppressed,
        targets,
        threshold,
        cost=costs,
        eligible=eligible,
        cleanup=cleanup,
    )
    new = structure.positions[pattern[:n_real] & ~suppressed[:n_real]]
    status = out["status"].to_numpy(dtype=object).copy()
    status[new] = "suppressed_secondary"
    if dependent_rows:
        status[_dependent(out, status)] = "suppressed_secondary"
    out["status"] = status
    return out


def _dependent(df: pd.DataFrame, status: np.ndarray) -> np.ndarray:
    """Published rows without counts that sit next to a suppressed row with counts."""
    keys = [
        c
        for c in ("theme", "measure", "definition", "year", "area_level", "area_code", "group")
        if c in df.columns
    ]
    counts = df[list(COUNT_COLUMNS)].apply(pd.to_numeric, errors="coerce")
    no_counts = counts.isna().any(axis=1).to_numpy()
    hidden = pd.Series((status != "ok") & ~no_counts, index=df.index)
    if not keys:
        near = np.full(len(df), bool(hidden.any()))
    else:
        frame = df[keys].astype("string").fillna("")
        near = hidden.groupby([frame[c] for c in keys], sort=False).transform("any").to_numpy()
    return no_counts & near & (status == "ok")
