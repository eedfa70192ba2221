import jinja2

from sitegen.content_templates import protect


def render(text: str, **context) -> str:
    return jinja2.Environment(keep_trailing_newline=True).from_string(protect(text)).render(**context)


def test_fenced_and_inline_code_are_not_evaluated():
    text = "{{ x }}\n\n```\n{{ x }} {% if y %}\n```\n\nInline `{{ x }}` and ``{% raw %}``.\n"
    assert render(text, x="X") == "X\n\n```\n{{ x }} {% if y %}\n```\n\nInline `{{ x }}` and ``{% raw %}``.\n"


def test_kramdown_ids_survive():
    assert render("## Title {#my-id}\n{: #other .cls}\n{# a comment #}\n") == "## Title {#my-id}\n{: #other .cls}\n\n"


def test_jekyll_style_include_arguments_are_rewritten():
    text = protect('{% include procedures/account.html part="important" n=2 %}')
    assert text == ('{% with part="important", n=2, include={\'part\': "important", \'n\': 2} %}'
                    '{% include "procedures/account.html" %}{% endwith %}')


def test_lines_holding_only_block_tags_leave_no_blank_line():
    text = ("<ol>\n  {% if a %}\n  <li>a</li>\n  {% endif %}\n\n  {% for x in xs %}\n    <li>{{ x }}</li>\n"
            "  {% endfor %}\n</ol>\n{% set n = 1 %}\nafter\n")
    assert render(text, a=True, xs=[1, 2]) == "<ol>\n  <li>a</li>\n\n    <li>1</li>\n    <li>2</li>\n</ol>\nafter\n"
    assert render(text, a=False, xs=[]) == "<ol>\n\n</ol>\nafter\n"


def test_a_tag_after_text_keeps_its_newline_and_includes_are_untouched():
    assert render("Hello {% if a %}X{% endif %}\nWorld\n", a=True) == "Hello X\nWorld\n"
    assert "{% include" in protect('{% include "x.md" %}\nnext\n').split("\n")[0]
    assert protect('{% include "x.md" %}\nnext\n').split("\n")[1] == "next"


def test_template_errors_still_name_the_source_line():
    text = "{% if a %}\n  {% if b %}\n  {% endif %}\n{% endif %}\ntext\n\n{{ missing.attr }}\n"
    try:
        jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(protect(text)).render(a=True, b=True)
    except jinja2.UndefinedError as exc:
        frames = []
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":
                frames.append(tb.tb_lineno)
            tb = tb.tb_next
        assert frames[-1] == 7
    else:
        raise AssertionError("the undefined variable was not reported")
    try:
        jinja2.Environment().from_string(protect("{% if a %}\n{% endif %}\n\n{% if %}\n"))
    except jinja2.TemplateSyntaxError as exc:
        assert exc.lineno == 4


def test_code_showing_endraw_is_not_evaluated_either():
    """Code about templates may show `{% endraw %}` itself (the README: code is
    never evaluated); it must not end the raw block that protects the code."""
    text = ("Close it with `{% endraw %}` or `` {%- endraw -%} ``; {{ x }}.\n\n"
            "```jinja\n{% raw %}{{ page.title }}{% endraw %}\n```\n\n    {% endraw %} {{ y }}\n")
    assert render(text, x="X") == ("Close it with `{% endraw %}` or `` {%- endraw -%} ``; X.\n\n"
                                   "```jinja\n{% raw %}{{ page.title }}{% endraw %}\n```\n\n    {% endraw %} {{ y }}\n")


def test_thousands_of_tags_on_one_line_are_read_in_linear_time():
    """A line of tags and text is tested against the "only block tags" pattern;
    one that backtracked through every way of splitting 2,000 tags never ended."""
    import time

    line = "{% if true %}" * 2000 + "x" + "{% endif %}" * 2000
    started = time.process_time()
    protected = protect("text\n" + line + "\n")
    assert time.process_time() - started < 2
    assert protected == "text\n" + line + "\n"


def test_code_is_kept_whether_the_tags_come_before_or_after_it():
    # tags only above the code: the code needs no protection and comes out as written
    above = "{% if a %}note{% endif %}\n\n```\nprint('{ x }')\n```\n\n    indented }\n"
    assert render(above, a=True) == "note\n\n```\nprint('{ x }')\n```\n\n    indented }\n"
    # a tag inside code below them, in a fence, an indented block or a list item's code: not evaluated
    below = "{{ x }}\n\n```\n{{ x }}\n```\n\n    {% if y %}\n\n- item\n\n      {{ x }}\n"
    assert render(below, x="X") == "X\n\n```\n{{ x }}\n```\n\n    {% if y %}\n\n- item\n\n      {{ x }}\n"


def test_kramdown_ids_in_and_out_of_code_come_out_as_written():
    text = "{% if a %}A{% endif %}\n\n```\n## x {#in-code}\n```\n\n## Title {#after}\n\n    {#indented}\n"
    assert render(text, a=True) == "A\n\n```\n## x {#in-code}\n```\n\n## Title {#after}\n\n    {#indented}\n"


def test_a_kramdown_id_or_include_inside_inline_code_is_code():
    """`x {#y}` in a code span is code: protecting the id again inside the code
    span's raw block nested one raw block in another ("unknown tag 'endraw'")."""
    text = "Use `x {#y}` and ``{% include \"a.md\" %}`` with {{ t }}.\n\n## Heading {#h}\n"
    assert render(text, t="T") == "Use `x {#y}` and ``{% include \"a.md\" %}`` with T.\n\n## Heading {#h}\n"

