"""The front-matter schema declared in site.yml (``front_matter:``) is enforced
by ``build`` and reported by ``check``: each message names the file, the line
of the key, what was expected and what was found."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sitegen.build import BuildOptions, build
from sitegen.check import check_site
from sitegen.errors import BuildError

SITE_YML = """
    title: T
    languages: [ja, en]
    faq:
      categories: [zoom, account]
    front_matter:
      description: {type: string}
      audience: {allowed: [students, staff]}
      tags: {type: list, allowed: [zoom, mail]}
      faq/:
        category: {type: string, required: true}
        order: {type: integer}
        updated: {type: date}
"""
# line numbers in SITE_YML (after dedent and lstrip): description 6, audience 7, tags 8, category 10, order 11


def write(root: Path, files: dict[str, str]) -> Path:
    files = {"site.yml": SITE_YML, "content/ja/index.md": "---\ntitle: Home\n---\nhi\n", **files}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def build_errors(root: Path) -> list[str]:
    with pytest.raises(BuildError) as info:
        build(BuildOptions(source=root, out=root / "_site", search=False))
    assert not (root / "_site").exists()
    return [d.format() for d in info.value.diagnostics]


def test_a_valid_site_builds(tmp_path):
    root = write(tmp_path, {
        "content/ja/about.md": "---\ntitle: A\ndescription: text\naudience: staff\ntags: [zoom]\n---\nx\n",
        "content/ja/faq/q.md": "---\ntitle: Q\ncategory: zoom\norder: 2\nupdated: 2026-04-01\n---\nA\n",
        "content/ja/faq/index.md": "---\ntitle: FAQ\n---\nno category needed on the section page\n",
    })
    result = build(BuildOptions(source=root, out=tmp_path / "out", search=False))
    assert "faq/q/index.html" in result.files


def test_wrong_type_names_file_line_expected_and_found(tmp_path):
    root = write(tmp_path, {"content/ja/faq/q.md": "---\ntitle: Q\ncategory: zoom\norder: first\n---\nA\n"})
    errors = build_errors(root)
    assert errors == [
        ("content/ja/faq/q.md:4: error: front matter `order` must be a number, found a string `first` "
         "[front-matter-type]"),
    ]


def test_schema_type_narrower_than_the_builtin_one(tmp_path):
    root = write(tmp_path, {"content/ja/faq/q.md": "---\ntitle: Q\ncategory: zoom\norder: 1.5\n---\nA\n"})
    errors = build_errors(root)
    assert len(errors) == 1
    assert errors[0].startswith("content/ja/faq/q.md:4: error: front matter `order` must be a whole number, "
                                "found a number `1.5` [front-matter-type]")
    assert "hint: declared in site.yml:11" in errors[0]


def test_custom_key_type_and_date(tmp_path):
    root = write(tmp_path, {
        "content/ja/about.md": "---\ntitle: A\ndescription: [not, text]\n---\nx\n",
        "content/ja/faq/q.md": "---\ntitle: Q\ncategory: zoom\nupdated: yesterday\n---\nA\n",
    })
    text = "\n".join(build_errors(root))
    assert "content/ja/about.md:3: error: front matter `description` must be a string, found a list" in text
    assert ("content/ja/faq/q.md:4: error: front matter `updated` must be a date (YYYY-MM-DD), "
            "found a string `yesterday` [front-matter-type]") in text
    assert "declared in site.yml:" in text


def test_allowed_values_with_suggestion(tmp_path):
    root = write(tmp_path, {
        "content/ja/about.md": "---\ntitle: A\naudience: stafff\ntags: [zoom, mial]\n---\nx\n",
    })
    text = "\n".join(build_errors(root))
    assert ("content/ja/about.md:3: error: front matter `audience` is `stafff`, expected one of: students, staff "
            "[front-matter-value]") in text
    assert "did you mean `staff`?" in text
    assert "content/ja/about.md:4: error: front matter `tags` is `mial`, expected one of: zoom, mail" in text


def test_required_per_section_only(tmp_path):
    root = write(tmp_path, {
        "content/ja/faq/q.md": "---\ntitle: Q\n---\nA\n",
        "content/en/faq/q.md": "---\ntitle: Q\n---\nA\n",
        "content/ja/faq/index.md": "---\ntitle: FAQ\n---\nthe section page is not an entry\n",
        "content/ja/other.md": "---\ntitle: Other\n---\nno category outside faq/\n",
    })
    errors = [e for e in build_errors(root) if "front-matter-required" in e]
    message = "error: front matter is missing `category` (required for pages under faq/) [front-matter-required]"
    assert [e.splitlines()[0] for e in errors] == [
        f"content/en/faq/q.md:1: {message}",
        f"content/ja/faq/q.md:1: {message}",
    ]
    assert "hint: add `category:` to the front matter (site.yml:10)" in errors[0]


def test_check_reports_the_same_problems_for_every_page_at_once(tmp_path):
    root = write(tmp_path, {
        "content/ja/about.md": "---\ntitle: A\naudience: teachers\n---\nx\n",
        "content/ja/faq/q.md": "---\ntitle: Q\ncategory: zoom\norder: first\n---\nA\n",
        "content/ja/faq/r.md": "---\ntitle: R\n---\nA\n",
    })
    report = check_site(root)
    found = {(d.path, d.line, d.rule) for d in report.findings}
    assert found >= {
        ("content/ja/about.md", 3, "front-matter-value"),
        ("content/ja/faq/q.md", 4, "front-matter-type"),
        ("content/ja/faq/r.md", 1, "front-matter-required"),
    }
    assert report.exit_code == 1


def test_a_bad_schema_is_a_config_error_with_its_line(tmp_path):
    root = write(tmp_path, {"site.yml": """
        title: T
        front_matter:
          order: {type: integr}
          tags: {allowed: zoom}
    """})
    text = "\n".join(build_errors(root))
    assert "site.yml:3: error: unknown type `integr` for `order`" in text
    assert "site.yml:4: error: `allowed` for `tags` must be a list" in text
