#!/usr/bin/env bash
# The Nu HTML Checker's needs, from Debian when missing: Java to run vnu.jar
# and npm to install the pinned vnu-jar package (`npm ci --ignore-scripts`,
# so vnu-jar never downloads a JDK of its own). lychee comes from PyPI.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
bash "$(dirname "$0")/apt-install.sh" "the HTML checker tests" ${need[@]+"${need[@]}"}
