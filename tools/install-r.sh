#!/usr/bin/env bash
# Install R and the survey package from Debian, only when they are missing.
# Needed by the tests marked `r` (pytest -m r), which compare the estimators in
# src/wijkzicht/stats/ against R's survey package and glm.
# Usage: bash tools/install-r.sh   (as root, or with sudo available)
set -euo pipefail

have_r() {
  command -v Rscript >/dev/null 2>&1 &&
    Rscript -e 'quit(status = if (requireNamespace("survey", quietly = TRUE)) 0 else 1)' >/dev/null 2>&1
}

if have_r; then
  echo "install-r: Rscript and the R survey package are present; nothing to do."
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-r: need root (or sudo) to install r-base-core and r-cran-survey" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends r-base-core r-cran-survey

if have_r; then
  echo "install-r: installed $(Rscript --version 2>&1 | head -n 1) with the survey package."
else
  echo "install-r: installation finished but Rscript or the survey package is still missing" >&2
  exit 1
fi
