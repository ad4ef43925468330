"""The release manifest: hashes of inputs and outputs, the resolved config, code and package versions.

`python -m wijkzicht.release.manifest verify results/export/manifest.json` recomputes every hash
and says plainly what differs (exit code 1 when anything does).
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from wijkzicht import files

PACKAGES = [
    "wijkzicht", "snakemake", "pandas", "numpy", "pyarrow", "duckdb", "scipy", "statsmodels",
    "matplotlib", "pyreadstat", "pyyaml", "jsonschema",
]  # fmt: skip
MANIFEST = "manifest.json"


def sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def package_hash() -> str:
    """A hash of the package's source files: the code version when git cannot tell."""
    root = Path(__file__).parents[1]
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".yaml", ".sql", ".js"):
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def git_commit(repo: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "not installed"
    return out


def build(
    inputs: dict[str, str], outputs: list[str], export_root: str | Path, config: dict, repo: Path,
    synthetic: bool,
) -> dict:  # fmt: skip
    """The manifest as a dict. `inputs` maps a logical name (e.g. 'MEDICIJNTAB/2021') to a path;
    output paths are recorded relative to `export_root`. `config` is the configuration the
    manifest rule received as a parameter; `synthetic` says the inputs were generated (and
    `config.synthetic.seed` made them)."""
    export_root = Path(export_root)
    return {
        "manifest_version": 1,
        "code": {"git_commit": git_commit(repo), "package_sha256": package_hash()},
        "versions": versions(),
        "seed": config["synthetic"]["seed"] if synthetic else None,
        "config": config,
        "inputs": {
            name: {"path": str(p), "sha256": sha256(p)} for name, p in sorted(inputs.items())
        },
        "outputs": {
            Path(p).relative_to(export_root).as_posix(): sha256(p)
            for p in sorted(outputs, key=lambda x: Path(x).as_posix())
        },
    }


def write(manifest: dict, path: str | Path) -> None:
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    files.write_text(text, path)


def verify(path: str | Path) -> list[str]:
    """Differences between the manifest at `path` and the files now on disk (empty: all match)."""
    path = Path(path)
    m = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for rel, expected in m["outputs"].items():
        f = path.parent / rel
        if not f.exists():
            problems.append(f"output missing: {f}")
        elif (found := sha256(f)) != expected:
            problems.append(
                f"output differs: {f} (sha256 in manifest {expected[:12]}..., now {found[:12]}...)"
            )
    listed = set(m["outputs"]) | {path.name}
    for f in sorted(path.parent.rglob("*")):
        if f.is_file() and f.relative_to(path.parent).as_posix() not in listed:
            problems.append(f"output not in manifest: {f}")
    for name, entry in m["inputs"].items():
        f = Path(entry["path"])
        if not f.exists():
            problems.append(f"input missing: {name} ({f})")
        elif (found := sha256(f)) != entry["sha256"]:
            problems.append(f"input differs: {name} ({f})")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "verify":
        print(
            "usage: python -m wijkzicht.release.manifest verify results/export/manifest.json",
            file=sys.stderr,
        )
        return 2
    problems = verify(argv[1])
    m = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    if problems:
        print(f"verify: {len(problems)} difference(s) with {argv[1]}:")
        for p in problems:
            print("  " + p)
        return 1
    print(f"verify: all {len(m['outputs'])} outputs and {len(m['inputs'])} inputs match {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
