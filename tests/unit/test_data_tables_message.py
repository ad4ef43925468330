"""data.tables without data.root turns the synthetic world off: the message for the missing
tables says so (N2 read 'GBAPERSOONTAB: the file /GBAPERSOONTAB/GBAPERSOONTAB.parquet does not
exist' and had to find the reason in the code)."""

import subprocess
import sys

import yaml
from worlds import REFERENCE, REPO


def test_data_tables_alone_says_no_synthetic_world_is_made(tmp_path):
    table = tmp_path / "GEMSCHULD.csv"
    table.write_text("RINPERSOONS;RINPERSOON\n", encoding="utf-8")
    (tmp_path / "test.yaml").write_text(
        yaml.safe_dump({"data": {"tables": {"GEMBUURTTEAM": str(table)}}, "reference": REFERENCE})
    )
    run = subprocess.run(
        [sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "--directory",
         str(tmp_path), "-n", "--cores", "1", "--configfile", str(REPO / "config/config.yaml"),
         str(tmp_path / "test.yaml")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode != 0
    assert "data.tables is set, so no synthetic world is made" in run.stdout + run.stderr
