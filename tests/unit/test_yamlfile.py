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
