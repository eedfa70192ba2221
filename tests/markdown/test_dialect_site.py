"""The Markdown dialect as a site sees it: site.yml options and body templates."""

from __future__ import annotations

PAGE_BODY = """---
title: 手順
---

お問い合わせ: someone@example.org（https://zoom.us/j/xxxxxxxxxx）

"Quoted" -- it's here...

<ol class="procedure">
  {% if page.slug == "steps" %}
  <li>最初の手順</li>
  {% endif %}

    <li>次の手順</li>
</ol>
（[文献](https://example.com/)）
"""


def test_default_dialect_is_kramdown(make_site):
    site = make_site({"content/ja/steps.md": PAGE_BODY})
    main = site.main("/steps/")
    text = main.get_text()
    assert "someone@example.org" in text and not main.select('a[href^="mailto:"]')
    assert not main.select('a[href^="https://zoom.us"]')
    assert "“Quoted” – it’s here…" in text
    items = [li.get_text() for li in main.select("ol.procedure > li")]
    assert items == ["最初の手順", "次の手順"]
    assert not main.select("pre")  # no HTML source shown as code
    assert main.select_one('a[href="https://example.com/"]').get_text() == "文献"


def test_site_options_turn_linkify_on_and_typography_off(make_site):
    site = make_site({"site.yml": "markdown: {linkify: true, typographer: false}\n",
                      "content/ja/steps.md": PAGE_BODY})
    main = site.main("/steps/")
    assert main.select_one('a[href="mailto:someone@example.org"]') is not None
    assert main.select_one('a[href="https://zoom.us/j/xxxxxxxxxx"]') is not None
    assert '"Quoted" -- it\'s here...' in main.get_text()


def test_a_bad_markdown_option_stops_the_build_with_its_line(run_cli, tmp_path):
    from site_files import write_files

    write_files(tmp_path, {"site.yml": "title: x\nmarkdown:\n  typographer: 1\n", "content/ja/index.md": "---\ntitle: x\n---\n"})
    code, out, err = run_cli("build", "--source", tmp_path, "--quiet")
    assert code == 1
    assert "site.yml:3" in out + err and "`markdown.typographer` must be true or false" in out + err
    assert "Traceback" not in out + err
