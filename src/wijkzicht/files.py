"""Atomic file writes: a reader never sees a half-written file.

Each writer writes to a temporary file beside the target and renames it over the target
(`os.replace`, atomic on one file system). A run killed mid-write leaves the old file or no
file, plus at most a `<name>.tmp` that nothing reads; Snakemake marks the job's outputs
incomplete and `make run` redoes the job (see `wijkzicht.pipeline.run`).
"""

from __future__ import annotations

import os
from pathlib import Path


def write_bytes(data: bytes, path: str | Path) -> None:
    """Write `data` to `path` atomically, creating the parent folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_text(text: str, path: str | Path) -> None:
    """Write `text` as UTF-8 to `path` atomically."""
    write_bytes(text.encode("utf-8"), path)
