"""sitegen's renderer (:mod:`sitegen.markdown.render`) writes what markdown-it's
own renderer writes, and the links, ids and URL attributes it reads from the
tokens are the ones a parse of the output finds.  Inputs: every fixture case
(``fixtures/render.md`` holds the renderer's own), the real Jekyll site's
pages when ``../shared`` is there."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

import realsite
from sitegen.markdown import build_parser, create_markdown, render_markdown
from sitegen.markdown import links as links_module
from sitegen.markdown.render import inline_html, token_html, token_urls
from test_fixtures import CASES

OPTION_SETS = ({}, {"linkify": True, "typographer": False})


def _inputs():
    found = [pytest.param(case.values[0], id=case.id) for case in CASES]
    if realsite.site_root() is not None:
        found += [pytest.param(page.body, id=page.rel) for page in realsite.load_pages()]
    return found


def _env(**options) -> dict:
    return {"lang": "ja", "target_blank": True, "base_url": "", "linkify": False, "typographer": True, **options}


@pytest.fixture(scope="module")
def md():
    return create_markdown()


@pytest.mark.parametrize("source", _inputs())
def test_the_html_is_markdown_its_own(md, source):
    for options in OPTION_SETS:
        env, env2 = _env(**options), _env(**options)
        expected = md.renderer.render(md.parse(source, env), md.options, env)
        assert token_html(md, md.parse(source, env2), env2).html == expected


@pytest.mark.parametrize("source", _inputs())
def test_links_ids_and_url_attributes_are_those_a_parse_of_the_html_finds(md, source, monkeypatch):
    for options in OPTION_SETS:
        env = _env(**options)
        tokens = md.parse(source, env)
        read_env = dict(env)
        read = links_module.render_with_links(md, tokens, read_env)
        with monkeypatch.context() as patch:
            patch.setattr(links_module, "token_urls", lambda rendered: None)  # always parse the output
            parsed_env = dict(env)
            parsed = links_module.render_with_links(md, tokens, parsed_env)
        assert read == parsed
        assert read_env.get("url_attributes") == parsed_env.get("url_attributes")
        assert read_env.get("warnings") == parsed_env.get("warnings")


def test_headings_inner_html_is_markdown_its_own(md):
    source = "## **太字** の `code` と [リンク](/a/) {#h}\n\n### ![図](a.png) & <kbd>K</kbd>\n"
    env = _env()
    tokens = md.parse(source, env)
    for token in tokens:
        if token.type == "inline":
            assert inline_html(md, token.children, env) == md.renderer.renderInline(token.children, md.options, env)
    headings = render_markdown(source).headings
    assert [h.html for h in headings] == ['<strong>太字</strong> の <code>code</code> と <a href="/a/">リンク</a>',
                                          '<img src="a.png" alt="図"> &amp; <kbd>K</kbd>']


def test_plain_markdown_is_read_from_the_tokens_and_raw_html_is_parsed(md):
    plain = "# 題 {#top}\n\n[a](/a/) ![b](b.png)\n\n| x |\n|---|\n| [c](https://c.example/) |\n\n```sh\nls\n```\n"
    env = _env()
    found = token_urls(token_html(md, md.parse(plain, env), env))
    assert found is not None
    urls, _, ids = found
    assert [(u.tag, u.name, u.value) for u in urls] == [("a", "href", "/a/"), ("img", "src", "b.png"),
                                                        ("a", "href", "https://c.example/")]
    assert ids == ["top"]
    for raw in ("<b>x</b> [a](/a/)\n", "<div>\n\n[a](/a/)\n\n</div>\n", "x[^1]\n\n[^1]: note\n"):
        env = _env()
        assert token_urls(token_html(md, md.parse(raw, env), env)) is None, raw


def test_a_rule_a_plugin_installs_is_used():
    md = build_parser()
    md.add_render_rule("strong_open", lambda self, tokens, idx, options, env: "<b>")
    md.add_render_rule("text", lambda self, tokens, idx, options, env: tokens[idx].content.upper())
    env = _env()
    tokens = md.parse("**a** b\n", env)
    assert token_html(md, tokens, env).html == md.renderer.render(tokens, md.options, env) == "<p><b>A</strong> B</p>\n"


def test_markdown_its_renderer_options_are_followed():
    md = MarkdownIt("commonmark", {"xhtmlOut": True, "breaks": True}).enable("table")
    source = "a\nb  \n![i](i.png)\n\n---\n\n| x |\n|---|\n| y |\n"
    tokens = md.parse(source)
    assert token_html(md, tokens, {}).html == md.renderer.render(tokens, md.options, {})
    assert "<br />\n" in token_html(md, tokens, {}).html


def test_options_changed_after_a_first_render_are_followed():
    md = MarkdownIt("commonmark", {"xhtmlOut": False})
    tokens = md.parse("a\nb\n\n---\n")
    assert token_html(md, tokens, {}).html == "<p>a\nb</p>\n<hr>\n"
    md.options["xhtmlOut"], md.options["breaks"] = True, True
    assert token_html(md, tokens, {}).html == md.renderer.render(tokens, md.options, {}) == "<p>a<br />\nb</p>\n<hr />\n"
