"""A single-node SLURM cluster on this host, started and stopped by a test.

Debian's slurm-wlm and munge (`bash tools/install-slurm.sh`) run from a private folder: an
own munge key and socket, a slurm.conf for one node (this host, with the CPUs and memory that
`slurmd -C` finds), free ports, state, spool and logs under that folder; nothing in /etc is
read or changed. Client commands (sbatch, squeue, sinfo) find the cluster through SLURM_CONF.
The settings that let slurmd run as root in a container without cgroups:
`ProctrackType=proctrack/linuxproc`, `TaskPlugin=task/none`, `JobAcctGatherType=
jobacct_gather/none`, no cgroup.conf, `SlurmdUser=root`. Without slurmdbd there is no job
accounting (`sacct` answers "accounting storage is disabled"): finished jobs stay visible to
squeue for `MinJobAge` seconds.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "srun", "squeue", "sinfo", "scancel")


def missing_commands() -> list[str]:
    return [c for c in DAEMONS if shutil.which(c) is None]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def node_line() -> str:
    """This host as a SLURM node, from `slurmd -C` (NodeName=... CPUs=... RealMemory=...)."""
    out = subprocess.run(["slurmd", "-C"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0].strip()


def slurm_conf(root: Path, node: str) -> str:
    name = node.split()[0].split("=", 1)[1]
    return f"""\
ClusterName=wijkzicht-test
SlurmctldHost={name}(127.0.0.1)
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={root}/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation={root}/state
SlurmdSpoolDir={root}/spool
SlurmctldPidFile={root}/slurmctld.pid
SlurmdPidFile={root}/slurmd.pid
SlurmctldLogFile={root}/log/slurmctld.log
SlurmdLogFile={root}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/builtin
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=3600
{node} NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes={name} Default=YES MaxTime=INFINITE State=UP
"""


def _wait(what: str, check, timeout: float, procs: dict) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        dead = {n: p.returncode for n, p in procs.items() if p.poll() is not None}
        if dead:
            raise RuntimeError(f"SLURM test cluster: {dead} exited while waiting for {what}")
        time.sleep(0.5)
    raise RuntimeError(f"SLURM test cluster: no {what} after {timeout:.0f} s")


def _stop(procs: dict[str, subprocess.Popen], env: dict) -> None:
    """Cancel every job of the cluster, then stop slurmd, slurmctld and munged (in that order),
    each by its own process group: SIGTERM, and SIGKILL after 15 s."""
    if "slurmctld" in procs and procs["slurmctld"].poll() is None:
        user = pwd.getpwuid(os.getuid()).pw_name
        subprocess.run(["scancel", "--full", "--user", user], env=env, capture_output=True)
        end = time.monotonic() + 20
        while time.monotonic() < end:
            q = subprocess.run(["squeue", "-h", "-t", "PD,R,CG"], env=env, capture_output=True)
            if q.returncode != 0 or not q.stdout.strip():
                break
            time.sleep(1)
    for name in ("slurmd", "slurmctld", "munged"):
        p = procs.get(name)
        if p is None or p.poll() is not None:
            continue
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)


@contextmanager
def single_node_slurm():
    """Start munged, slurmctld and slurmd for one node in a new folder under the system's
    temporary folder (munged wants its socket's folders open to all, which pytest's are not);
    yield the environment (with SLURM_CONF) in which sbatch and squeue reach it; stop
    everything and remove the folder afterwards, also when the body fails."""
    root = Path(tempfile.mkdtemp(prefix="wijkzicht-slurm-"))
    root.chmod(0o755)
    for d in ("state", "spool", "log"):
        (root / d).mkdir(parents=True, exist_ok=True)
    key = root / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o600)
    conf = root / "slurm.conf"
    conf.write_text(slurm_conf(root, node_line()), encoding="utf-8")
    # snakemake-executor-plugin-slurm-jobstep (0.6) removes every SLURM_* variable but the job's
    # identity from the environment of the srun it starts inside a job, SLURM_CONF too; a
    # cluster configured in /etc/slurm does not notice, this one (SLURM_CONF only) gives srun
    # its configuration back through a wrapper first on PATH
    wrapper = root / "bin" / "srun"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\nSLURM_CONF={conf} exec {shutil.which("srun")} "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    path = f"{wrapper.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "SLURM_CONF": str(conf), "PATH": path}
    procs: dict[str, subprocess.Popen] = {}
    logs = []
    commands = {
        "munged": ["munged", "-F", f"--socket={root}/munge.socket", f"--key-file={key}",
                   f"--pid-file={root}/munged.pid", f"--seed-file={root}/munged.seed"],
        "slurmctld": ["slurmctld", "-D", "-f", str(conf)],
        "slurmd": ["slurmd", "-D", "-f", str(conf)],
    }  # fmt: skip
    try:
        for name, cmd in commands.items():
            log = open(root / "log" / f"{name}.out", "w")  # noqa: SIM115 (closed below)
            logs.append(log)
            procs[name] = subprocess.Popen(
                cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            if name == "munged":
                _wait("munge socket", (root / "munge.socket").exists, 30, procs)
            if name == "slurmctld":
                _wait("slurmctld", lambda: _ask(["sinfo", "-h"], env) is not None, 60, procs)

        def idle() -> bool:
            return (_ask(["sinfo", "-h", "-o", "%t"], env) or "").strip() == "idle"

        _wait("idle node in sinfo", idle, 90, procs)
        yield env
    except RuntimeError as err:
        tails = "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted((root / "log").glob("*"))
        )
        raise RuntimeError(f"{err}\n{tails}") from None
    finally:
        _stop(procs, env)
        for log in logs:
            log.close()
        shutil.rmtree(root, ignore_errors=True)


def _ask(cmd: list[str], env: dict) -> str | None:
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None
