"""sitegen.links: the one HTML parse behind link rewriting, the Markdown link
list and ``sitegen check``; srcset candidates; in-place rewriting."""

from __future__ import annotations

import random

import pytest

from sitegen.links import rewrite, scan, srcset_urls
from sitegen.links.srcset import replace_srcset
from sitegen.markdown import create_markdown, render_markdown
from sitegen.markdown.links import render_with_links


def urls(text: str) -> list[tuple[str, str, str]]:
    return [(u.tag, u.name, url) for u in scan(text).urls for url in u.urls]


# --- what is a link ------------------------------------------------------------

def test_every_url_bearing_attribute_is_found_once():
    text = ('<a href="a.html">a</a><img src="i.png" srcset="i.png 1x, i2.png 2x">'
            '<picture><source srcset="w.png 800w" media="(min-width: 1px)"><img src="p.png"></picture>'
            '<video poster="v.png" src="v.mp4"><source src="v.webm"><track src="t.vtt"></video>'
            '<audio src="s.mp3"></audio><iframe src="f.html"></iframe><embed src="e.swf"><object data="o.pdf"></object>'
            '<link rel="stylesheet" href="c.css"><script src="j.js"></script><form action="/s/"></form>'
            '<svg><a href="svg.html"></a><image xlink:href="x.png"/></svg><area href="m.html">')
    assert urls(text) == [
        ("a", "href", "a.html"), ("img", "src", "i.png"), ("img", "srcset", "i.png"), ("img", "srcset", "i2.png"),
        ("source", "srcset", "w.png"), ("img", "src", "p.png"), ("video", "poster", "v.png"),
        ("video", "src", "v.mp4"), ("source", "src", "v.webm"), ("track", "src", "t.vtt"),
        ("audio", "src", "s.mp3"), ("iframe", "src", "f.html"), ("embed", "src", "e.swf"),
        ("object", "data", "o.pdf"), ("link", "href", "c.css"), ("script", "src", "j.js"),
        ("form", "action", "/s/"), ("a", "href", "svg.html"), ("image", "xlink:href", "x.png"),
        ("area", "href", "m.html"),
    ]


@pytest.mark.parametrize("text", [
    '<!-- <a href="old.html">old</a> -->',
    '<!--\n<img src="old.png">\n\n<a href="old.html">\n-->',
    '<!---->x<!-- <a href="old.html"> --!>',
    "<script>document.write('<a href=\"s.html\">')</script>",
    '<style>a[href="x.html"] { color: red }</style>',
    '<textarea><a href="t.html"></textarea>',
    '<pre><code>&lt;a href="c.html"&gt;</code></pre>',
    '<svg><![CDATA[<a href="cdata.html">]]></svg>',
])
def test_what_is_not_markup_is_no_link(text):
    assert scan(text).urls == []
    assert rewrite(text, lambda url, attribute: "/CHANGED/") == text


def test_markup_inside_pre_is_markup():
    assert urls('<pre><a href="real.html">x</a></pre>') == [("a", "href", "real.html")]


def test_values_are_decoded_as_a_browser_does():
    found = scan("<a HREF='/s?a=1&amp;b=2'>x</a><a href=/u?c=&copy=1>y</a>").urls
    assert [u.value for u in found] == ["/s?a=1&b=2", "/u?c=&copy=1"]  # no legacy entity in attributes


def test_an_element_reopened_by_the_parser_is_not_counted_twice():
    # <a> is a formatting element: the parser reopens it inside the <p>
    assert urls('<a href="x.html"><p>text</a>') == [("a", "href", "x.html")]
    assert [ident for ident, _, _ in scan('<b id="one"><p>x</b>').ids] == ["one"]


def test_lines_and_columns():
    found = scan('<p>\n  <a\n   href="x.html">x</a></p>')
    (attribute,) = found.urls
    assert (attribute.line, attribute.tag_line, attribute.tag_col) == (3, 2, 3)


# --- srcset ---------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
    ("  a.png   480w ,b.png 800w", ["a.png", "b.png"]),
    ("a.png, b.png,", ["a.png", "b.png"]),  # a trailing comma ends a URL ...
    ("a.png,b.png", ["a.png,b.png"]),  # ... one inside it does not (HTML's rule)
    ("a.png", ["a.png"]),
    ("data:image/png;base64,iVBOR 1x, b.png 2x", ["data:image/png;base64,iVBOR", "b.png"]),
    ("a.png (max-width: 1px, 2px) 1x, b.png", ["a.png", "b.png"]),  # a comma in parentheses
    (",, ,", []),
    ("", []),
])
def test_srcset_candidates(value, expected):
    assert srcset_urls(value) == expected


