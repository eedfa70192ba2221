"""What a newcomer's first mistakes print: each message names the file and
line, says what to write, and exits with the right status (no traceback)."""

from __future__ import annotations

from sitegen.cli import main
from site_files import write_files

SITE = {
    "site.yml": """
        base_url: https://support.example.ac.jp/
        faq:
          categories:
            - key: general
              label: {ja: 一般, en: General}
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\n本文。\n",
}


def run(capsys, root, *args) -> tuple[int, str]:
    code = main(["check", "--source", str(root), *args])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text


def test_a_misspelt_front_matter_key_is_a_warning_naming_the_key_it_resembles(tmp_path, capsys):
    root = write_files(tmp_path, {**SITE, "content/ja/mail.md": "---\ntitle: メール\nlayuot: page\nTitle: x\n---\n本文。\n"})
    code, text = run(capsys, root)
    assert code == 0  # a warning: the page still builds
    assert "content/ja/mail.md:3: warning: front matter `layuot` is not a key sitegen knows: is it `layout` misspelt?" in text
    assert "content/ja/mail.md:4: warning: front matter `Title`" in text and "`title` misspelt?" in text
    assert "declare it under `front_matter:` in site.yml" in text
    code, text = run(capsys, root, "--strict")
    assert code == 1


def test_keys_of_ones_own_and_known_keys_are_not_reported(tmp_path, capsys):
    site = dict(SITE)
    site["site.yml"] = site["site.yml"].rstrip(" ") + "        front_matter:\n          layuot: {}\n"
    root = write_files(tmp_path, {**site, "content/ja/mail.md":
                                  "---\ntitle: メール\nlayuot: x\naudience: staff\nimage: a.png\nweight: 2\n---\n本文。\n",
                                  "content/ja/a.png": b"\x89PNG\r\n\x1a\n"})
    code, text = run(capsys, root, "--strict")
    assert code == 0 and "0 errors, 0 warnings" in text, text


def test_categories_without_questions_yet_give_an_faq_index_that_says_so(tmp_path, capsys):
    # the starter's sample question deleted before the first real one is written:
    # the menu, the footer and the pages' links to the FAQ still lead somewhere
    root = write_files(tmp_path, {**SITE, "content/en/index.md": "---\ntitle: Home\n---\nSee the [FAQ](faq/index.md).\n"})
    code, text = run(capsys, root, "--strict")
    assert code == 0, text
    assert "0 errors, 0 warnings" in text
    assert main(["build", "--source", str(root), "--no-search", "--quiet"]) == 0
    capsys.readouterr()
    english = (root / "_site/en/faq/index.html").read_text(encoding="utf-8")
    assert '<p class="faq-empty">No questions yet.</p>' in english
    assert "sg-faq-filter-all" not in english.split("<main", 1)[1]  # no filter over nothing
    assert "まだ質問はありません。" in (root / "_site/faq/index.html").read_text(encoding="utf-8")


def test_a_category_page_counts_one_question_in_the_singular(tmp_path, capsys):
    site = dict(SITE)
    site["site.yml"] = site["site.yml"].rstrip(" ") + "            - key: mail\n              label: {ja: メール, en: Mail}\n"
    root = write_files(tmp_path, {
        **site,
        "content/ja/faq/full.md": "---\ntitle: いっぱいです\ncategory: mail\n---\n消します。\n",
        "content/ja/faq/a.md": "---\ntitle: A\ncategory: general\n---\nA.\n",
        "content/ja/faq/b.md": "---\ntitle: B\ncategory: general\n---\nB.\n",
    })
    assert main(["build", "--source", str(root), "--no-search", "--quiet"]) == 0
    capsys.readouterr()
    assert "1 question ·" in (root / "_site/en/faq/mail/index.html").read_text(encoding="utf-8")
    assert "2 questions ·" in (root / "_site/en/faq/general/index.html").read_text(encoding="utf-8")
    assert "1件の質問" in (root / "_site/faq/mail/index.html").read_text(encoding="utf-8")


NAV_ITEM_OFF_BY_ONE = """\
- name: {ja: メール, en: Mail}
  contents:
  - name: {ja: 設定, en: Settings}
    url: /index.md
   - name: {ja: 容量, en: Quota}
    url: /index.md
"""
NAV_KEY_OUTDENTED = """\
- name: {ja: メール, en: Mail}
  contents:
    - name: {ja: 設定, en: Settings}
      url: /index.md
    - name: {ja: 容量, en: Quota}
    url: /index.md
"""


def test_a_misindented_nav_file_is_explained_in_plain_words_at_its_line(tmp_path, capsys):
    for nav, line in ((NAV_ITEM_OFF_BY_ONE, 5), (NAV_KEY_OUTDENTED, 6)):
        root = write_files(tmp_path / str(line), {**SITE, "data/nav.yml": nav})
        code, text = run(capsys, root)
        assert code == 1
        assert f"data/nav.yml:{line}: error: invalid YAML: this line is not indented like the lines above it" in text
        assert "hint: fix the YAML: indent with spaces" in text


def test_front_matter_yaml_mistakes_say_what_to_write(tmp_path, capsys):
    root = write_files(tmp_path, {
        **SITE,
        "content/ja/quote.md": '---\ntitle: "メール\nupdated: 2026-04-01\n---\n本文。\n',
        "content/ja/colon.md": "---\ntitle: Zoom: 録画\n---\n本文。\n",
        "content/ja/tab.md": "---\ntitle: x\n\tcategory: y\n---\n本文。\n",
        "content/ja/star.md": "---\ntitle: *重要* のお知らせ\n---\n本文。\n",
    })
    code, text = run(capsys, root)
    assert code == 1
    assert "content/ja/quote.md:3: error: front matter: invalid YAML: the quote opened on line 2 is never closed" in text
    assert "content/ja/colon.md:2: error: front matter: invalid YAML: a `: ` where YAML does not expect one: " \
           "put a value that contains `: ` in quotes" in text
    assert "content/ja/tab.md:3: error: front matter: invalid YAML: a tab character: YAML indents with spaces only" in text
    assert "content/ja/star.md:2: error: front matter: invalid YAML: a value that starts with `*` is read as a " \
           "reference: put the whole value in quotes" in text


def test_an_unknown_faq_category_says_how_to_declare_it(tmp_path, capsys):
    root = write_files(tmp_path, {**SITE, "content/ja/faq/full.md": "---\ntitle: いっぱい\ncategory: mail\n---\n答え。\n"})
    code, text = run(capsys, root)
    assert code == 1
    assert "content/ja/faq/full.md:3: error: unknown FAQ category `mail` [faq-category]" in text
    assert "known categories: general; or declare it in site.yml under `faq: categories:` as " \
           "`- {key: mail, label: {ja: ..., en: ...}}`" in text


def test_a_page_without_its_dashes_is_told_to_add_them_once(tmp_path, capsys):
    site = dict(SITE)
    site["site.yml"] = site["site.yml"].rstrip(" ") + "        front_matter:\n          title: {required: true}\n"
    root = write_files(tmp_path, {**site, "content/ja/mail.md": "title: メール\n\n本文。\n"})
    code, text = run(capsys, root)
    assert code == 1
    assert text.count("content/ja/mail.md:") == 1, text  # not once more for site.yml's `title` rule
    assert "content/ja/mail.md:1: error: the page has no `title` [empty-title]" in text
    assert "has no front matter: put a line `---` before them and another after them" in text


def test_sitegen_new_dot_does_not_say_cd_dot(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "."]) == 0
    out = capsys.readouterr().out
    assert "created a site in ./" in out and "  cd " not in out
    assert main(["new", "my site"]) == 0
    assert "  cd 'my site'\n" in capsys.readouterr().out


def test_a_missing_anchor_lists_the_ids_the_page_has(tmp_path, capsys):
    root = write_files(tmp_path, {
        **SITE,
        "content/ja/mail.md": "---\ntitle: メール\n---\n## 設定手順\n\n## 困ったとき {#trouble}\n\n本文。\n",
        "content/ja/links.md": "---\ntitle: リンク\n---\n[手順](mail.md#steps)\n",
    })
    code, text = run(capsys, root)
    assert code == 1
    assert "content/ja/links.md:4: error: anchor `#steps` does not exist on /mail/ (link `mail.md#steps`)" in text
    assert "hint: ids on that page: trouble, 設定手順; link to a heading's id" in text  # not the theme's main, sg-*


def test_a_missing_image_names_where_it_was_looked_for_and_the_asset_it_may_mean(tmp_path, capsys):
    root = write_files(tmp_path, {
        **SITE,
        "assets/img/logo.png": b"\x89PNG\r\n\x1a\n",
        "content/ja/mail/setup.md": "---\ntitle: 設定\n---\n![ロゴ](img/logo.png)\n\n![画面](settings.png)\n",
    })
    code, text = run(capsys, root)
    assert code == 1
    assert "content/ja/mail/setup.md:4: error: image not found: `img/logo.png` [missing-file]\n" \
           "    hint: did you mean the asset `/assets/img/logo.png`? there is no content/ja/mail/img/logo.png" in text
    assert "content/ja/mail/setup.md:6: error: image not found: `settings.png` [missing-file]\n" \
           "    hint: there is no content/ja/mail/settings.png; check the file name" in text
