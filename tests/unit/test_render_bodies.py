"""A page's body is resolved from the URL attributes its parse found
(``Renderer.resolve_page``), whatever was read before it; a fragment that is
not a page's own body (``resolve_body``) is parsed for its URLs."""

from __future__ import annotations

import pytest

import importlib
from sitegen.assets import collect_assets
from sitegen.build import GENERATOR, BuildOptions, load_site
from sitegen.render import Renderer
from tests.site_files import write_files

scan = importlib.import_module("sitegen.links.scan")

SITE = {
    "site.yml": "title: {ja: サイト, en: Site}\nbase_url: https://example.org/docs/\n",
    "content/ja/index.md": "---\ntitle: ホーム\n---\n[案内](guide.md)\n",
    "content/ja/guide.md": "---\ntitle: 案内\n---\n[ホーム](index.md) と [英語](../en/guide.md) と [ない](gone.md)\n",
    "content/en/guide.md": "---\ntitle: Guide\n---\n[Home](../ja/index.md)\n",
}


@pytest.fixture
def renderer(tmp_path):
    loaded = load_site(BuildOptions(source=write_files(tmp_path, SITE), jobs=1))
    return Renderer(loaded.site, {}, GENERATOR)


def test_a_page_body_is_not_parsed_again_to_resolve_its_links(renderer, monkeypatch):
    pages = {r.page.source.display: r.page for r in renderer.site.routes.values() if r.page is not None}
    guide = pages["content/ja/guide.md"]
    for page in pages.values():  # other bodies read in between
        assert page.html

    def no_parse(text, *args, **kwargs):
        raise AssertionError("the body was parsed again")
    monkeypatch.setattr(scan, "url_attributes", no_parse)
    problems = []
    html = renderer.resolve_page(guide, "ja", problems)
    assert 'href="/docs/"' in html and 'href="/docs/en/guide/"' in html and 'href="gone.md"' in html
    assert [d.message for d in problems] == ["link to a missing page: `gone.md`"]


def test_a_fragment_is_parsed_for_its_links(renderer):
    guide = next(r.page for r in renderer.site.routes.values() if r.page is not None
                 and r.page.source.display == "content/ja/guide.md")
    problems = []
    html = renderer.resolve_body('<p><a href="../en/guide.md">en</a></p>', guide, "ja", problems)
    assert html == '<p><a href="/docs/en/guide/">en</a></p>' and problems == []


def test_a_template_error_names_the_view_as_templates_know_it(tmp_path):
    files = dict(SITE)
    files["templates/odd.html"] = '{% extends "page.html" %}{% block content %}{{ page.nothing.here }}{% endblock %}\n'
    files["content/ja/odd.md"] = "---\ntitle: 変\nlayout: odd\n---\n本文\n"
    loaded = load_site(BuildOptions(source=write_files(tmp_path, files), jobs=1))
    renderer = Renderer(loaded.site, collect_assets(tmp_path), GENERATOR)
    body, problems = renderer.render(loaded.site.routes["/odd/"])
    assert body == b"" and "`page` has no attribute 'nothing'" in problems[0].message
    assert "sitegen." not in problems[0].message
