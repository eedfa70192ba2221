"""Templates are sandboxed: a page body, an include, a site layout or the
theme reaches no Python internals.  ``{{ ''.__class__.__mro__ }}`` and its
relatives are an error naming the file and line, nothing is written, and a
payload that would write a marker file writes nothing."""

from __future__ import annotations

import itertools
import re

import pytest

from site_files import write_files

SITE = {
    "site.yml": "title: {ja: テスト, en: Test}\nlanguages: [ja, en]\nbase_url: https://example.org/\n",
    "content/ja/index.md": "---\ntitle: ホーム\n---\n本文\n",
    "content/en/index.md": "---\ntitle: Home\n---\nText\n",
}


def _payload(marker) -> str:
    return f"cycler.__init__.__globals__.os.system('touch {marker}')"


BODY_CASES = [
    ("mro", "{{ ''.__class__.__mro__[1].__subclasses__() }}", r"`__class__` of a str value"),
    ("page-class", "{{ page.__class__ }}", r"`__class__` of a `_TemplatePage` value"),
    ("site-init", "{{ site.__init__.__globals__ }}", r"`__init__` of a `_TemplateSite` value"),
    ("format", "{{ '{0.__class__}'.format(page) }}", r"`__class__`"),
    ("attr-filter", "{{ page | attr('__class__') }}", r"`__class__`"),
    ("payload", None, r"`__init__` of a class"),
]


def _build(run_cli, source):
    code, out, err = run_cli("build", "--source", source, "--no-search")
    assert "Traceback" not in out + err
    return code, out + err


@pytest.mark.parametrize("name, expression, message", BODY_CASES, ids=[c[0] for c in BODY_CASES])
def test_page_body_cannot_reach_python(name, expression, message, tmp_path, run_cli):
    marker = tmp_path / "MARKER"
    expression = expression or "{{ " + _payload(marker) + " }}"
    source = write_files(tmp_path / "site", {**SITE, "content/ja/a.md": f"---\ntitle: A\n---\n本文\n\n{expression}\n"})
    code, text = _build(run_cli, source)
    assert code == 1, text
    assert re.search(rf"^content/ja/a\.md:6: error: template error: .*{message}.* is not available to templates",
                     text, re.M), text
    assert "hint: templates read the values sitegen gives them" in text
    assert not (source / "_site").exists() and not marker.exists()


def test_an_include_cannot_reach_python(tmp_path, run_cli):
    marker = tmp_path / "MARKER"
    source = write_files(tmp_path / "site", {
        **SITE,
        "content/ja/_partials/p.md": "部品\n{{ " + _payload(marker) + " }}\n",
        "content/ja/a.md": "---\ntitle: A\n---\n{% include \"_partials/p.md\" %}\n",
    })
    code, text = _build(run_cli, source)
    assert code == 1 and not marker.exists()
    assert re.search(r"^content/ja/_partials/p\.md:2: error: template error: `__init__` of a class", text,
                     re.M), text


LAYOUT_CASES = [
    ("page-class", "{{ page.__class__ }}", r"`__class__` of a `PageView` value"),
    ("globals", "{{ url.__globals__ }}", r"`__globals__` of a method"),
    ("lipsum", "{{ lipsum.__globals__['os'] }}", r"`__globals__` of a function"),
    ("mro", "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}", r"`__class__` of a str value"),
    ("payload", None, r"`__init__` of a class"),
]


@pytest.mark.parametrize("name, expression, message", LAYOUT_CASES, ids=[c[0] for c in LAYOUT_CASES])
def test_layouts_cannot_reach_python(name, expression, message, tmp_path, run_cli):
    """Layouts print an absent key as nothing, but an unsafe attribute is an error."""
    marker = tmp_path / "MARKER"
    expression = expression or "{{ " + _payload(marker) + " }}"
    source = write_files(tmp_path / "site", {
        **SITE,
        "templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n" + expression + "\n{% endblock %}\n",
    })
    code, text = _build(run_cli, source)
    assert code == 1, text
    assert re.search(rf"^templates/page\.html:3: error: template error while rendering /: .*{message} is not "
                     r"available to templates \(sandbox\)", text, re.M), text
    assert not (source / "_site").exists() and not marker.exists()


def test_what_templates_may_do_still_works(make_site):
    """Public attributes, methods, filters, dict methods, macros and the
    translator work inside the sandbox."""
    site = make_site({
        **SITE,
        "data/links.yml": "- {name: A, url: /a/}\n- {name: B, url: /b/}\n",
        "content/ja/a.md": "---\ntitle: Aページ\ntags: [x, y]\n---\n"
                           "<p id=b>{{ page.title | upper }} {{ page.tags | join(',') }} "
                           "{% for l in data.links %}{{ l.name }}={{ l.url }};{% endfor %} "
                           "{{ '%s-%s' | format(page.slug, site.lang) }} {{ '{}!'.format(page.lang) }}</p>\n",
        "templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n"
                               "{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}"
                               "<p id=l>{{ m(page.title) }} {{ page.content | length > 0 }} "
                               "{{ site.languages | map(attribute='code') | join(',') }} {{ url('/a/') }}</p>\n"
                               "{{ page.content }}\n{% endblock %}\n",
    })
    main = site.main("/a/")
    assert main.select_one("#b").get_text() == "APAGE x,y A=/a/;B=/b/; a-ja ja!".replace("APAGE", "Aページ".upper())
    assert main.select_one("#l").get_text() == "Aページ True ja,en /a/"


def test_the_sandbox_decides_as_jinjas():
    """sitegen's sandbox answers each attribute once per type, with Jinja's decisions."""
    import types

    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    from sitegen.sandbox import SecurityError, TemplateSandbox

    def gen():
        yield 1

    class Plain:
        x = 1

        def method(self):
            return 1

    generator = gen()
    objects = [1, "s", Markup("m"), [1], {"a": 1}, Plain(), Plain, Plain().method, len, lambda: 0, generator,
               (lambda: 0).__code__, type, str.upper, "x".upper, ("a",), None, 1.5, types.SimpleNamespace(a=1)]
    names = ["upper", "mro", "func_code", "im_func", "gi_frame", "gi_code", "__class__", "_x", "a", "x", "method",
             "__globals__", "format", "items", "__init__"]
    jinja, ours = SandboxedEnvironment(), TemplateSandbox()
    for obj, name in itertools.product(objects, names):
        assert ours.is_safe_attribute(obj, name, None) == jinja.is_safe_attribute(obj, name, None), (obj, name)
        expected = jinja.getattr(obj, name)
        if isinstance(expected, jinja.undefined) and "unsafe" in str(getattr(expected, "_undefined_hint", "")):
            with pytest.raises(SecurityError):
                ours.getattr(obj, name)
        elif isinstance(expected, jinja.undefined):
            assert isinstance(ours.getattr(obj, name), ours.undefined)
        elif callable(expected) and getattr(expected, "__name__", "") in ("format", "format_map"):
            assert ours.getattr(obj, name)("{}", 1) == expected("{}", 1)
        else:
            assert ours.getattr(obj, name) == expected, (obj, name)
