"""Page bodies whose only template tags are plain includes are rendered
without compiling the body: the built pages are byte for byte what the
compiled body gives, and mistakes are reported at the same file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_files import write_files

from sitegen import content_templates
from sitegen.build import BuildOptions, build
from sitegen.errors import BuildError

SITE_YML = """
    title: {ja: テスト, en: Test}
    languages: [ja, en]
    default_language: ja
    base_url: https://example.org/
    params: {email: help@example.org}
"""


def page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\n---\n{body}"


PARTIALS = {
    "content/ja/_partials/note.md": "::: note\n{{ page.title }} ({{ lang }})\n:::\n",
    "content/ja/_partials/plain.md": "ただの文章。\n\n- 一\n- 二\n",
    "content/ja/_partials/outer.md": "外側\n{% include \"_partials/plain.md\" %}\n",
    "content/ja/_partials/loop.md": "{% for item in data.steps %}- {{ item }}\n{% endfor %}",
    "content/ja/_partials/no-newline.md": "末尾に改行なし",
    "content/en/_partials/note.md": "> English note for {{ page.title }}\n",
    "data/steps.yml": "[a, b, c]\n",
}

# name: (body, whether the body only includes partials)
BODIES = {
    "one include": ("{% include \"_partials/note.md\" %}\n\n本文。\n", True),
    "single quotes": ("前\n{% include '_partials/plain.md' %}後\n", True),
    "two includes on a line": ("{% include \"_partials/plain.md\" %}{% include \"_partials/note.md\" %}\n", True),
    "nested includes": ("{% include \"_partials/outer.md\" %}\n", True),
    "a partial with a loop over data": ("{% include \"_partials/loop.md\" %}\n", True),
    "no trailing newline": ("{% include \"_partials/no-newline.md\" %}", True),
    "kramdown ids": ("## 見出し {#heading}\n\n{% include \"_partials/plain.md\" %}\n\n段落 {: #p .c}\n", True),
    "tags in inline code": ("`{{ page.title }}` と `{% include \"x\" %}`\n\n{% include \"_partials/note.md\" %}\n", True),
    "an include in fenced code": ("```\n{% include \"_partials/missing.md\" %}\n```\n\n"
                                  "{% include \"_partials/plain.md\" %}\n", True),
    "an include in indented code": ("段落\n\n    {% include \"_partials/missing.md\" %}\n\n"
                                    "{% include \"_partials/plain.md\" %}\n", True),
    "endraw in code": ("```\n{% endraw %}\n```\n{% include \"_partials/plain.md\" %}\n", False),
    "an editor's raw block": ("{% raw %}{{ kept }}{% endraw %}\n{% include \"_partials/plain.md\" %}\n", True),
    "whitespace control": ("前\n\n{%- include \"_partials/plain.md\" -%}\n\n後\n", False),
    "include with parameters": ("{% include \"_partials/note.md\" part=\"a\" %}\n", False),
    "an expression": ("{{ site.params.email }}\n{% include \"_partials/plain.md\" %}\n", False),
    "a comment": ("{# メモ #}\n{% include \"_partials/plain.md\" %}\n", False),
    "a tag-only line": ("{% if page.title %}\n{% include \"_partials/plain.md\" %}\n{% endif %}\n", False),
}


def site_files() -> dict:
    files = {"site.yml": SITE_YML, **PARTIALS,
             "content/ja/index.md": page("ホーム", "ようこそ。\n"), "content/en/index.md": page("Home", "Welcome.\n")}
    for index, (body, _) in enumerate(BODIES.values()):
        files[f"content/ja/p{index}.md"] = page(f"頁{index}", body)
    files["content/en/p0.md"] = page("Page 0", "{% include \"_partials/note.md\" %}\n")  # its own language's partial
    files["content/en/p1.md"] = page("Page 1", "{% include \"_partials/plain.md\" %}\n")  # the default language's
    return files


def built_pages(root: Path, files: dict) -> dict[str, bytes]:
    source = write_files(root / "src", files)
    build(BuildOptions(source=source, out=root / "out", search=False, jobs=1))
    return {p.relative_to(root / "out").as_posix(): p.read_bytes() for p in sorted((root / "out").rglob("*.html"))}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """(pages as built, which bodies went the plain way, pages with every body compiled)."""
    plain_bodies = []
    render_plain = content_templates.render_plain

    def recording(env, body, variables):
        rendered = render_plain(env, body, variables)
        if rendered is not None:
            plain_bodies.append(body)
        return rendered
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(content_templates, "render_plain", recording)
        fast = built_pages(tmp_path_factory.mktemp("plain"), site_files())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(content_templates, "render_plain", lambda env, body, variables: None)
        compiled = built_pages(tmp_path_factory.mktemp("compiled"), site_files())
    return fast, plain_bodies, compiled


def test_every_page_is_byte_identical_to_the_compiled_body(outputs):
    fast, _, compiled = outputs
    assert fast.keys() == compiled.keys()
    for rel in compiled:
        assert fast[rel] == compiled[rel], rel


@pytest.mark.parametrize("name", BODIES)
def test_only_bodies_with_nothing_but_plain_includes_skip_the_compile(outputs, name):
    _, plain_bodies, _ = outputs
    body, plain = BODIES[name]
    assert (body in plain_bodies) is plain


def test_included_text_is_in_the_page(outputs):
    fast, _, _ = outputs
    assert "頁0 (ja)" in fast["p0/index.html"].decode()
    assert "English note for Page 0" in fast["en/p0/index.html"].decode()
    assert "ただの文章。" in fast["en/p1/index.html"].decode()  # found in the default language's folder
    fenced = fast["p8/index.html"].decode()
    assert "<code>{% include \"_partials/missing.md\" %}" in fenced  # code stays code


@pytest.mark.parametrize(("files", "where", "words"), [
    ({"content/ja/bad.md": page("x", "一行目\n\n{% include \"_partials/missing.md\" %}\n")},
     ("content/ja/bad.md", 6), "include not found: `_partials/missing.md`"),
    ({"content/ja/_partials/broken.md": "a\n{{ page.nothing_here.x }}\n",
      "content/ja/bad.md": page("x", "{% include \"_partials/broken.md\" %}\n")},
     ("content/ja/_partials/broken.md", 2), "template error"),
    ({"content/ja/_partials/self.md": "a\n{% include \"_partials/self.md\" %}\n",
      "content/ja/bad.md": page("x", "{% include \"_partials/self.md\" %}\n")},
     ("content/ja/_partials/self.md", 2), "include loop"),
])
def test_a_broken_include_is_reported_at_its_file_and_line(tmp_path, files, where, words):
    source = write_files(tmp_path / "src", {"site.yml": SITE_YML, "content/ja/index.md": page("ホーム", "本文\n"),
                                            **files})
    with pytest.raises(BuildError) as info:
        build(BuildOptions(source=source, out=tmp_path / "out", search=False, jobs=1))
    errors = [d for d in info.value.diagnostics if d.level == "error"]
    assert [(d.path, d.line) for d in errors] == [where]
    assert words in errors[0].message
