"""Jekyll's ``include`` and ``include_relative`` tags for python-liquid.

Jekyll's syntax, not Shopify's: ``{% include procedures/x.html part="a" n=page.n %}``
(an unquoted file name, ``key=value`` parameters, quoted values literal and
bare values looked up), readable inside the include as ``include.part``; the
file name may be built from variables (``{% include {{ page.kind }}.html %}``).
As in Jekyll, an include shares the page's variables: ``assign`` and
``capture`` inside it are seen by the page and by later includes.

``include`` reads from ``_includes/`` of the page's language folder, then of
the default language's; ``include_relative`` from the page's own folder.
Both are sandboxed by :meth:`BodyEnvironment.load_include` (no ``..``, no
absolute paths, no symbolic links).  An error inside an included file keeps
the file and line where it happened and gains, on its way out, the line of
each ``include`` tag that led there.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import TextIO

from liquid import Node, Tag
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG

# Jekyll's VALID_SYNTAX: key=value with "double", 'single' or bare values
_PARAM = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))""")
_FULL_PARAMS = re.compile(r"""\A\s*(?:(?:[\w-]+)\s*=\s*(?:"[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*'|[\w.-]+)(?=\s|\Z)\s*)*\Z""")
# Jekyll's VARIABLE_SYNTAX: a file name containing {{ ... }}
_VARIABLE_NAME = re.compile(r"(?P<variable>[^{]*(?:\{\{\s*[\w\-.]+\s*(?:\|.*?)?\}\}[^\s{}]*)+)(?P<params>.*)", re.S)

INCLUDE_CHAIN = "sitegen_includes"  # attribute on a LiquidError: [(file, line), ...] innermost first


class IncludeNode(Node):
    __slots__ = ("file", "file_template", "params", "relative")

    def __init__(self, token, file: str | None, file_template, params, relative: bool):
        super().__init__(token)
        self.file = file
        self.file_template = file_template
        self.params = params  # [(name, kind, value)]: kind "str" or "var"
        self.relative = relative
        self.blank = False

    def __str__(self) -> str:
        return f"{{% {'include_relative' if self.relative else 'include'} {self.file or '...'} %}}"

    def render_to_output(self, context, buffer: TextIO) -> int:
        env = context.env
        try:
            name = self.file
            if self.file_template is not None:
                out = StringIO()
                self.file_template.render_with_context(context, out, partial=True)
                name = out.getvalue().strip()
            template = env.load_include(name, self.relative, self.token)
            if self.params:
                values = {}
                for key, kind, value in self.params:
                    values[key] = value if kind == "str" else context.get(value.split("."), token=self.token,
                                                                          default=None)
                with context.extend({"include": values}, template=template):
                    template.render_with_context(context, buffer, partial=True)
            else:
                with context.extend({}, template=template):
                    template.render_with_context(context, buffer, partial=True)
        except LiquidError as err:
            chain = getattr(err, INCLUDE_CHAIN, None)
            if chain is None:
                chain = []
                setattr(err, INCLUDE_CHAIN, chain)
            chain.append(env.where(self.token))
            raise
        return True


class _JekyllInclude(Tag):
    block = False
    relative = False

    def parse(self, stream) -> Node:
        token = stream.eat(TOKEN_TAG)
        if stream.current.kind != TOKEN_EXPRESSION:
            raise LiquidSyntaxError(f"`{self.name}` needs a file name, such as {{% {self.name} file.html %}}",
                                    token=token)
        markup = stream.current.value.strip()  # the parser moves past it (python-liquid's convention)
        file_template = None
        match = _VARIABLE_NAME.fullmatch(markup)
        if match and "{{" in match.group("variable"):
            file, rest = None, match.group("params")
            file_template = self.env.from_string(match.group("variable").strip())
        else:
            parts = markup.split(None, 1)
            file, rest = parts[0], (parts[1] if len(parts) > 1 else "")
            if len(file) > 2 and file[0] == file[-1] and file[0] in "\"'":
                file = file[1:-1]  # `{% include "x.html" %}`, as Liquid's own include writes it
        if not _FULL_PARAMS.match(rest):
            raise LiquidSyntaxError(
                f"invalid parameters for `{self.name} {file or '...'}`: `{rest.strip()}` "
                "(write key=\"value\" pairs separated by spaces)", token=token)
        params = []
        for m in _PARAM.finditer(rest):
            if m.group(2) is not None:
                params.append((m.group(1), "str", m.group(2).replace('\\"', '"')))
            elif m.group(3) is not None:
                params.append((m.group(1), "str", m.group(3).replace("\\'", "'")))
            else:
                params.append((m.group(1), "var", m.group(4)))
        return IncludeNode(token, file, file_template, params, self.relative)


class IncludeTag(_JekyllInclude):
    name = "include"


class IncludeRelativeTag(_JekyllInclude):
    name = "include_relative"
    relative = True
