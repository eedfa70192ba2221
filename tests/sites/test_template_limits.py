"""Templates are bounded: a page body, an include, a layout (Jinja) or a
Liquid body that would compute a huge number, build a huge text or loop
without end fails the build at once with an error naming the file and line
and what to do; the previous output stays as it was.  Ordinary arithmetic
and repetition on small values still work."""

from __future__ import annotations

import re

import pytest

from site_files import write_files

SITE_YML = "title: {ja: テスト, en: Test}\nlanguages: [ja, en]\nbase_url: https://example.org/\n"
LIQUID_YML = SITE_YML + "templates: liquid\ncompat: jekyll\n"
BASE = {"content/en/index.md": "---\ntitle: Home\n---\nText\n"}

NUMBER = "computes a number too large to print"
TEXT = "builds a text"

JINJA_CASES = [
    ("power", "{{ 9 ** 99999999 }}", r"`9 \*\* 99999999` would be a number of more than 4,300 digits", NUMBER),
    ("repeat-text", "{{ 'x' * 10 ** 9 }}", r"repeated text would be more than 10,000,000 characters", TEXT),
    ("repeat-list", "{{ ([0] * 10 ** 9) | length }}", r"repeated list would be more than 10,000,000 items", TEXT),
    ("printf-width", "{{ '%999999999d' % 1 }}", r"formatted text would be more than 10,000,000", TEXT),
    ("format-width", "{{ '{:>{w}}'.format(1, w=999999999) }}", r"formatted text would be more than", TEXT),
    ("doubling", "{% set ns = namespace(s='xxxxxxxxxx') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
                 "{% endfor %}{{ ns.s | length }}", r"joined text would be more than 10,000,000", TEXT),
    ("squaring", "{% set ns = namespace(x=3) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}"
                 "{{ ns.x }}", r"product would be a number of more than 4,300 digits", NUMBER),
    ("range", "{{ range(10 ** 9) | length }}", r"`range\(\)` of more than 100,000 numbers", "a loop over"),
    ("nested-ranges", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     r"the loops over `range\(\)` run more than 10,000,000 times", "a loop over"),
    ("tilde-doubling", "{% set ns = namespace(s='xxxxxxxxxx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
                       "{% endfor %}{{ ns.s | length }}", r"joined text would be more than 10,000,000", TEXT),
    ("replace", "{% set s = 'x' * 5000 %}{{ s | replace('x', s) | replace('x', s) | length }}",
     r"replaced text would be more than 10,000,000", TEXT),
    ("join", "{% set s = 'x' * 1000000 %}{{ range(100000) | join(s) | length }}", r"joined text would be more", TEXT),
    ("center", "{{ 'x' | center(10 ** 9) | length }}", r"padded text would be more than 10,000,000", TEXT),
    ("indent", "{{ 'x\\nx' | indent(10 ** 9) | length }}", r"indented text would be more than 10,000,000", TEXT),
    ("format-filter", "{{ '%999999999d' | format(1) | length }}", r"formatted text would be more than", TEXT),
]


def _build(run_cli, source):
    code, out, err = run_cli("build", "--source", source, "--no-search")
    assert "Traceback" not in out + err
    return code, out + err


def _built_then_planted(tmp_path, run_cli, files: dict, planted: dict):
    """Build ``files``, then the same site with ``planted`` added: (exit code,
    output, the home page before, the home page after)."""
    source = write_files(tmp_path / "site", files)
    code, text = _build(run_cli, source)
    assert code == 0, text
    home = (source / "_site" / "index.html").read_bytes()
    write_files(source, planted)
    code, text = _build(run_cli, source)
    return code, text, home, (source / "_site" / "index.html").read_bytes()


