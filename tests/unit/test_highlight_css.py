"""The theme's highlight.css is generated (scripts/make-highlight-css.py) and
follows the colour scheme switch: dark tokens for the system's dark scheme
unless the reader chose light, and for a chosen dark scheme."""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_highlight_css_is_the_generated_file():
    script = runpy.run_path(str(ROOT / "scripts" / "make-highlight-css.py"), run_name="not_main")
    css = (ROOT / "sitegen" / "theme" / "assets" / "css" / "highlight.css").read_text(encoding="utf-8")
    assert css == script["highlight_css"]()
    assert ':where(:root:not([data-theme="light"])) .highlight .k' in css  # system dark, not overridden
    assert ':where(:root[data-theme="dark"]) .highlight .k' in css  # the reader's dark
