from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.errors import BuildError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "site.yml").write_text(text, encoding="utf-8")
    return tmp_path


def messages(exc: BuildError) -> list[str]:
    return [d.format() for d in exc.diagnostics]


def test_defaults_without_site_yml(tmp_path):
    config = load_config(tmp_path)
    assert config.language_codes == ("ja", "en")
    assert config.default_language == "ja"
    assert config.language("ja").prefix == ""
    assert config.language("en").prefix == "/en"
    assert config.language("en").home_url == "/en/"
    assert config.base_url == "/"
    assert config.fallback == "content"


def test_title_per_language_and_params(tmp_path):
    config = load_config(write(tmp_path, """
title: {ja: サポート, en: Support}
base_url: https://example.org/docs
params: {chat_widget_script: /assets/js/chat.js}
"""))
    assert config.title_for("ja") == "サポート"
    assert config.title_for("en") == "Support"
    assert config.base_url == "https://example.org/docs/"
    assert config.base_path == "/docs"
    assert config.params == {"chat_widget_script": "/assets/js/chat.js"}


def test_unknown_key_names_key_line_and_suggestion(tmp_path):
    with pytest.raises(BuildError) as info:
        load_config(write(tmp_path, "title: x\nlanguages: [ja, en]\nlanguage: [ja]\n"))
    text = "\n".join(messages(info.value))
    assert "site.yml:3" in text
    assert "unknown key `language`" in text
    assert "did you mean `languages`?" in text


def test_default_language_must_be_listed(tmp_path):
    with pytest.raises(BuildError) as info:
        load_config(write(tmp_path, "languages: [ja, en]\ndefault_language: fr\n"))
    assert "site.yml:2" in messages(info.value)[0]
    assert "not one of the languages" in messages(info.value)[0]


def test_bad_fallback_value(tmp_path):
    with pytest.raises(BuildError) as info:
        load_config(write(tmp_path, "fallback: contents\n"))
    text = messages(info.value)[0]
    assert "site.yml:1" in text and "did you mean `content`?" in text


def test_yaml_syntax_error_has_line(tmp_path):
    with pytest.raises(BuildError) as info:
        load_config(write(tmp_path, "title: ok\nparams:\n  a: [1, 2\n"))
    assert messages(info.value)[0].startswith("site.yml:")
    assert "invalid YAML" in messages(info.value)[0]


def test_three_languages_keep_order(tmp_path):
    config = load_config(write(tmp_path, "languages: [en, ja, zh-hant]\ndefault_language: en\n"))
    assert config.language_codes == ("en", "ja", "zh-hant")
    assert config.language("ja").prefix == "/ja"
    assert config.language("zh-hant").name == "繁體中文"


def test_faq_categories(tmp_path):
    config = load_config(write(tmp_path, """
faq:
  categories:
    - key: zoom
      label: {ja: Zoom, en: Zoom}
    - key: exams
      label: {ja: 試験・成績, en: Examinations}
"""))
    assert [c.key for c in config.faq_categories] == ["zoom", "exams"]
    assert config.faq_categories[1].label("en", "ja") == "Examinations"


def test_markdown_options_default_to_kramdown(tmp_path):
    options = load_config(tmp_path).markdown
    assert (options.linkify, options.typographer) == (False, True)
    options = load_config(write(tmp_path, "markdown: {linkify: true, typographer: false}\n")).markdown
    assert (options.linkify, options.typographer) == (True, False)


def test_markdown_options_are_checked_with_their_lines(tmp_path):
    with pytest.raises(BuildError) as exc:
        load_config(write(tmp_path, "title: x\nmarkdown:\n  linkfy: true\n  typographer: yes please\n"))
    found = messages(exc.value)
    assert any("site.yml:3" in m and "unknown key `markdown.linkfy`" in m and "linkify" in m for m in found), found
    assert any("site.yml:4" in m and "`markdown.typographer` must be true or false" in m for m in found), found
    with pytest.raises(BuildError) as exc:
        load_config(write(tmp_path, "markdown: true\n"))
    assert any("site.yml:1" in m and "`markdown` must be a mapping" in m for m in messages(exc.value))