@pytest.mark.parametrize("name, expression, message, hint", JINJA_CASES, ids=[c[0] for c in JINJA_CASES])
def test_a_page_body_that_computes_without_bound_fails(name, expression, message, hint, tmp_path, run_cli):
    code, text, before, after = _built_then_planted(
        tmp_path, run_cli, {"site.yml": SITE_YML, **BASE, "content/ja/index.md": "---\ntitle: ホーム\n---\n本文\n"},
        {"content/ja/index.md": f"---\ntitle: ホーム\n---\n本文\n\n{expression}\n"})
    assert code == 1, text
    assert re.search(rf"^content/ja/index\.md:6: error: template error: .*{message}", text, re.M), text
    assert f"hint: {hint}" in text if hint.startswith("a ") else f"hint: this template {hint}" in text, text
    assert after == before  # the previous output is intact


def test_an_include_that_repeats_without_bound_names_its_own_line(tmp_path, run_cli):
    source = write_files(tmp_path / "site", {
        "site.yml": SITE_YML, **BASE,
        "content/ja/_partials/p.md": "部品\n{{ '-' * 10 ** 8 }}\n",
        "content/ja/index.md": "---\ntitle: ホーム\n---\n{% include \"_partials/p.md\" %}\n",
    })
    code, text = _build(run_cli, source)
    assert code == 1
    assert re.search(r"^content/ja/_partials/p\.md:2: error: template error: the repeated text would be more", text,
                     re.M), text
    assert not (source / "_site").exists()


def test_a_layout_is_bounded_too(tmp_path, run_cli):
    source = write_files(tmp_path / "site", {
        "site.yml": SITE_YML, **BASE,
        "content/ja/index.md": "---\ntitle: ホーム\n---\n本文\n",
        "templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n{{ 7 ** 1000000 }}\n{% endblock %}\n",
    })
    code, text = _build(run_cli, source)
    assert code == 1, text
    assert re.search(r"^templates/page\.html:3: error: template error while rendering /: .*more than 4,300 digits",
                     text, re.M), text
    assert f"hint: this template {NUMBER}" in text


def test_output_without_bound_stops(tmp_path, run_cli):
    loop = ("{% for i in range(100000) %}{% for j in range(100000) %}" + "x" * 60 + "{% endfor %}{% endfor %}")
    code, text, before, after = _built_then_planted(
        tmp_path, run_cli, {"site.yml": SITE_YML, **BASE, "content/ja/index.md": "---\ntitle: ホーム\n---\n本文\n"},
        {"content/ja/index.md": f"---\ntitle: ホーム\n---\n本文\n\n{loop}\n"})
    assert code == 1, text
    assert re.search(r"^content/ja/index\.md(:\d+)?: error: template error: the template's output passes "
                     r"50,000,000 characters", text, re.M), text
    assert "a loop probably runs far more often than meant" in text
    assert after == before


def test_small_arithmetic_and_repetition_still_work(make_site):
    site = make_site({
        "site.yml": SITE_YML, **BASE,
        "content/ja/index.md": "---\ntitle: ホーム\n---\n"
                               "<p id=j>{{ 2 ** 10 }} {{ (2 ** 0.5) | round(3) }} {{ 'ab' * 3 }} {{ [1, 2] * 2 }} "
                               "{{ 3 * 4 }} {{ 'a' + 'b' }} {{ 7 % 3 }} {{ '%05d|%-4s|' % (42, 'x') }} "
                               "{{ '{:>6}|{:.2f}'.format('x', 3.14159) }} {{ 10 ** 4300 > 0 }} "
                               "{{ range(100000) | length }}</p>\n"
                               "<p id=f>{{ 'a' ~ 'b' ~ 1 }} {{ 'a-b' | replace('-', '==') }} {{ [1, 2] | join(', ') }} "
                               "{{ 'x' | center(5) }}|{{ '%s-%03d' | format('q', 7) }} {{ 'ab' | replace('', '-') }}</p>\n",
        "templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n"
                               "<p id=l>{{ '=' * 5 }}{{ 3 ** 3 }}</p>\n{{ page.content }}\n{% endblock %}\n",
    })
    main = site.main("/")
    assert main.select_one("#j").get_text() == \
        "1024 1.414 ababab [1, 2, 1, 2] 12 ab 1 00042|x   |      x|3.14 True 100000"
    assert main.select_one("#l").get_text() == "=====27"
    assert main.select_one("#f").get_text() == "ab1 a==b 1, 2   x  |q-007 -a-b-"


