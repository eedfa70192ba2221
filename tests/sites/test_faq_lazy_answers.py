"""FAQ answers are resolved when a listing shows them (not kept for every
page), and read in a site's own templates as the Markup they stand for."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

SITE = {
    "site.yml": """
        title: {ja: サポート, en: Support}
        base_url: https://example.org/docs/
        faq:
          categories:
            - {key: zoom, label: {ja: Zoom, en: Zoom}}
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ\n",
    "content/ja/guide.md": "---\ntitle: 案内\n---\n案内\n",
    "content/ja/faq/record.md": "---\ntitle: 録画は？\ncategory: zoom\n---\n[案内](../guide.md) を見てください。\n",
    "content/ja/faq/broken.md": "---\ntitle: 壊れたリンク\ncategory: zoom\n---\n[ない](../gone.md)\n",
    "templates/faq_index.html": """
        {% extends "base.html" %}
        {% block content %}
        <script type="application/ld+json">{{ page.faq.json_ld }}</script>
        {% for c in page.faq.categories %}{% for entry in c.entries %}
        <div class="a" data-len="{{ entry.answer | length }}">{{ entry.answer }}</div>
        <p class="plain">{{ entry.answer | striptags }}</p>
        <p class="has">{{ 'yes' if entry.answer and '/docs/guide/' in entry.answer else 'no' }}</p>
        {% endfor %}{% endfor %}
        {% endblock %}
    """,
}


def test_answers_read_as_markup_in_a_site_template(make_site):
    site = make_site(SITE, keep_going=True)
    soup = site.soup("/faq/")
    answers = soup.select("div.a")
    assert [a.decode_contents().strip() for a in answers][1] == '<p><a href="/docs/guide/">案内</a> を見てください。</p>'
    assert int(answers[1]["data-len"]) == len(answers[1].decode_contents().strip()) + 1  # the answer's own newline
    assert [p.get_text() for p in soup.select("p.plain")][1] == "案内 を見てください。"
    assert [p.get_text() for p in soup.select("p.has")] == ["no", "yes"]
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["mainEntity"][1]["acceptedAnswer"]["text"].startswith('<p><a href="/docs/guide/">')


def test_a_broken_link_in_an_answer_is_reported(make_site):
    site = make_site(SITE, keep_going=True)
    assert any(d.path == "content/ja/faq/broken.md" and "gone.md" in d.message
               for d in site.result.errors + site.result.warnings)
