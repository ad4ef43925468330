#!/usr/bin/env bash
# Install a single-node SLURM (Debian's slurm-wlm: slurmctld, slurmd, sbatch, squeue, sacct)
# and munge, its authentication daemon, only when they are missing.
# Needed by `make test-slurm` (tests/slurm/), which starts them for one node (this host),
# runs the workflow with workflow/profiles/slurm and stops them again.
# Usage: bash tools/install-slurm.sh   (as root, or with sudo available)
set -euo pipefail
exec bash "$(dirname "$0")/install-debian.sh" install-slurm \
  "command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged" \
  slurm-wlm munge
