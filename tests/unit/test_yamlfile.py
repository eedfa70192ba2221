import pytest

from sitegen.matter import parse_front_matter, split_front_matter
from sitegen.yamlfile import YamlProblem, load_yaml


def test_key_lines_are_file_lines():
    data = load_yaml("a: 1\nb:\n  c: 2\nd: [x, y]\n")
    assert data.line_of("a") == 1
    assert data.line_of("b") == 2
    assert data["b"].line_of("c") == 3
    assert data["d"].line_of(1) == 4


def test_front_matter_lines_count_the_opening_delimiter():
    fm = parse_front_matter("---\ntitle: x\nlayout: page\n---\n\n# Body\n")
    assert fm.data.line_of("title") == 2
    assert fm.data.line_of("layout") == 3
    assert fm.body_line == 4
    assert fm.body == "\n# Body\n"


def test_front_matter_error_line():
    with pytest.raises(YamlProblem) as info:
        parse_front_matter("---\ntitle: x\nbad: [1, 2\n---\nbody\n")
    assert info.value.line in (3, 4)


def test_no_front_matter():
    yaml_text, body, offset = split_front_matter("# Hello\n")
    assert yaml_text is None and body == "# Hello\n" and offset == 0


def test_unclosed_front_matter():
    with pytest.raises(YamlProblem) as info:
        split_front_matter("---\ntitle: x\n")
    assert "no closing" in info.value.message


def test_aliases_that_expand_without_bound_are_an_error_at_the_alias():
    import time

    from site_files import billion_laughs

    text = billion_laughs()
    assert len(text.encode()) < 450
    started = time.monotonic()
    with pytest.raises(YamlProblem) as info:
        load_yaml(text, line_base=3)
    assert time.monotonic() - started < 2
    assert info.value.line == 6 + 3  # the line of the alias that went over, as a file line
    assert "the aliases expand to more than 100,000 values" in info.value.message
    assert "billion laughs" in info.value.message


def test_an_alias_inside_its_own_anchor_is_an_error():
    with pytest.raises(YamlProblem) as info:
        load_yaml("a: 1\nb: &x\n  - 1\n  - *x\n")
    assert info.value.line == 4 and "inside the value of its own anchor `&x`" in info.value.message


def test_ordinary_anchors_and_merges_still_work():
    entries = "".join(f"  - <<: *defaults\n    name: n{i}\n" for i in range(2000))
    data = load_yaml("defaults: &defaults\n  a: 1\n  b: [x, y]\n  c: {d: 2}\nitems:\n" + entries)
    assert len(data["items"]) == 2000
    assert data["items"][1999] == {"a": 1, "b": ["x", "y"], "c": {"d": 2}, "name": "n1999"}
