"""Which of the package's source files a workflow script runs, and one version of them.

A job runs its rule's script (`scripts/<name>.py`), which imports modules of the package;
Snakemake reruns a job when its script changes, not when a module it imports does. Each rule
therefore gets the version of the code it runs as a parameter (`params: code=...`, rule
files), so that a new version of wijkzicht reruns exactly the jobs whose code changed, and a
release never holds a table made by other code than the manifest names.

`source_files(script, src)`: the script's imports of the package, followed through every
module they reach (imports inside functions too: a lazy import runs when the job calls it),
with the `__init__.py` of each package on the way (importing `a.b` runs `a/__init__.py`). A
package whose `__init__.py` imports by name at run time (`importlib.import_module`) counts
whole: which of its modules runs is not written in the source. The closure is an upper
bound: a module imported but not called counts too, so a change reruns at least the jobs
that run it.

A file of the package that is not Python but that a module in the closure names (the
dashboard's `dashboard.js`, read through `importlib.resources` and pasted into the page) is
in it too.

`code_version(files, src)`: the sha256 of the files' paths (relative to `src`) and bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE = "wijkzicht"


def _module_file(src: Path, dotted: str) -> Path | None:
    """The source file of module `dotted` under `src` (a package's `__init__.py`), or None."""
    base = src.joinpath(*dotted.split("."))
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _module_name(src: Path, path: Path) -> str:
    rel = path.relative_to(src).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


# an import statement at the start of a line (inside a function too): `import a.b, c` and
# `from .a import (b, c)`, parenthesised over several lines or not. Scanned, not parsed: the
# workflow computes the closures of every script at start-up, where `ast` took a second; a
# line in a docstring that reads as an import can only add a module (an upper bound).
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w. \t,]+)", re.MULTILINE)
_FROM = re.compile(
    r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.MULTILINE
)


@cache
def _imports(path: Path, src: Path) -> tuple[frozenset[str], bool]:
    """The package's modules `path` names in an import statement anywhere in it (dotted
    names, relative imports resolved; `from m import x` gives `m` and `m.x`, which may be a
    module), and whether it imports by name at run time."""
    text = path.read_text(encoding="utf-8")
    inside = path.is_relative_to(src)
    here = _module_name(src, path) if inside else ""
    package = here if inside and path.name == "__init__.py" else here.rpartition(".")[0]
    names: set[str] = set()
    for m in _IMPORT.finditer(text):
        names.update(part.split()[0] for part in m[1].split(",") if part.split())
    for m in _FROM.finditer(text):
        module = m[1].lstrip(".")
        level = len(m[1]) - len(module)
        if level:
            parts = package.split(".") if package else []
            base = ".".join(parts[: len(parts) - level + 1] + ([module] if module else []))
        else:
            base = module
        names.add(base)
        listed = m[2].strip("()").split("#")[0] if "(" not in m[2] else m[2].strip("()")
        for part in re.sub(r"#[^\n]*", "", listed).replace("\n", ",").split(","):
            if part.split():
                names.add(f"{base}.{part.split()[0]}")
    own = frozenset(n for n in names if n == PACKAGE or n.startswith(PACKAGE + "."))
    return own, "import_module" in text


@cache
def _data_files(module: Path) -> tuple[Path, ...]:
    """The package's files beside `module` that are not Python (a script it reads through
    `importlib.resources`, such as the dashboard's `dashboard.js`) and that it names."""
    if module.suffix != ".py":
        return ()
    text = module.read_text(encoding="utf-8")
    return tuple(
        f
        for f in module.parent.iterdir()
        if f.is_file() and f.suffix not in (".py", ".pyc") and f.name in text
    )


def source_files(script: Path, src: Path) -> list[Path]:
    """The package's source files (under `src`, the folder holding the package) that
    `script` runs, sorted. Raises OSError or SyntaxError for a file that cannot be read or
    parsed."""
    src = src.resolve()
    seen: set[Path] = set()
    todo = set(_imports(Path(script).resolve(), src)[0])
    done: set[str] = set()
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # the packages on the way, then the module
            dotted = ".".join(parts[:i])
            if dotted in done:
                continue
            done.add(dotted)
            path = _module_file(src, dotted)
            if path is None:  # a name imported from a module, not a module
                continue
            seen.add(path)
            seen.update(_data_files(path))
            names, dynamic = _imports(path, src)
            todo |= names - done
            if dynamic and path.name == "__init__.py":  # the whole package
                for f in path.parent.rglob("*.py"):
                    todo.add(_module_name(src, f))
    return sorted(seen)


