"""After a finished run, results/export/ holds this release alone: the files an earlier run
left there and this run did not make are set aside.

A run writes its release into results/export/ and lists every file of it in the release's
manifest.json. A file an earlier run made and this one does not (`changes.csv` after a run
without a previous release, the pages of a theme or wijk no longer configured) used to stay
beside the release: `verify` named it ("output not in manifest") and the zip left it out,
but a person copying the folder copied it with the release. `set_aside` moves each such file
to the same place under results/internal/export_earlier/ (never deleted: it may be the only
copy of an earlier release's file) and removes the folders it leaves empty.

Only the release folders whose manifest.json this run wrote are looked at (a manifest
modified at or after the run's start): results/export/ of a single run, results/export/<GM>/
of each gemeente of a region run. A sub-folder with a manifest.json of its own is another
release (a region's gemeente) and is left as it is. In a region run, beside its gemeenten's
folders results/export/ holds only the region overview (results/export/regio/): a single
run's files left there (its manifest.json, its theme folders and pages) are set aside too
(`region_leftovers`). Nothing outside results/export/ is moved.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from wijkzicht import paths
from wijkzicht.release.manifest import MANIFEST, unlisted_files

EXPORT = Path(paths.EXPORT)
EARLIER = Path(paths.INTERNAL) / "export_earlier"
# a region run's own folder in results/export/, beside its gemeenten's: the region overview
# (workflow/region.smk, rule region_overview; common.smk REGION_OVERVIEW)
REGION = "regio"


def written_manifests(workdir: Path, since: float) -> list[Path]:
    """The release manifests under `workdir`'s results/export/ (its own, or a region's
    results/export/<GM>/manifest.json) modified at or after `since` (seconds since the epoch):
    those this run wrote."""
    export = workdir / EXPORT
    found = [export / MANIFEST, *sorted(export.glob(f"*/{MANIFEST}"))]
    return [m for m in found if m.is_file() and m.stat().st_mtime >= since]


def _listed(manifest: Path) -> set[str] | None:
    """The files of the release (its outputs and manifest.json itself), relative to its folder;
    None when the manifest cannot be read as one (then nothing is moved)."""
    try:
        outputs = json.loads(manifest.read_text(encoding="utf-8"))["outputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(outputs, dict):
        return None
    return {*outputs, MANIFEST}


def stale_files(manifest: Path) -> list[Path]:
    """The files in the manifest's folder that it does not list, sorted; those under a
    sub-folder with a manifest.json of its own (another release) left out."""
    folder = manifest.parent
    listed = _listed(manifest)
    if listed is None:
        return []
    others = [m.parent for m in folder.rglob(MANIFEST) if m != manifest]
    return unlisted_files(folder, listed, others)


def region_leftovers(export: Path, written: list[Path]) -> list[Path]:
    """In a region run (this run wrote a gemeente's results/export/<GM>/manifest.json, and no
    results/export/manifest.json): the files in `export` outside every gemeente's folder (a
    folder with a manifest.json) and outside the region overview (REGION), sorted: a single
    run's files left there. [] in a single run."""
    if not written or export / MANIFEST in written:
        return []
    releases = [m.parent for m in export.glob(f"*/{MANIFEST}")]
    out = []
    for f in sorted(export.rglob("*")):
        if f.is_dir() or f.is_relative_to(export / REGION):
            continue
        if not any(f.is_relative_to(r) for r in releases):
            out.append(f)
    return out


def set_aside(workdir: Path, since: float) -> list[tuple[Path, Path | str]]:
    """Move the files of the releases this run wrote (`written_manifests`) that their manifest
    does not list (`stale_files`) to the same place under results/internal/export_earlier/
    (a file there of the same name is replaced) and remove the folders left empty. Returns
    per file (from, to), relative to `workdir`, or (from, why) for a file that could not be
    moved (it stays where it is; the run's outputs are not touched by it)."""
    workdir = Path(workdir)
    export, earlier = workdir / EXPORT, workdir / EARLIER
    done: list[tuple[Path, Path | str]] = []
    written = written_manifests(workdir, since)
    groups = [(m.parent, stale_files(m)) for m in written]
    groups.append((export, region_leftovers(export, written)))
    for root, files in groups:
        for f in files:
            rel = f.relative_to(export)
            dest = earlier / rel
            if dest.is_dir():  # a folder of that name was set aside before: keep both
                dest = dest.with_name(dest.name + ".file")
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(f, dest)  # a rename; a copy where results/internal is elsewhere
            except OSError as err:
                done.append((EXPORT / rel, err.strerror or str(err)))
                continue
            done.append((EXPORT / rel, EARLIER / dest.relative_to(earlier)))
            folder = f.parent
            while folder != root and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    return done


def message(done: list[tuple[Path, Path | str]], shown: int = 10) -> str:
    """What `set_aside` did, in a few lines for the end of a run ('' when nothing moved)."""
    moved = [(src, dest) for src, dest in done if isinstance(dest, Path)]
    failed = [(src, why) for src, why in done if isinstance(why, str)]
    lines = []
    if moved:
        lines.append(
            f"Set aside {len(moved)} file(s) that an earlier run left in {EXPORT}/ and this "
            f"run did not make (not in its manifest.json), so that the folder holds this "
            f"release alone; moved to {EARLIER}/:"
        )
        lines += [f"  {src} -> {dest}" for src, dest in moved[:shown]]
        if len(moved) > shown:
            lines.append(f"  ... and {len(moved) - shown} more under {EARLIER}/")
    if failed:
        lines.append(
            f"{len(failed)} file(s) in {EXPORT}/ are not in its manifest.json (no part of this "
            "release) and could not be moved; remove or move them before copying the folder:"
        )
        lines += [f"  {src} ({why})" for src, why in failed[:shown]]
    return "\n".join(lines)
