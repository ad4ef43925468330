"""The summary of Snakemake's benchmark files per stage (wijkzicht.pipeline.benchmarks)."""

from wijkzicht.pipeline.benchmarks import collect, stage, summary

HEADER = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"


def test_stage_of_a_job():
    assert stage("ingest/2023.tsv") == "ingest"
    assert stage("ingest/national.tsv") == "ingest"
    assert stage("kopp/children2023.tsv") == "kopp/children"
    assert stage("residents2022.tsv") == "residents"
    assert stage("export/kopp.tsv") == "export"
    assert stage("pages/kopp.tsv") == "pages"
    assert stage("manifest.tsv") == "manifest"


def test_summary_sums_seconds_and_cpu_and_keeps_the_largest_job(tmp_path):
    rows = {
        "kopp/children2022.tsv": (10.0, 300.0, 8.0),
        "kopp/children2023.tsv": (12.5, 200.0, 9.5),
        "ingest/2023.tsv": (3.0, 100.0, 2.0),
        "ingest/national.tsv": (4.0, 150.0, 3.0),
        "manifest.tsv": (1.0, "NA", 0.5),
    }
    for name, (s, rss, cpu) in rows.items():
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(HEADER + f"{s}\t0:00:{int(s):02d}\t{rss}\t0\t0\t0\t0\t0\t0\t{cpu}\n")
    assert len(collect(tmp_path)) == 5
    t = summary(tmp_path).set_index("stage")
    assert list(t.index) == ["kopp/children", "ingest", "manifest"]
    assert t.loc["kopp/children", "jobs"] == 2
    assert t.loc["kopp/children", "seconds"] == 22.5
    assert t.loc["kopp/children", "cpu_seconds"] == 17.5
    assert t.loc["kopp/children", "max_rss_mb"] == 300.0
    assert t.loc["ingest", "seconds"] == 7.0 and t.loc["ingest", "max_rss_mb"] == 150.0


def test_summary_over_several_folders_adds_their_jobs(tmp_path):
    """A region run: the national folder and each gemeente's, one stage table."""
    rows = {
        "benchmarks/ingest/national.tsv": (4.0, 150.0, 3.0),
        "GM0344/benchmarks/export/kopp.tsv": (2.0, 90.0, 1.5),
        "GM0356/benchmarks/export/kopp.tsv": (3.0, 80.0, 2.5),
    }
    for name, (s, rss, cpu) in rows.items():
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(HEADER + f"{s}\t0:00:{int(s):02d}\t{rss}\t0\t0\t0\t0\t0\t0\t{cpu}\n")
    folders = [
        tmp_path / "benchmarks",
        tmp_path / "GM0344/benchmarks",
        tmp_path / "GM0356/benchmarks",
    ]
    t = summary(*folders).set_index("stage")
    assert list(t.index) == ["export", "ingest"]
    assert t.loc["export", "jobs"] == 2
    assert t.loc["export", "seconds"] == 5.0 and t.loc["export", "cpu_seconds"] == 4.0
    assert t.loc["export", "max_rss_mb"] == 90.0
    assert summary(folders[1]).loc[0, "seconds"] == 2.0
