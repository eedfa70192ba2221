"""``sitegen schema``: JSON Schemas for editors, generated from the
validator's own tables.  They accept the starter site's files, reject planted
mistakes, and agree with the validator on a range of right and wrong inputs
(so the two cannot drift apart unnoticed)."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from sitegen.config import load_config
from sitegen.data import check_nav, check_notices
from sitegen.errors import BuildError
from sitegen.frontmatter import BUILTIN_KEYS, check_builtin, check_schema
from sitegen.schema.documents import schema_documents
from sitegen.yamlfile import load_yaml_file
from site_files import write_files


def editor_view(value):
    """What an editor's YAML support validates: YAML dates are strings there."""
    if isinstance(value, dict):
        return {str(k): editor_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [editor_view(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def valid(schema: dict, value) -> bool:
    return jsonschema.Draft7Validator(schema).is_valid(editor_view(value))


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    from sitegen.cli import main

    dest = tmp_path_factory.mktemp("schema") / "site"
    assert main(["new", str(dest)]) == 0
    return dest


@pytest.fixture(scope="module")
def schemas(starter) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (starter / "schemas").glob("*.json")}


def test_every_schema_is_a_valid_draft_7_schema(schemas):
    assert set(schemas) == {"site.schema.json", "nav.schema.json", "notices.schema.json",
                            "front-matter.schema.json", "front-matter.faq.schema.json"}
    for schema in schemas.values():
        jsonschema.Draft7Validator.check_schema(schema)


def test_the_starter_files_validate(starter, schemas):
    assert valid(schemas["site.schema.json"], yaml.safe_load((starter / "site.yml").read_text(encoding="utf-8")))
    assert valid(schemas["nav.schema.json"], yaml.safe_load((starter / "data/nav.yml").read_text(encoding="utf-8")))
    assert valid(schemas["notices.schema.json"],
                 yaml.safe_load((starter / "data/notices.yml").read_text(encoding="utf-8")))
    pages = sorted((starter / "content").rglob("*.md"))
    assert len(pages) == 9
    for path in pages:
        schema = schemas["front-matter.faq.schema.json" if "/faq/" in path.as_posix() else "front-matter.schema.json"]
        jsonschema.validate(editor_view(front_matter(path)), schema)


@pytest.mark.parametrize("name, mistake", [
    ("site.schema.json", {"fallback": "contents"}),
    ("site.schema.json", {"titel": "x"}),
    ("site.schema.json", {"languages": "ja"}),
    ("site.schema.json", {"base_url": "example.org"}),
    ("site.schema.json", {"faq": {"categories": [{"key": "general", "labels": "x"}]}}),
    ("site.schema.json", {"front_matter": {"order": {"type": "int"}}}),
    ("nav.schema.json", [{"name": "x", "urll": "/"}]),
    ("nav.schema.json", [{"name": "x", "contents": [{"name": "y"}]}]),
    ("notices.schema.json", [{"content": "no date"}]),
    ("notices.schema.json", [{"date": "2026-04-01", "content": {"fr": "langue inconnue"}}]),
    ("front-matter.schema.json", {"title": "x", "draft": "yes"}),
    ("front-matter.schema.json", {"description": "no title"}),
    ("front-matter.schema.json", {"title": "x", "layout": "faq_category"}),
    ("front-matter.schema.json", {"title": "x", "updated": "April 1st"}),
    ("front-matter.faq.schema.json", {"title": "x"}),  # an FAQ entry needs its category
])
def test_a_planted_mistake_is_rejected(starter, schemas, name, mistake):
    if name == "site.schema.json":
        document = {**yaml.safe_load((starter / "site.yml").read_text(encoding="utf-8")), **mistake}
    else:
        document = mistake
    assert not valid(schemas[name], document)


def test_sitegen_schema_writes_them_where_asked_and_the_same_bytes_twice(starter, tmp_path, run_cli):
    code, out, _ = run_cli("schema", "--source", starter, "--out", tmp_path / "out")
    assert code == 0 and "front-matter.faq.schema.json" in out
    first = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert first == {p.name: p.read_bytes() for p in (starter / "schemas").iterdir()}
    run_cli("schema", "--source", starter, "--out", tmp_path / "out")
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}


def test_site_rules_and_sections_follow_site_yml(tmp_path, run_cli):
    source = write_files(tmp_path / "src", {"site.yml": """
        languages: [ja, en, ko]
        front_matter:
          audience: {type: string, allowed: [students, staff], required: true}
          guide/zoom/:
            level: {type: integer}
    """})
    code, _, err = run_cli("schema", "--source", source)
    assert code == 0, err
    out = source / "schemas"
    assert sorted(p.name for p in out.iterdir()) == [
        "front-matter.guide.zoom.schema.json", "front-matter.schema.json", "nav.schema.json",
        "notices.schema.json", "site.schema.json"]
    general = json.loads((out / "front-matter.schema.json").read_text(encoding="utf-8"))
    zoom = json.loads((out / "front-matter.guide.zoom.schema.json").read_text(encoding="utf-8"))
    assert valid(general, {"title": "x", "audience": "staff"})
    assert not valid(general, {"title": "x", "audience": "everyone"})
    assert not valid(general, {"title": "x"})
    assert valid(zoom, {"title": "x", "audience": "staff", "level": 2})
    assert not valid(zoom, {"title": "x", "audience": "staff", "level": "two"})
    notices = json.loads((out / "notices.schema.json").read_text(encoding="utf-8"))
    assert valid(notices, [{"date": "2026-04-01", "content": {"ko": "공지"}}])
    # a section removed from site.yml loses its schema file
    (source / "site.yml").write_text("front_matter:\n  title: {type: string}\n", encoding="utf-8")
    run_cli("schema", "--source", source)
    assert not (out / "front-matter.guide.zoom.schema.json").exists()


def test_a_broken_site_yml_is_reported_not_schematised(tmp_path, run_cli):
    source = write_files(tmp_path / "src", {"site.yml": "fallback: contents\n"})
    code, _, err = run_cli("schema", "--source", source)
    assert code == 1 and "site.yml:1: error:" in err and not (source / "schemas").exists()


# --- the validator and the schema agree ------------------------------------------------

SITE_VARIANTS = [
    "title: サイト\n",
    "title: {ja: サイト, en: Site}\n",
    "title: {ja: サイト, fr: Site}\n",
    "title: [a, b]\n",
    "languages: [ja, en]\ndefault_language: en\n",
    "languages: [ja, en]\ndefault_language: fr\n",
    "languages: []\n",
    "languages: [ja, {code: en, name: English}]\n",
    "languages: [ja, {code: en, nmae: English}]\n",
    "languages: [ja, Japanese]\n",
    "base_url: https://example.org/docs/\n",
    "base_url: /docs/\n",
    "base_url: example.org\n",
    "base_url: //cdn.example.org/\n",
    "base_url: https://example.org/?x=1\n",
    "base_url: 42\n",
    "params: {a: 1}\n",
    "params: [a]\n",
    "fallback: redirect\n",
    "fallback: contents\n",
    "faq: {categories: [zoom, {key: mail, label: {ja: メール, en: Mail}}]}\n",
    "faq: {categories: [{key: mail, lable: x}]}\n",
    "faq: {categorys: [zoom]}\n",
    "faq: {categories: zoom}\n",
    "faq: {categories: [{label: x}]}\n",
    "faq: {categories: [{key: mail, label: {fr: x}}]}\n",
    "front_matter: {title: {type: string, required: true}, faq/: {category: string}}\n",
    "front_matter: {title: {type: text}}\n",
    "front_matter: {title: {type: string, required: yes please}}\n",
    "front_matter: {tags: {allowed: a}}\n",
    "front_matter: {title: {type: string, default: x}}\n",
    "front_matter: {faq/: [a]}\n",
    "front_matter: [a]\n",
    "titel: x\n",
]


def test_the_variants_hold_both_right_and_wrong_inputs(tmp_path):
    def accepted(text):
        write_files(tmp_path / "variant", {"site.yml": text})
        try:
            load_config(tmp_path / "variant")
            return True
        except BuildError:
            return False
    results = [accepted(text) for text in SITE_VARIANTS]
    assert 8 <= results.count(True) <= len(results) - 15
    nav = [_accepts(check_nav, v, tmp_path) for v in NAV_VARIANTS]
    notices = [_accepts(check_notices, v, tmp_path) for v in NOTICE_VARIANTS]
    assert nav.count(True) == 3 and notices.count(True) == 2


@pytest.mark.parametrize("text", SITE_VARIANTS)
def test_site_yml_validator_and_schema_agree(tmp_path, text):
    schema = schema_documents(load_config(tmp_path))["site.schema.json"]  # a site of ja and en
    write_files(tmp_path, {"site.yml": text})
    try:
        load_config(tmp_path)
        accepted = True
    except BuildError:
        accepted = False
    assert valid(schema, yaml.safe_load(text)) == accepted, text


NAV_VARIANTS = [
    [{"name": "ホーム", "url": "/"}],
    [{"name": {"ja": "ホーム", "en": "Home"}, "url": "/index.md"}],
    [{"name": "Zoom", "contents": [{"name": "a", "url": "/a/"}]}],
    [{"name": "", "url": "/"}],
    [{"name": "x", "url": ""}],
    [{"url": "/"}],
    [{"name": "x", "link": "/"}],
    [{"name": "x", "contents": "a"}],
    [{"name": "x", "contents": [{"name": "a"}]}],
    [{"name": "x", "contents": [{"name": "a", "url": "/a/", "extra": 1}]}],
    [{"name": {}, "url": "/"}],
    ["x"],
    {"name": "x"},
]
NOTICE_VARIANTS = [
    [{"date": "2026-04-01", "content": "本文"}],
    [{"date": _dt.date(2026, 4, 1), "content": {"ja": "本文", "en": "Text"}, "important": True}],
    [{"date": "2026-04-01", "content": "x", "outdated": "yes"}],
    [{"date": "April", "content": "x"}],
    [{"date": "2026-04-01"}],
    [{"content": "x"}],
    [{"date": "2026-04-01", "content": {"fr": "x"}}],
    [{"date": "2026-04-01", "content": "x", "pinned": True}],
    [{"date": "2026-04-01", "content": ""}],
    "notice",
]


def _accepts(check, value, tmp_path) -> bool:
    """The validator reads YAML with line numbers: write the value, load it back."""
    config = load_config(tmp_path)
    path = tmp_path / "x.yml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    return not check("data/x.yml", load_yaml_file(path), config)


@pytest.mark.parametrize("value", NAV_VARIANTS)
def test_nav_validator_and_schema_agree(tmp_path, value):
    schema = schema_documents(load_config(tmp_path))["nav.schema.json"]
    assert valid(schema, value) == _accepts(check_nav, value, tmp_path), value


@pytest.mark.parametrize("value", NOTICE_VARIANTS)
def test_notices_validator_and_schema_agree(tmp_path, value):
    schema = schema_documents(load_config(tmp_path))["notices.schema.json"]
    assert valid(schema, value) == _accepts(check_notices, value, tmp_path), value


SAMPLES = ["text", "", 3, 2.5, True, ["a", "b"], ["a", 1], [{"x": 1}], {"title": "t"}, {"titel": "t"},
           {"parent": ["x"]}, "2026-04-01", "someday", _dt.date(2026, 4, 1)]


@pytest.mark.parametrize("key", sorted(set(BUILTIN_KEYS) - {"layout", "lang"}))  # those two: checked at render time
def test_built_in_front_matter_keys_validator_and_schema_agree(tmp_path, key):
    config = load_config(tmp_path)
    schema = schema_documents(config)["front-matter.schema.json"]
    for value in SAMPLES:
        if isinstance(value, _dt.date) and _dt.date not in BUILTIN_KEYS[key][0]:
            continue  # an editor sees a YAML date as a string; sitegen sees a date
        front = {"title": "x", key: value}
        accepted = not check_builtin("p.md", front, lambda k: 1) and not check_schema(config, "p.md", "p.md", front,
                                                                                        lambda k: 1)
        if key == "title":
            accepted = accepted and not (isinstance(value, str) and not value.strip())  # parse: empty-title
        assert valid(schema, front) == accepted, (key, value)