def test_srcset_rewrite_keeps_descriptors_and_spacing():
    assert replace_srcset(" a.png  1x ,b.png 2x", lambda url: "/x/" + url) == " /x/a.png  1x ,/x/b.png 2x"
    assert replace_srcset("a.png 1x, b.png 2x", lambda url: None) == "a.png 1x, b.png 2x"


# --- rewriting in place ------------------------------------------------------

def test_only_changed_values_are_written_again():
    text = "日本語😀\r\n<img  alt='図'  src = 'a.png' srcset=\"a.png 1x, b.png 2x\">\r\n<a href=x.md title=t>x</a>"
    new = rewrite(text, lambda url, attribute: None if url == "b.png" else "/p/" + url)
    assert new == ("日本語😀\r\n<img  alt='図'  src = \"/p/a.png\" srcset=\"/p/a.png 1x, b.png 2x\">\r\n"
                   "<a href=\"/p/x.md\" title=t>x</a>")


def test_new_values_are_escaped():
    assert rewrite('<a href="x">', lambda url, a: '/a?b=1&c="2"') == '<a href="/a?b=1&amp;c=&quot;2&quot;">'


def test_text_without_urls_is_not_parsed_or_changed():
    assert rewrite("<p>plain</p>", lambda url, a: pytest.fail("no URL here")) == "<p>plain</p>"


def _outside_values(text: str) -> list[str]:
    pieces, last = [], 0
    for attribute in scan(text).urls:
        if attribute.start >= last:
            pieces.append(text[last:attribute.start])
            last = attribute.end
    return pieces + [text[last:]]


def test_random_markup_never_raises_and_only_values_change():
    rng = random.Random(17)
    pieces = ["<a href=", '"x.md"', "'y'", "<img src=z srcset='a 1x, b 2x'>", "<!--", "-->", "<script>",
              "</script>", "<", ">", "&amp;", "\r\n", "\n", " ", "日本", "<video poster=p>", "\x00", '"', "=",
              "<svg>", "<![CDATA[", "]]>", "<textarea>", "</textarea>", "<pre>", "http://[zz", "😀", "<a href>"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert rewrite(text, lambda url, attribute: url) == text
        changed = rewrite(text, lambda url, attribute: "Q")
        assert _outside_values(changed) == _outside_values(text), text
        assert all(url == "Q" for u in scan(changed).urls if u.start >= 0 for url in u.urls), text


# --- Markdown: links and ids from the rendered output ----------------------

KITCHEN_SINK = """\
# Title {#top}

Text with [a link](x.md "t"), ![image](i.png), <https://example.org>, www.example.com,
日本語の文
[日本語](ja.md)の続き。[^1]

<div class="x" markdown="1">
**bold** [inner](inner.md)
</div>

<!-- <a href="old.html"> -->

| a | b |
| - | - |
| [cell](cell.md) | <img src="c.png" srcset="c.png 1x, c2.png 2x"> |

::: note
[in a note](note.md)
:::

term
: [definition](def.md)

- [x] task [t](t.md)

```html
<a href="code.html">
```

{::nomarkdown}
<video poster="p.png" src="v.mp4"></video>
{:/nomarkdown}

[^1]: A footnote with [a link](fn.md).
"""


def test_tracked_rendering_is_the_renderer_s_output():
    md = create_markdown()
    env_a, env_b = {"lang": "ja"}, {"lang": "ja"}
    expected = md.renderer.render(md.parse(KITCHEN_SINK, env_a), md.options, env_a)
    html, _, _ = render_with_links(md, md.parse(KITCHEN_SINK, env_b), env_b)
    assert html == expected


def test_every_written_link_with_its_line_and_none_from_comments_or_code():
    result = render_markdown(KITCHEN_SINK, linkify=True)  # bare www.example.com is a link only with linkify
    assert [(link.href, link.line, link.kind) for link in result.links] == [
        ("x.md", 3, "link"), ("i.png", 3, "image"), ("https://example.org", 3, "link"),
        ("http://www.example.com", 3, "link"), ("ja.md", 5, "link"), ("inner.md", 8, "link"),
        ("cell.md", 15, "link"), ("c.png", 15, "image"), ("c.png", 15, "image"), ("c2.png", 15, "image"),
        ("note.md", 18, "link"), ("def.md", 22, "link"), ("t.md", 24, "link"), ("p.png", 31, "image"),
        ("v.mp4", 31, "file"), ("fn.md", 34, "link"),
    ]
    assert "top" in result.ids and "fn1" in result.ids
