"""DuckDB connections of a job get the job's threads, memory and spill folder (wijkzicht.db)."""

from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from wijkzicht import db, files
from wijkzicht.pipeline.snake import run


def _settings(con) -> tuple:
    return con.execute(
        "SELECT current_setting('threads'), current_setting('memory_limit'), "
        "current_setting('temp_directory')"
    ).fetchone()


def _job(tmp_path: Path, threads: int, mem_mb: int | None) -> SimpleNamespace:
    resources = {"tmpdir": str(tmp_path), **({"mem_mb": mem_mb} if mem_mb else {})}
    return SimpleNamespace(log=[str(tmp_path / "job.log")], threads=threads, resources=resources)


@pytest.fixture(autouse=True)
def _no_job_left():
    yield
    db.job_resources(None, None, None)


def test_a_connection_of_a_job_reports_its_threads_and_memory(tmp_path):
    seen = {}

    def main(snakemake, log):
        con = db.connect()
        seen["settings"] = _settings(con)
        seen["spill_exists"] = Path(seen["settings"][2]).is_dir()
        con.close()

    run(_job(tmp_path, threads=1, mem_mb=2000), main)
    threads, memory, spill = seen["settings"]
    assert threads == 1
    # DuckDB's share of the 2000 MB: 1500 MB, as DuckDB itself states 1500MB
    expected = duckdb.connect(config={"memory_limit": "1500MB"})
    assert memory == _settings(expected)[1]
    default = duckdb.connect()
    assert memory != _settings(default)[1]
    # the spill folder is the job's own, under its tmpdir, and removed afterwards
    assert Path(spill).parent == tmp_path and seen["spill_exists"]
    assert not Path(spill).exists()


def test_two_threads_and_a_larger_job(tmp_path):
    seen = {}
    run(
        _job(tmp_path, threads=2, mem_mb=8000),
        lambda s, log: seen.update(s=_settings(db.connect())),
    )
    assert seen["s"][0] == 2
    assert seen["s"][1] == _settings(duckdb.connect(config={"memory_limit": "6000MB"}))[1]


def test_a_caller_may_override_the_spill_folder(tmp_path):
    db.job_resources(1, 2000, tmp_path / "job")
    own = tmp_path / "own"
    con = db.connect(temp_directory=str(own))
    assert _settings(con)[0] == 1
    assert _settings(con)[2] == str(own)


def test_outside_a_job_duckdb_defaults():
    assert _settings(db.connect())[:2] == _settings(duckdb.connect())[:2]


def test_every_connection_of_the_pipeline_goes_through_db_connect():
    repo = Path(__file__).resolve().parents[2]
    files = [*(repo / "scripts").glob("*.py"), *(repo / "src").rglob("*.py")]
    direct = [
        str(f.relative_to(repo))
        for f in files
        if "duckdb.connect(" in f.read_text(encoding="utf-8") and f.name != "db.py"
    ]
    assert not direct, f"open DuckDB with wijkzicht.db.connect(): {direct}"


def test_write_query_keeps_the_query_order_and_compresses_with_zstd(tmp_path):
    import pyarrow.parquet as pq

    con = db.connect()
    out = tmp_path / "sub" / "t.parquet"
    files.write_query(con, "SELECT i, 'x' || i AS s FROM range(1000) t(i) ORDER BY i DESC", out)
    table = pq.read_table(out)
    assert table.column("i").to_pylist() == list(range(999, -1, -1))
    assert table.column("s").to_pylist()[:2] == ["x999", "x998"]
    meta = pq.ParquetFile(out).metadata
    assert {meta.row_group(0).column(j).compression for j in range(2)} == {"ZSTD"}
    assert sorted(p.name for p in out.parent.iterdir()) == ["t.parquet"]  # no temporary left


def test_write_query_that_fails_leaves_the_old_file(tmp_path):
    con = db.connect()
    out = tmp_path / "t.parquet"
    files.write_query(con, "SELECT 1 AS a", out)
    before = out.read_bytes()
    with pytest.raises(duckdb.Error):
        files.write_query(con, "SELECT error('broken') AS a", out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.parquet"]
