#!/usr/bin/env bash
# Installs Debian's Chromium (and CJK fonts so Japanese renders) for the
# browser tests. Playwright drives /usr/bin/chromium; it never downloads a
# browser of its own.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium chromium-driver)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
bash "$(dirname "$0")/apt-install.sh" "the browser tests" ${need[@]+"${need[@]}"}
