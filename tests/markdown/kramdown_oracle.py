"""The real kramdown, as Jekyll runs it, for differential tests.

kramdown 2.4 with kramdown-parser-gfm (Debian's ``ruby-kramdown`` and
``ruby-kramdown-parser-gfm``, installed by ``scripts/install-kramdown.sh``),
options ``input: GFM, hard_wrap: false`` as in Jekyll's defaults.  One Ruby
process renders every input of a test session: it reads a JSON list of
Markdown strings on stdin and writes the JSON list of HTML fragments.

Outside CI, a machine without Ruby or the two packages skips the tests that
need kramdown; in CI (``CI=true``) the Makefile installs them, so a missing
kramdown is a failure there, never a silent skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

RUBY_SCRIPT = r"""
require "json"
require "kramdown"
require "kramdown-parser-gfm"
inputs = JSON.parse($stdin.read)
outputs = inputs.map do |text|
  Kramdown::Document.new(text, input: "GFM", hard_wrap: false).to_html
end
$stdout.write(JSON.generate(outputs))
"""


def kramdown_problem() -> str | None:
    """Why kramdown cannot run here, or None when it can."""
    ruby = shutil.which("ruby")
    if ruby is None:
        return "ruby is not installed (scripts/install-kramdown.sh installs ruby-kramdown)"
    check = subprocess.run([ruby, "-rkramdown", "-rkramdown-parser-gfm", "-e", "print Kramdown::VERSION"],
                           capture_output=True, text=True, timeout=60)
    if check.returncode != 0:
        return "ruby-kramdown / ruby-kramdown-parser-gfm are not installed (scripts/install-kramdown.sh)"
    return None


def require_kramdown() -> None:
    problem = kramdown_problem()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"kramdown is required in CI: {problem}")
    pytest.skip(problem)


def render_all(texts: list[str]) -> list[str]:
    """kramdown's HTML for each Markdown text, in one Ruby process."""
    if not texts:
        return []
    result = subprocess.run(["ruby", "-e", RUBY_SCRIPT], input=json.dumps(texts),
                            capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"kramdown failed: {result.stderr[-2000:]}")
    outputs = json.loads(result.stdout)
    assert len(outputs) == len(texts)
    return outputs
