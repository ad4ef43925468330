"""bench/disclosure.py times the wijkzicht of its own checkout (D9, issue 14): a clone at an
older commit, run with the shared virtual environment (an editable install of another
working tree), timed that tree's code before, so old and new were the same code."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_bench_puts_its_own_src_before_the_installed_packages():
    code = (
        "import importlib.util, json, sys\n"
        f"spec = importlib.util.spec_from_file_location('b', {str(REPO / 'bench/disclosure.py')!r})\n"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
        "import wijkzicht\n"
        "print(json.dumps([sys.path, wijkzicht.__file__]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd="/", capture_output=True, text=True, check=True,
        env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    path, module = json.loads(out.stdout.strip().splitlines()[-1])
    src = str(REPO / "src")
    assert src in path
    packages = [i for i, p in enumerate(path) if p.endswith("site-packages")]
    assert path.index(src) < min(packages)
    assert Path(module).is_relative_to(src)
