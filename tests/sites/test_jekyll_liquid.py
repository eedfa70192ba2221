"""Liquid page bodies (``templates: liquid``) with Jekyll's tags and filters:
small sites written inline, built, and asserted on their pages."""

from __future__ import annotations

import shutil

import pytest

from sitegen.build import BuildOptions, build
from sitegen.errors import BuildError
from site_files import write_files

SITE_YML = """
    title: {ja: テスト, en: Test}
    languages: [ja, en]
    base_url: https://example.org/docs/
    templates: liquid
    compat: jekyll
"""


def page(title: str, body: str, **front) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in front.items())
    return f"---\ntitle: {title}\n{extra}---\n{body}"


@pytest.fixture
def liquid_site(make_site):
    def make(files: dict, **options):
        return make_site({"site.yml": SITE_YML, **files}, **options)
    return make


def text(site, url: str) -> str:
    return " ".join(site.main(url).get_text().split())


def test_include_with_parameters_and_shared_variables(liquid_site):
    site = liquid_site({
        "content/ja/_includes/procedures/account.html": (
            '{% assign part = include.part %}{% assign system = "UTokyo Account" %}'
            '<p class="proc">{{ system }}:{{ include.part }}:{{ include.n }}</p>\n'
            '{% include procedures/_step.html heading="最初" %}\n'),
        "content/ja/_includes/procedures/_step.html": '<p class="step">{{ include.heading }}/{{ part }}/{{ include.part }}</p>\n',
        "content/ja/oc/index.md": page("オンライン授業", (
            '{% assign count = 3 %}\n'
            '{% include procedures/account.html part="important" n=count %}\n\n'
            'after: {{ system }}\n')),
    })
    main = site.main("/oc/")
    assert main.select_one("p.proc").get_text() == "UTokyo Account:important:3"
    # the nested include sees its own parameters and the page's (and the first include's) variables
    assert main.select_one("p.step").get_text() == "最初/important/"
    assert "after: UTokyo Account" in text(site, "/oc/")  # assign inside an include reaches the page


def test_english_page_includes_from_the_default_language_and_its_own(liquid_site):
    site = liquid_site({
        "content/ja/_includes/note.html": "<p class=note>共通</p>\n",
        "content/en/_includes/only-en.html": "<p class=en>English include</p>\n",
        "content/en/a.md": page("A", "{% include note.html %}\n{% include only-en.html %}\n"),
    })
    assert site.main("/en/a/").select_one("p.note").get_text() == "共通"
    assert site.main("/en/a/").select_one("p.en") is not None


def test_include_relative_reads_partials_next_to_the_page(liquid_site):
    site = liquid_site({
        "content/en/change/index.md": page("Change", "### Zoom\n\n{% include_relative _zoom.md %}\n"),
        "content/en/change/_zoom.md": "Sign in with **SSO** ({{ page.title }}).\n",
    })
    assert site.main("/en/change/").find("strong").get_text() == "SSO"
    assert "(Change)" in text(site, "/en/change/")
    assert not site.exists("/en/change/_zoom/") and not site.exists("/en/change/_zoom.md")


def test_capture_case_unless_contains_comment_raw(liquid_site):
    site = liquid_site({
        "content/ja/oc/index.md": page("OC", """\
{% capture about %}東大の**共通ID**です{% endcapture %}
- UTokyo Account：{{ about }}

{% case page.slug %}{% when "oc" %}<p id=case>oc!</p>{% when "x" %}<p id=case>x</p>{% else %}<p id=case>other</p>{% endcase %}

{% unless page.url contains '/en/' %}<p id=unless>ja page</p>{% endunless %}

{% comment %} {{ never }} {% include missing.html %} {% endcomment %}

{% raw %}<p id=raw>{{ kept }}</p>{% endraw %}
""", slug="oc"),
    })
    main = site.main("/oc/")
    assert "東大の共通IDです" in main.get_text() and main.find("strong").get_text() == "共通ID"
    assert main.select_one("#case").get_text() == "oc!"
    assert main.select_one("#unless").get_text() == "ja page"
    assert main.select_one("#raw").get_text() == "{{ kept }}"
    assert "never" not in main.get_text()
    assert site.result.warnings == [] or all("never" not in d.message for d in site.result.warnings)


def test_for_over_site_pages_with_front_matter_and_sitemap_false(liquid_site):
    site = liquid_site({
        "content/ja/zoom/b.md": page("B のページ", "b"),
        "content/ja/zoom/a.md": page("A のページ", "a", sitemap="false"),
        "content/ja/zoom/index.md": page("Zoom", "z"),
        "content/en/zoom/index.md": page("Zoom (en)", "z"),
        "content/ja/sitemap/index.md": page("サイトマップ", """\
{% assign pages = site.pages | sort: 'url' %}
<ul id=map>{% for p in pages %}{% unless p.url contains '/en/' or p.sitemap == false %}{% if p.url contains '/zoom/' %}<li><a href="{{ p.url | replace: '.html', '' }}">{{ p.title }}</a></li>{% endif %}{% endunless %}{% endfor %}</ul>
""", sitemap="false"),
    })
    links = [(a["href"], a.get_text()) for a in site.main("/sitemap/").select("#map a")]
    # sorted by url; the base path is added by the link step; sitemap: false and English pages left out
    assert links == [("/docs/zoom/", "Zoom"), ("/docs/zoom/b/", "B のページ")]


