#!/usr/bin/env bash
# Installs Debian's kramdown (Jekyll's Markdown engine) with its GFM parser:
# the oracle of tests/markdown/test_kramdown_differential.py.
set -euo pipefail
need=()
command -v ruby >/dev/null 2>&1 || need+=(ruby)
dpkg -s ruby-kramdown >/dev/null 2>&1 || need+=(ruby-kramdown)
dpkg -s ruby-kramdown-parser-gfm >/dev/null 2>&1 || need+=(ruby-kramdown-parser-gfm)
bash "$(dirname "$0")/apt-install.sh" "the kramdown differential tests" ${need[@]+"${need[@]}"}
