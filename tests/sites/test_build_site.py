"""Whole-site tests for the core pipeline: fixture sites written inline,
built into a temporary folder, assertions on the parsed HTML."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sitegen.errors import BuildError

BASIC = {
    "site.yml": """
        title: {ja: テストサイト, en: Test Site}
        base_url: https://example.org/
        params:
          chat_widget_script: /assets/js/chat.js
    """,
    "content/ja/index.md": """
        ---
        title: ホーム
        layout: home
        ---
        ようこそ。
    """,
    "content/en/index.md": """
        ---
        title: Home
        layout: home
        ---
        Welcome.
    """,
    "content/ja/zoom/account.md": """
        ---
        title: Zoomアカウント
        ---
        ## 準備 {#prep}

        本文。
    """,
    "content/en/zoom/account.md": """
        ---
        title: Zoom account
        ---
        ## Preparation {#prep}

        Body.
    """,
    "content/ja/faq/index.md": """
        ---
        title: よくある質問
        ---
        質問の一覧。
    """,
    "assets/js/chat.js": "console.log('chat');\n",
}


def test_url_layout_default_language_at_root(make_site):
    site = make_site(BASIC)
    assert site.exists("/index.html")
    assert site.exists("/en/index.html")
    assert site.exists("/zoom/account/index.html")
    assert site.exists("/en/zoom/account/index.html")
    assert site.exists("/faq/index.html")
    assert site.soup("/zoom/account/").html["lang"] == "ja"
    assert site.soup("/en/zoom/account/").html["lang"] == "en"
    assert site.soup("/zoom/account/").h1.get_text(strip=True) == "Zoomアカウント"


def test_permalink_and_slug_override_the_path(make_site):
    files = dict(BASIC)
    files["content/ja/oc/join-guide.md"] = "---\ntitle: 参加\npermalink: /oc/join/\n---\n本文\n"
    files["content/ja/oc/long-name.md"] = "---\ntitle: 短い\nslug: short\n---\n本文\n"
    site = make_site(files)
    assert site.exists("/oc/join/")
    assert site.exists("/oc/short/")
    assert not site.exists("/oc/long-name/")


def test_two_sources_claiming_one_url_is_an_error_naming_both(make_site):
    files = dict(BASIC)
    files["content/ja/zoom/other.md"] = "---\ntitle: 別\npermalink: /zoom/account/\n---\n本文\n"
    with pytest.raises(BuildError) as info:
        make_site(files)
    text = str(info.value)
    assert "content/ja/zoom/other.md:3" in text
    assert "content/ja/zoom/account.md" in text
    assert "/zoom/account/" in text


def test_partials_are_not_published_but_includable(make_site):
    files = dict(BASIC)
    files["content/ja/_partials/signin.md"] = "**サインイン**の手順: {{ step }}\n"
    files["content/ja/guide.md"] = """
        ---
        title: ガイド
        ---
        {% include "_partials/signin.md" step="1" %}
    """
    files["content/en/guide.md"] = """
        ---
        title: Guide
        ---
        {% include "_partials/signin.md" step="2" %}
    """
    site = make_site(files)
    assert not site.exists("/_partials/signin/")
    ja = site.main("/guide/")
    assert ja.find("strong").get_text() == "サインイン"
    assert "手順: 1" in ja.get_text()
    # the English page has no English partial: the default language's is used
    assert "手順: 2" in site.main("/en/guide/").get_text()


def test_include_prefers_the_page_language(make_site):
    files = dict(BASIC)
    files["content/ja/_partials/hours.md"] = "平日 8:25-18:40\n"
    files["content/en/_partials/hours.md"] = "Weekdays 8:25 a.m. to 6:40 p.m.\n"
    files["content/en/hours.md"] = "---\ntitle: Hours\n---\n{% include \"_partials/hours.md\" %}\n"
    site = make_site(files)
    assert "Weekdays" in site.main("/en/hours/").get_text()


def test_templates_in_content(make_site):
    files = dict(BASIC)
    files["data/contacts.yml"] = """
        - name: {ja: 窓口, en: Desk}
          mail: desk@example.org
        - name: {ja: 情報戦略チーム, en: Information Strategy Team}
          mail: team@example.org
    """
    files["content/ja/contact.md"] = """
        ---
        title: 連絡先
        slug: contact
        ---
        {% if page.slug == "contact" %}スラッグ一致{% endif %}
        {# editors' comment, never published #}

        {% for c in data.contacts %}
        - {{ c.name }}: {{ c.mail }}
        {% endfor %}

        <details>
        <summary>詳細</summary>
        {% filter markdown %}
        **太字**の説明
        {% endfilter %}
        </details>

        ```jinja
        {{ not_evaluated }} {% if x %}
        ```

        Inline `{{ also_literal }}` code. A kramdown id follows.

        ## 見出し {#custom-id}
    """
    site = make_site(files)
    main = site.main("/contact/")
    text = main.get_text()
    assert "スラッグ一致" in text
    assert "editors' comment" not in site.html("/contact/")
    assert [li.get_text().strip() for li in main.select("ul li")] == [
        "窓口: desk@example.org", "情報戦略チーム: team@example.org"]
    assert main.select_one("details strong").get_text() == "太字"
    assert "{{ not_evaluated }} {% if x %}" in main.find("pre").get_text()
    assert "{{ also_literal }}" in main.find("code", string=lambda s: s and "also" in s).get_text()
    assert main.find(id="custom-id") is not None


def test_template_false_turns_templating_off(make_site):
    files = dict(BASIC)
    files["content/ja/raw.md"] = "---\ntitle: 生\ntemplate: false\n---\n{{ shown_as_is }}\n"
    site = make_site(files)
    assert "{{ shown_as_is }}" in site.main("/raw/").get_text()


def test_template_error_names_file_and_line(make_site):
    files = dict(BASIC)
    files["content/ja/broken.md"] = "---\ntitle: 壊れ\n---\n\n本文\n{% if %}\n"
    with pytest.raises(BuildError) as info:
        make_site(files)
    assert "content/ja/broken.md:6" in str(info.value)
    assert "template: false" in str(info.value)


def test_missing_include_is_an_error(make_site):
    files = dict(BASIC)
    files["content/ja/inc.md"] = "---\ntitle: 取込\n---\n{% include \"_partials/nope.md\" %}\n"
    with pytest.raises(BuildError) as info:
        make_site(files)
    assert "content/ja/inc.md:4" in str(info.value)
    assert "_partials/nope.md" in str(info.value)


def test_static_files_copied_next_to_their_page(make_site):
    files = dict(BASIC)
    files["content/ja/zoom/img/step1.png"] = b"\x89PNG\r\n\x1a\nfake"
    files["content/ja/zoom/steps.md"] = "---\ntitle: 手順\n---\n![最初の画面](img/step1.png)\n"
    site = make_site(files)
    assert (site.out / "zoom/img/step1.png").read_bytes().startswith(b"\x89PNG")
    img = site.main("/zoom/steps/").find("img")
    assert img["src"] == "/zoom/img/step1.png"


def test_drafts_left_out_unless_asked(make_site, tmp_path):
    files = dict(BASIC)
    files["content/ja/wip.md"] = "---\ntitle: 作業中\ndraft: true\n---\n本文\n"
    assert not make_site(files).exists("/wip/")
    assert make_site(files, drafts=True).exists("/wip/")


def test_redirect_from_and_redirect_to(make_site):
    files = dict(BASIC)
    files["content/ja/zoom/account.md"] = "---\ntitle: Zoomアカウント\nredirect_from: [/zoom_account/, /old/zoom.html]\n---\n本文\n"
    files["content/ja/moved.md"] = "---\ntitle: 移動\nredirect_to: https://example.com/new\n---\n"
    site = make_site(files)
    for old in ("/zoom_account/", "/old/zoom.html"):
        soup = site.soup(old)
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        assert refresh is not None and "/zoom/account/" in refresh["content"]
        assert soup.find("link", rel="canonical")["href"] == "https://example.org/zoom/account/"
    soup = site.soup("/moved/")
    assert "https://example.com/new" in soup.find("meta", attrs={"http-equiv": "refresh"})["content"]


def test_flag_switches_chat_widget_for_one_page(make_site):
    files = dict(BASIC)
    files["content/ja/support.md"] = "---\ntitle: サポート\nsinclo: true\n---\n本文\n"
    site = make_site(files)
    scripts = [s.get("src", "") for s in site.soup("/support/").find_all("script")]
    assert any("/assets/js/chat" in src for src in scripts)
    scripts = [s.get("src", "") for s in site.soup("/zoom/account/").find_all("script")]
    assert not any("/assets/js/chat" in src for src in scripts)


def test_extra_front_matter_available_to_templates(make_site):
    files = dict(BASIC)
    files["templates/page.html"] = """
        {% extends "base.html" %}
        {% block content %}{% if page.audience %}<p id="audience">{{ page.audience }}</p>{% endif %}{{ page.content }}{% endblock %}
    """
    files["content/ja/zoom/account.md"] = "---\ntitle: Zoom\naudience: 教職員\n---\n本文\n"
    site = make_site(files)
    assert site.soup("/zoom/account/").find(id="audience").get_text() == "教職員"
    assert site.soup("/en/zoom/account/").find(id="audience") is None  # an optional key, tested with `if`


def test_links_written_as_output_paths_resolve(make_site):
    files = dict(BASIC)
    files["content/ja/oc/join.md"] = "---\ntitle: 参加\n---\n本文\n"
    files["content/ja/links.md"] = """
        ---
        title: リンク
        ---
        [a](/oc/join) [b](/oc/join.html) [c](zoom/account.md#prep) [d](faq/index.md) [e](https://zoom.us/)
    """
    site = make_site(files)
    hrefs = [a["href"] for a in site.main("/links/").select("p a")]
    assert hrefs == ["/oc/join/", "/oc/join/", "/zoom/account/#prep", "/faq/", "https://zoom.us/"]
    external = site.main("/links/").select("p a")[-1]
    assert external["target"] == "_blank" and "noopener" in external["rel"]


def test_target_blank_false(make_site):
    files = dict(BASIC)
    files["content/ja/ext.md"] = "---\ntitle: 外部\ntarget_blank: false\n---\n[zoom](https://zoom.us/)\n"
    site = make_site(files)
    assert site.main("/ext/").select_one("p a").get("target") is None


def test_link_to_missing_source_file_is_an_error_with_line(make_site):
    files = dict(BASIC)
    files["content/ja/bad.md"] = "---\ntitle: 壊れたリンク\n---\n\n本文\n\n[行方不明](nowhere.md)\n"
    with pytest.raises(BuildError) as info:
        make_site(files)
    assert "content/ja/bad.md:7" in str(info.value)
    assert "nowhere.md" in str(info.value)


def test_lang_must_agree_with_folder(make_site):
    files = dict(BASIC)
    files["content/ja/wrong.md"] = "---\ntitle: x\nlang: en\n---\n本文\n"
    with pytest.raises(BuildError) as info:
        make_site(files)
    assert "content/ja/wrong.md:3" in str(info.value)
    assert "content/en/" in str(info.value)


def test_unknown_layout_is_an_error(make_site):
    files = dict(BASIC)
    files["content/ja/x.md"] = "---\ntitle: x\nlayout: fancy\n---\n本文\n"
    with pytest.raises(BuildError) as info:
        make_site(files)
    text = str(info.value)
    assert "content/ja/x.md:3" in text and "unknown layout `fancy`" in text and "page" in text


def test_site_templates_override_theme_file_by_file(make_site):
    files = dict(BASIC)
    files["templates/partials/footer.html"] = '<footer class="custom-footer">独自フッター</footer>\n'
    site = make_site(files)
    soup = site.soup("/zoom/account/")
    assert soup.select_one("footer.custom-footer").get_text() == "独自フッター"
    assert soup.find("header") is not None  # the rest still comes from the theme


def test_nav_schema_error_has_line(make_site):
    files = dict(BASIC)
    files["data/nav.ja.yml"] = """
        - name: サポート
          contents:
            - name: Zoom
              link: /zoom/account/
    """
    with pytest.raises(BuildError) as info:
        make_site(files)
    text = str(info.value)
    assert "data/nav.ja.yml:4" in text and "unknown key `link`" in text


def test_notices_are_localized_item_by_item(make_site):
    files = dict(BASIC)
    files["data/notices.yml"] = """
        - date: 2026-04-01
          content: {ja: "新しい窓口を開設しました", en: "A new support desk is open"}
          important: true
        - date: 2025-04-01
          content: {ja: "日本語だけのお知らせ"}
          outdated: true
    """
    site = make_site(files)
    en = site.soup("/en/").get_text()
    assert "A new support desk is open" in en
    assert "日本語だけのお知らせ" in en  # falls back to the default language
    assert "新しい窓口を開設しました" in site.soup("/").get_text()


def test_base_url_with_sub_path(make_site):
    files = dict(BASIC)
    files["site.yml"] = "title: T\nbase_url: https://example.org/docs/\n"
    files["content/ja/links.md"] = "---\ntitle: L\n---\n[z](zoom/account.md)\n"
    site = make_site(files)
    soup = site.soup("/links/")
    assert soup.select_one("main p a")["href"] == "/docs/zoom/account/"
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/docs/links/"
    for link in soup.find_all("link", rel="stylesheet"):
        assert link["href"].startswith("/docs/assets/")
    assert "https://example.org/docs/zoom/account/" in (site.out / "sitemap.xml").read_text()


def test_404_per_language(make_site):
    site = make_site(BASIC)
    assert site.soup("/404.html").html["lang"] == "ja"
    assert site.soup("/en/404.html").html["lang"] == "en"
    assert site.soup("/en/404.html").find("a", href="/en/") is not None


def test_yaml_error_cli_exit_1_and_previous_output_kept(tmp_path, run_cli):
    from site_files import write_files

    source = write_files(tmp_path / "site", BASIC)
    code, out, err = run_cli("build", "--source", source, "--no-search")
    assert code == 0, err
    index = (source / "_site" / "index.html").read_bytes()
    (source / "content/ja/index.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    code, out, err = run_cli("build", "--source", source, "--no-search")
    assert code == 1
    assert "content/ja/index.md:2" in err
    assert "Traceback" not in err
    assert (source / "_site" / "index.html").read_bytes() == index
    assert not [p for p in source.iterdir() if p.name.startswith("_site.")]


def test_build_is_deterministic_across_hash_seeds(tmp_path):
    from site_files import write_files

    source = write_files(tmp_path / "site", BASIC)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "sitegen", "build", "--source", str(source), "--out", str(out),
                        "--no-search", "--quiet"], check=True, env=env)
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    assert outputs[0] == outputs[1]


def test_a_templated_page_with_a_kramdown_id_in_inline_code_builds(make_site):
    site = make_site({
        "site.yml": "title: {ja: T, en: T}\n",
        "content/ja/a.md": "---\ntitle: ページ\n---\n\nUse `x {#y}` here, {{ page.title }}.\n\n## H {#h}\n",
    })
    main = site.main("/a/")
    assert main.find("code").get_text() == "x {#y}"
    assert "here, ページ." in main.get_text()
    assert main.find("h2")["id"] == "h"
