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
