"""No test asserts on wall-clock time: durations depend on the machine and its load, so such
a test fails at random. Speed is watched by the workflow's benchmarks, not by tests."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SAMPLES = Path(__file__).resolve().parent / "wallclock_samples"
CLOCKS = {
    "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns",
    "process_time", "process_time_ns", "time", "time_ns",
}  # fmt: skip


def _is_clock_call(node: ast.AST) -> bool:
    """time.perf_counter(), time.monotonic(), time.time(), ... or perf_counter() imported
    from time (a bare time() counts only as the attribute time.time())."""
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    if isinstance(f, ast.Attribute):
        return f.attr in CLOCKS and isinstance(f.value, ast.Name) and f.value.id == "time"
    return isinstance(f, ast.Name) and f.id in CLOCKS - {"time"}


def _timed(node: ast.AST, clocked: set[str]) -> bool:
    return any(
        _is_clock_call(n) or (isinstance(n, ast.Name) and n.id in clocked) for n in ast.walk(node)
    )


def wallclock_asserts(source: str) -> list[int]:
    """Lines of assert statements that depend on a clock reading: directly, or through
    variables computed from one (start = perf_counter(); elapsed = perf_counter() - start)."""
    tree = ast.parse(source)
    clocked: set[str] = set()
    changed = True
    while changed:  # names assigned from a clock, or from such names
        changed = False
        for n in ast.walk(tree):
            assigned = isinstance(n, ast.Assign | ast.AugAssign | ast.AnnAssign)
            if assigned and n.value is not None and _timed(n.value, clocked):
                targets = n.targets if isinstance(n, ast.Assign) else [n.target]
                for t in targets:
                    for name in ast.walk(t):
                        if isinstance(name, ast.Name) and name.id not in clocked:
                            clocked.add(name.id)
                            changed = True
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert) and _timed(n, clocked)]


def test_no_test_asserts_on_wall_clock_time():
    offenders = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.resolve() != Path(__file__).resolve()
        for line in wallclock_asserts(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_scan_finds_timing_asserts():
    # the samples are text files, so that this file holds no timing assert itself
    timed = (SAMPLES / "timed.txt").read_text()
    assert wallclock_asserts(timed) == [9, 14, 17]
    untimed = (SAMPLES / "untimed.txt").read_text()
    assert wallclock_asserts(untimed) == []