def test_site_data_in_jekylls_shape_and_markdownify(liquid_site):
    site = liquid_site({
        "data/contacts.ja.yml": "- name: 窓口\n  note: '**平日**のみ'\n",
        "data/links.yml": "home: /\n",
        "content/ja/a.md": page("A", """\
<ul id=c>{% for c in site.data.contacts.ja %}<li>{{ c.name }}: {{ c.note | markdownify | remove: '<p>' | remove: '</p>' | strip }}</li>{% endfor %}</ul>
<p id=missing>[{% for x in site.data.notice.ja %}{{ x }}{% endfor %}]</p>
"""),
    })
    main = site.main("/a/")
    assert main.select_one("#c li").decode_contents() == "窓口: <strong>平日</strong>のみ"
    assert main.select_one("#missing").get_text() == "[]"  # a lookup Jekyll lets fall through to nothing


def test_url_filters_default_where_and_date(liquid_site):
    site = liquid_site({
        "content/ja/team/x.md": page("X", "x", role="staff"),
        "content/ja/team/y.md": page("Y", "y", role="student"),
        "content/ja/a.md": page("A", """\
<p id=rel>{{ '/zoom/' | relative_url }}</p>
<p id=abs>{{ '/zoom/' | absolute_url }}</p>
<p id=def>{{ page.subtitle | default: 'なし' }}</p>
<p id=where>{% assign staff = site.pages | where: 'role', 'staff' %}{% for p in staff %}{{ p.title }}{% endfor %}</p>
<p id=date>{{ page.updated | date: '%Y年%m月%d日' }} {{ page.updated | date_to_xmlschema }}</p>
""", updated="2023-07-25"),
    })
    main = site.main("/a/")
    assert main.select_one("#rel").get_text() == "/zoom/"
    assert main.select_one("#abs").get_text() == "https://example.org/docs/zoom/"
    assert main.select_one("#def").get_text() == "なし"
    assert main.select_one("#where").get_text() == "X"
    assert main.select_one("#date").get_text() == "2023年07月25日 2023-07-25T00:00:00"


def test_undefined_is_nil_but_a_name_defined_nowhere_is_a_warning(liquid_site):
    site = liquid_site({
        "content/ja/other.md": page("Other", "x", subtitle="sub"),
        "content/ja/a.md": page("A", "line two\n<p id=a>[{{ page.subtitle }}]</p>\n<p id=b>[{{ about_zom }}]</p>\n"
                                     "<p id=c>{{ 'x' | no_such_filter }}</p>\n"),
    })
    main = site.main("/a/")
    assert main.select_one("#a").get_text() == "[]" and main.select_one("#b").get_text() == "[]"
    messages = [(d.path, d.line, d.message) for d in site.result.warnings]
    assert ("content/ja/a.md", 6, "`{{ about_zom }}` prints nothing: `about_zom` is defined nowhere in the site") \
        in messages
    assert not any("subtitle" in m for _, _, m in messages)  # another page defines it: nil, as in Jekyll
    assert any(p == "content/ja/a.md" and ln == 7 and "unknown Liquid filter `no_such_filter`" in m
               for p, ln, m in messages)
    assert main.select_one("#c").get_text() == "x"


def test_error_inside_an_include_names_its_line_and_the_including_page(tmp_path):
    source = write_files(tmp_path / "src", {
        "site.yml": SITE_YML,
        "content/ja/_includes/broken.html": "<p>\n{% unless include.part == 'a' %}\nx\n{% endif %}\n",
        "content/ja/_includes/outer.html": "{% include broken.html part='b' %}\n",
        "content/en/oc/index.md": page("OC", "intro\n\n{% include outer.html %}\n"),
        "content/ja/ok.md": page("OK", "fine"),
    })
    with pytest.raises(BuildError) as info:
        build(BuildOptions(source=source, out=tmp_path / "out", search=False))
    errors = [d for d in info.value.diagnostics if d.level == "error"]
    assert len(errors) == 1
    error = errors[0]
    assert (error.path, error.line) == ("content/ja/_includes/broken.html", 4)
    assert "Liquid syntax error" in error.message and "endif" in error.message
    assert "included from content/ja/_includes/outer.html:1, included from content/en/oc/index.md:6" in error.message
    assert not (tmp_path / "out").exists()  # the default build is all-or-nothing

    result = build(BuildOptions(source=source, out=tmp_path / "out", search=False, keep_going=True))
    assert (tmp_path / "out" / "ok" / "index.html").is_file()
    assert result.failed == [("content/en/oc/index.md", 6)]
    assert [d.path for d in result.errors] == ["content/ja/_includes/broken.html"]


