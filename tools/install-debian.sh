#!/usr/bin/env bash
# Install Debian packages, only when a check fails.
# Usage: bash tools/install-debian.sh NAME 'CHECK COMMAND' PACKAGE...   (as root, or with sudo)
set -euo pipefail

name=$1
check=$2
shift 2

if bash -c "$check" >/dev/null 2>&1; then
  echo "$name: present; nothing to do."
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "$name: need root (or sudo) to install $*" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "$@"

if bash -c "$check" >/dev/null 2>&1; then
  echo "$name: installed $*."
else
  echo "$name: installation of $* finished but the check still fails: $check" >&2
  exit 1
fi
