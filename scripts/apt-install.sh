#!/usr/bin/env bash
# apt-install.sh REASON PACKAGE...: install Debian packages quietly, with sudo
# when not root. Called by install-browser.sh and install-tools.sh with only
# the packages that are missing.
set -euo pipefail
reason=$1; shift
[ $# -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing $* (Debian packages) for $reason"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