LIQUID_CASES = [
    ("nested-loops", "{% for i in (1..1000) %}{% for j in (1..1000) %}{% for k in (1..1000) %}{% endfor %}"
                     "{% endfor %}{% endfor %}", r"a loop runs more than 1,000,000 times", "check the loop's bounds"),
    ("append-doubling", "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}"
                        "{% endfor %}{{ s | size }}", r"the values this template assigns take more than 50 MB",
     "an `assign` or `capture` in a loop"),
    ("squaring", "{% assign x = 3 %}{% for i in (1..40) %}{% assign x = x | times: x %}{% endfor %}{{ x }}",
     r"`times` would make a number of more than 4,300 digits", f"this template {NUMBER}"),
    ("replace", "{% assign s = '" + "x" * 80 + "' %}{% assign s = s | replace: 'x', s %}"
                "{% assign s = s | replace: 'x', s %}{% assign s = s | replace: 'x', s %}{{ s | size }}",
     r"`replace` would make a text of more than 10,000,000 characters", "builds a text"),
    ("capture-doubling", "{% capture s %}xxxxxxxxxx{% endcapture %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}"
                         "{% endcapture %}{% endfor %}{{ s | size }}",
     r"the template writes more than 50,000,000 characters", "repeats far more often than meant"),
]


@pytest.mark.parametrize("name, body, message, hint", LIQUID_CASES, ids=[c[0] for c in LIQUID_CASES])
def test_a_liquid_body_that_computes_without_bound_fails(name, body, message, hint, tmp_path, run_cli):
    code, text, before, after = _built_then_planted(
        tmp_path, run_cli, {"site.yml": LIQUID_YML, **BASE, "content/ja/index.md": "---\ntitle: ホーム\n---\n本文\n"},
        {"content/ja/index.md": f"---\ntitle: ホーム\n---\n本文\n\n{body}\n"})
    assert code == 1, text
    assert re.search(rf"^content/ja/index\.md:6: error: Liquid error: {message}", text, re.M), text
    assert f"hint: {hint}" in text or hint in text, text
    assert after == before


def test_a_liquid_include_loop_names_its_file_once(tmp_path, run_cli):
    source = write_files(tmp_path / "site", {
        "site.yml": LIQUID_YML, **BASE,
        "content/ja/_includes/a.html": "{% include a.html %}\n",
        "content/ja/index.md": "---\ntitle: ホーム\n---\n本文\n\n{% include a.html %}\n",
    })
    code, text = _build(run_cli, source)
    assert code == 1
    assert re.search(r"^content/ja/_includes/a\.html:1: error: Liquid error: includes nested more than 30 deep: "
                     r"probably an include loop; included from content/ja/_includes/a\.html:1 \(\d+ times\), "
                     r"included from content/ja/index\.md:6 ", text, re.M), text


def test_small_liquid_arithmetic_and_replace_still_work(make_site):
    site = make_site({
        "site.yml": LIQUID_YML, **BASE,
        "content/ja/index.md": "---\ntitle: ホーム\n---\n"
                               "<p id=q>{{ 6 | times: 7 }} {{ 2.5 | times: 2 }} {{ 'a-b-c' | replace: '-', '==' }} "
                               "{% assign n = 0 %}{% for i in (1..1000) %}{% assign n = n | plus: i %}{% endfor %}"
                               "{{ n }}</p>\n",
    })
    assert site.main("/").select_one("#q").get_text() == "42 5.0 a==b==c 500500"