def code_version(files: Iterable[Path], src: Path, resolve: bool = True) -> str:
    """sha256 (hex) of the files' paths relative to `src` and their bytes, in sorted order;
    `resolve`: links resolved first (False: a checkout whose folders link elsewhere keeps the
    paths it has)."""
    src = src.resolve() if resolve else src
    h = hashlib.sha256()
    for f in sorted(Path(f).resolve() if resolve else Path(f) for f in files):
        h.update(f.relative_to(src).as_posix().encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@cache
def script_version(repo: str | Path, name: str) -> str:
    """The version of the package's code that `scripts/<name>.py` of the repository `repo`
    runs (`code_version` of its `source_files`): a rule's `params: code=...`."""
    root = Path(repo)
    src = root / "src"
    return code_version(source_files(root / "scripts" / f"{name}.py", src), src)


# the workflow's own files that hold logic besides the package: rules (and the values they
# hand the jobs), scripts, schemas, report captions; not the executor profiles, which say
# where jobs run (SLURM), not what they compute
WORKFLOW_FILES = ("Snakefile", "workflow", "scripts")
NOT_WORKFLOW = ("workflow/profiles",)


def workflow_files(repo: str | Path) -> list[Path]:
    """The files of `WORKFLOW_FILES` under `repo` (folders walked; `__pycache__` and
    `NOT_WORKFLOW` left out), sorted."""
    root = Path(repo)
    out = []
    for name in WORKFLOW_FILES:
        p = root / name
        found = [p] if p.is_file() else sorted(p.rglob("*")) if p.is_dir() else []
        for f in found:
            rel = f.relative_to(root).as_posix()
            if not f.is_file() or "__pycache__" in f.parts:
                continue
            if any(rel == x or rel.startswith(x + "/") for x in NOT_WORKFLOW):
                continue
            out.append(f)
    return sorted(out)


@cache
def workflow_version(repo: str | Path) -> str:
    """sha256 of the workflow's files (`workflow_files`: Snakefile, rule files, scripts) by
    their paths relative to `repo` and their bytes: the release records it beside the
    package's version (a rule or script can change what a job computes, U6)."""
    # not resolved: a checkout may link a folder elsewhere (a test's copy of the repository)
    return code_version(workflow_files(repo), Path(repo), resolve=False)


# what `git_state` looks at: the code a release's numbers come from
CODE_PATHS = ("Snakefile", "workflow", "scripts", "src")


def git_state(repo: str | Path) -> dict:
    """The checkout `repo`'s commit and its uncommitted changes to the code (`CODE_PATHS`:
    changed, added or untracked files, as `git status --porcelain` names them, sorted), for
    the release manifest: `{"git_commit": hex or None, "uncommitted": [paths]}`. Both None
    when `repo` is not a git checkout (a source archive: the code hashes still say which
    code ran)."""
    import subprocess

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
            )
        except (OSError, subprocess.CalledProcessError):
            return None
        return done.stdout

    head = git("rev-parse", "HEAD")
    if head is None:
        return {"git_commit": None, "uncommitted": None}
    status = git("status", "--porcelain", "--untracked-files=all", "--", *CODE_PATHS) or ""
    changed = sorted(
        {
            line[3:].split(" -> ")[-1].strip('"')
            for line in status.splitlines()
            if len(line) > 3 and "__pycache__" not in line
        }
    )
    return {"git_commit": head.strip() or None, "uncommitted": changed}


@cache
def workflow_state(repo: str | Path) -> dict:
    """What a release records of the workflow's code besides the package (`git_state` and
    `workflow_version`): the manifest rule's parameter, so that a commit, an uncommitted
    change or a changed rule file makes the manifest again. Read once per process (a region
    run's modules share it)."""
    return {**git_state(repo), "workflow_sha256": workflow_version(repo)}
