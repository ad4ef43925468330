"""How long 2, 1 or no jobs of a run ran at once, from its benchmark files (each job from its
file's modification time less its `s`; pipeline.benchmarks.side_by_side), and the line that says
so in a benchmark section (bench/run.py): the seconds with one job on 2 cores are a core left
idle by the job order (issue 14)."""

import os

import pytest
from worlds import bench_module

from wijkzicht.pipeline.benchmarks import side_by_side

HEADER = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"


def _job(root, name, start, s):
    f = root / name
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(HEADER + f"{s}\t0:00:01\t100\t200\t90\t95\t0\t0\t50\t{s * 0.9}\n")
    os.utime(f, (start + s, start + s))


def test_seconds_with_two_one_and_no_jobs(tmp_path):
    t0 = 1_700_000_000.0
    # a: 0-4, b: 1-3, c: 5-6 (after a gap of 1 s), d in a subfolder: 5.5-8
    _job(tmp_path, "a.tsv", t0, 4.0)
    _job(tmp_path, "b2023.tsv", t0 + 1, 2.0)
    _job(tmp_path, "c.tsv", t0 + 5, 1.0)
    _job(tmp_path, "export/d.tsv", t0 + 5.5, 2.5)
    got = side_by_side(tmp_path)
    assert got == pytest.approx({0: 1.0, 1: 4.5, 2: 2.5})
    # a region run: its folders together, as one run
    other = tmp_path.parent / "national"
    _job(other, "e.tsv", t0 + 4, 1.0)
    assert side_by_side(tmp_path, other) == pytest.approx({1: 5.5, 2: 2.5})
    assert side_by_side(tmp_path / "nothing") == {}


def test_the_benchmark_section_says_it():
    bench_run = bench_module("run", "bench_run")
    timed = {"wall_s": 60.0, "cpu_s": 100.0, "peak_rss_mb": 1000}
    r = {
        "label": "t", "persons": 1000, "residents": 1000, "years": [2022, 2023],
        "gemeenten": ["GM0344"], "cores": 2, "date": "2026-12-02 16:30 UTC", "command": "c",
        "workflow": "every page", "machine": {"cores": 2, "memory_gb": 23.5},
        "versions": {"wijkzicht": "x"}, "load_start": [1.0, 1.0, 1.0],
        "load_end": [2.0, 2.0, 2.0], "generate": {"reused": True},
        "world": {"persons_in_tables": 1000, "rows": 5000}, "wijkzicht": timed,
        "baseline": {"wall_s": 4.0, "cpu_s": 2.0, "peak_rss_mb": 100},
        "counts_equal": True, "rows_compared": 10, "stages": [], "disclosure": [],
        "side_by_side": {"0": 0.16, "1": 11.58, "2": 46.66},
    }  # fmt: skip
    text = bench_run.markdown(r)
    line = "Jobs side by side (each job from its benchmark file's time less its `s`): "
    assert line + "2 jobs 46.7 s, 1 job 11.6 s, no job 0.2 s." in text
    del r["side_by_side"]  # a section of an earlier run (its JSON) has no such line
    assert "side by side" not in bench_run.markdown(r)