def test_includes_are_sandboxed(tmp_path, liquid_site):
    outside = tmp_path / "secret.html"
    outside.write_text("<p>SECRET</p>\n", encoding="utf-8")
    files = {
        "content/ja/_includes/ok.html": "<p>ok</p>\n",
        "content/ja/a.md": page("A", "{% include ../../../site.yml %}\n"),
        "content/ja/b.md": page("B", "{% include /etc/passwd %}\n"),
        "content/ja/d.md": page("D", "{% include_relative ../site.yml %}\n"),
        "content/ja/e.md": page("E", "<p id=e>[{{ page.__class__ }}{{ site.pages.__class__ }}{{ page.title.upper }}]</p>\n"),
    }
    source = write_files(tmp_path / "src", {"site.yml": SITE_YML, **files})
    result = build(BuildOptions(source=source, out=tmp_path / "out", search=False, keep_going=True))
    failed = {path for path, _ in result.failed}
    assert failed == {"content/ja/a.md", "content/ja/b.md", "content/ja/d.md"}
    messages = " ".join(d.message for d in result.errors)
    assert "may not be absolute or contain `..`" in messages
    assert "SECRET" not in messages and "title:" not in messages
    from bs4 import BeautifulSoup

    e = BeautifulSoup((tmp_path / "out/e/index.html").read_text(encoding="utf-8"), "lxml")
    assert e.select_one("#e").get_text() == "[]"  # no attribute access into Python objects


def test_liquid_reaches_no_python_and_no_file(tmp_path, liquid_site):
    """Values are read by item lookup only: no attribute of a Python object
    (the dunder names print nothing, with a warning); Liquid's own `render`
    tag has no loader, so it reads no file at all."""
    probes = ("{{ page.title.__class__ }}|{{ site.pages.first.__dict__ }}|{{ page.items }}|{{ page.title.upper }}|"
              "{{ page['__class__'] }}|{{ site.data.__class__.__name__ }}|{{ page | map: '__init__' }}|"
              "{{ site.pages.size }}")
    files = {
        "content/ja/e.md": page("E", f"<p id=e>[{probes}]</p>\n"),
        "content/ja/r.md": page("R", "{% render 'site.yml' %}\n"),
    }
    source = write_files(tmp_path / "src", {"site.yml": SITE_YML, **files})
    result = build(BuildOptions(source=source, out=tmp_path / "out", search=False, keep_going=True))
    assert {path for path, _ in result.failed} == {"content/ja/r.md"}
    [problem] = result.errors
    assert problem.path == "content/ja/r.md" and "title:" not in problem.message
    from bs4 import BeautifulSoup

    e = BeautifulSoup((tmp_path / "out/e/index.html").read_text(encoding="utf-8"), "lxml")
    assert e.select_one("#e").get_text() == "[|||||||2]"
    assert any("`__class__` is defined nowhere in the site" in w.message for w in result.warnings)


@pytest.mark.parametrize("link", ["content/ja/_includes/link.html", "content/ja/_includes"])
def test_an_include_linked_from_outside_fails_the_build(tmp_path, liquid_site, link):
    """A link out of the site in the include folders (a file, or the folder itself)
    is an error naming it, before any page renders; nothing is read from it."""
    outside = write_files(tmp_path / "outside", {"link.html": "<p>SECRET</p>\n"})
    files = {"content/ja/_includes/ok.html": "<p>ok</p>\n", "content/ja/c.md": page("C", "{% include link.html %}\n")}
    source = write_files(tmp_path / "src", {"site.yml": SITE_YML, **files})
    if link.endswith("_includes"):
        shutil.rmtree(source / link)
        (source / link).symlink_to(outside)
    else:
        (source / link).symlink_to(outside / "link.html")
    with pytest.raises(BuildError) as caught:
        build(BuildOptions(source=source, out=tmp_path / "out", search=False, keep_going=True))
    [problem] = caught.value.diagnostics
    assert problem.path == link and "is a symbolic link to" in problem.message
    assert "outside the site's source folders" in problem.message and "SECRET" not in problem.message
    assert not (tmp_path / "out").exists()


def test_liquid_is_not_used_by_native_sites(make_site):
    site = make_site({
        "site.yml": "title: T\nlanguages: [ja, en]\n",
        "content/ja/a.md": page("A", '{% if page.slug == "a" %}<p id=j>jinja</p>{% endif %}\n'),
    })
    assert site.main("/a/").select_one("#j").get_text() == "jinja"


def test_site_pages_change_reaches_every_page_in_an_incremental_build(tmp_path):
    from sitegen.incremental import build_incremental

    source = write_files(tmp_path / "src", {
        "site.yml": SITE_YML,
        "content/ja/x.md": page("Old title", "x"),
        "content/ja/map.md": page("Map", "<p id=m>{% for p in site.pages %}{{ p.title }};{% endfor %}</p>\n"),
    })
    options = BuildOptions(source=source, out=tmp_path / "out", search=False)
    build_incremental(options)
    (source / "content/ja/x.md").write_text(page("New title", "x"), encoding="utf-8")
    build_incremental(options)
    html = (tmp_path / "out/map/index.html").read_text(encoding="utf-8")
    assert "New title;" in html and "Old title" not in html
