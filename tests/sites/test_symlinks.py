"""Symbolic links: nothing outside the site's source folders is read,
published or shown in a message.

A link that leaves the sources (``content/ja/env.txt -> /proc/self/environ``,
a folder link out, a link into ``.git/``) fails ``build`` and ``check`` with
an error naming the link; the previous output stays as it was and the
secret's text appears nowhere.  A link to another file of the site is
followed (a shared image), a link to a folder inside the site is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from site_files import write_files

SECRET = "SECRET-TOKEN-5f1e"

SITE = {
    "site.yml": """
        title: {ja: テスト, en: Test}
        languages: [ja, en]
        default_language: ja
        base_url: https://example.org/
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\n本文\n",
    "content/en/index.md": "---\ntitle: Home\n---\nText\n",
    "content/ja/img/logo.png": b"\x89PNG\r\n\x1a\nlogo",
}


def _secret_folder(tmp_path: Path) -> Path:
    return write_files(tmp_path / "outside", {
        "secret.txt": f"TOKEN={SECRET}\n",
        "secret.md": f"---\ntitle: {SECRET}\n---\n{SECRET}\n",
        "secret.yml": f"title: {SECRET}\nkey: {SECRET}\n",
        "secret.html": f"<p>{SECRET}</p>\n",
        "secret.css": f"/* {SECRET} */\n",
    })


def _link(rel: str, target: str):
    """A link at ``rel`` (inside the site) to ``target``: a name in the outside folder,
    or a path relative to the link's folder when it starts with ``.``."""
    def apply(source: Path, outside: Path) -> None:
        path = source / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        os.symlink(target if target.startswith(".") else outside / target if target else outside, path)
    return apply


CASES = [
    ("static-file", "content/ja/env.txt", "secret.txt"),
    ("page", "content/ja/leak.md", "secret.md"),
    ("partial", "content/ja/_partials/leak.md", "secret.md"),
    ("folder", "content/ja/docs", ""),
    ("language-folder", "content/en", ""),
    ("git-config", "content/ja/config.txt", "../../.git/config"),
    ("asset", "assets/css/leak.css", "secret.css"),
    ("asset-folder", "assets/more", ""),
    ("data", "data/leak.yml", "secret.yml"),
    ("data-folder", "data/more", ""),
    ("i18n", "i18n/en.yml", "secret.yml"),
    ("template", "templates/page.html", "secret.html"),
    ("template-folder", "templates/parts", ""),
    ("site-yml", "site.yml", "secret.yml"),
]


def _prepare(tmp_path: Path, run_cli) -> tuple[Path, Path, dict]:
    outside = _secret_folder(tmp_path)
    source = write_files(tmp_path / "site", SITE)
    write_files(source, {".git/config": f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"})
    code, _, err = run_cli("build", "--source", source, "--no-search", "--quiet")
    assert code == 0, err
    before = {p.relative_to(source / "_site").as_posix(): p.read_bytes()
              for p in (source / "_site").rglob("*") if p.is_file()}
    return source, outside, before


@pytest.mark.parametrize("name, rel, target", CASES, ids=[c[0] for c in CASES])
def test_a_link_out_of_the_sources_fails_build_and_check_and_publishes_nothing(name, rel, target, tmp_path,
                                                                             run_cli):
    source, outside, before = _prepare(tmp_path, run_cli)
    _link(rel, target)(source, outside)
    shown = re.escape(rel)
    for command in ("build", "check"):
        args = [command, "--source", source] + (["--no-search"] if command == "build" else [])
        code, out, err = run_cli(*args)
        text = out + err
        assert code == 1, text
        assert "Traceback" not in text
        assert re.search(rf"^{shown}: error: `{shown}` is a symbolic link to .*outside the site's source folders; "
                         r"sitegen does not read it", text, re.M), text
        assert re.search(r"^\s+hint: copy the (file|folder) into the site instead of linking to it", text, re.M), text
        assert SECRET not in text
    after = {p.relative_to(source / "_site").as_posix(): p.read_bytes()
             for p in (source / "_site").rglob("*") if p.is_file()}
    assert after == before  # the previous output, untouched
    assert not any(SECRET.encode() in data for data in after.values())


def test_incremental_build_refuses_the_link_and_never_reads_it(tmp_path, run_cli):
    source, outside, before = _prepare(tmp_path, run_cli)
    code, _, err = run_cli("build", "--source", source, "--no-search", "--incremental")
    assert code == 0, err
    _link("data/leak.yml", "secret.yml")(source, outside)
    code, out, err = run_cli("build", "--source", source, "--no-search", "--incremental")
    assert code == 1 and "`data/leak.yml` is a symbolic link to" in err and SECRET not in out + err
    cache = source / ".sitegen-cache"
    assert not any(SECRET.encode() in p.read_bytes() for p in cache.rglob("*") if p.is_file())


def test_a_hidden_link_is_not_read_by_an_include(tmp_path, run_cli):
    """Discovery skips hidden names; the include loader refuses the link itself."""
    source, outside, _ = _prepare(tmp_path, run_cli)
    write_files(source, {"content/ja/page.md": "---\ntitle: P\n---\n前\n\n{% include \".env\" %}\n"})
    os.symlink(outside / "secret.txt", source / "content/ja/.env")
    code, out, err = run_cli("build", "--source", source, "--no-search")
    assert code == 1, out + err
    assert re.search(r"^content/ja/page\.md:6: error: cannot include it: `content/ja/\.env` is a symbolic link to "
                     r"`.*secret\.txt`, outside the site's source folders", err, re.M), err
    assert SECRET not in out + err


def test_a_template_include_through_a_link_is_refused(tmp_path, run_cli):
    """A layout's ``{% include %}`` of a link out, made after the templates were checked."""
    from sitegen.sitepaths import RefusedFile, site_template_loader
    import jinja2

    outside = _secret_folder(tmp_path)
    folder = tmp_path / "site/templates"
    folder.mkdir(parents=True)
    os.symlink(outside / "secret.html", folder / "leak.html")
    env = jinja2.Environment(loader=site_template_loader(folder, (tmp_path / "site").resolve()))
    with pytest.raises(RefusedFile, match=r"`templates/leak\.html` is a symbolic link to .*outside"):
        env.get_template("leak.html")


def test_links_inside_the_site_are_followed_and_folder_links_skipped(tmp_path, run_cli):
    source = write_files(tmp_path / "site", {
        **SITE,
        "content/en/about.md": "---\ntitle: About\n---\n![logo](img/logo.png)\n",
        "data/nav.yml": "- name: {ja: ホーム, en: Home}\n  url: /\n",
    })
    (source / "content/en/img").mkdir()
    os.symlink("../../ja/img/logo.png", source / "content/en/img/logo.png")  # one image, two languages
    os.symlink("../content/ja/index.md", source / "data/page.txt")  # not a data file: ignored
    os.symlink(".", source / "content/ja/loop")  # a folder link inside the site: not walked
    code, out, err = run_cli("build", "--source", source, "--no-search")
    assert code == 0, out + err
    assert (source / "_site/en/img/logo.png").read_bytes() == b"\x89PNG\r\n\x1a\nlogo"
    assert not (source / "_site/en/img/logo.png").is_symlink()
    assert not (source / "_site/loop").exists()
