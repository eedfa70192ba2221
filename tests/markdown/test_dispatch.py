"""The rule dispatch (sitegen/markdown/dispatch.py) skips only rules that
would not have matched: on every fixture and every real page, a parser with
markdown-it's own chains renders the same HTML, and none of the rules it
tries matches where the dispatch would not have tried it."""

from __future__ import annotations

import functools

import pytest

import realsite
from sitegen.markdown import build_parser, dispatch
from test_fixtures import CASES

ENV = {"lang": "ja", "target_blank": True, "base_url": "", "linkify": False, "typographer": True}


def _inputs() -> list:
    found = [pytest.param(case.values[0], case.values[2], id=case.id) for case in CASES]
    if realsite.site_root() is not None:
        found += [pytest.param(page.body, {}, id=page.rel) for page in realsite.load_pages()]
    return found


INPUTS = _inputs()


@functools.lru_cache(maxsize=1)
def _parsers():
    return build_parser(), build_parser(dispatch=False)


def _audited_parser(matches: list) -> object:
    """markdown-it's own chains, each rule noting where it matched."""
    md = build_parser(dispatch=False)

    def block(name, fn):
        def rule(state, start_line, end_line, silent):
            begin = state.bMarks[start_line] + state.tShift[start_line]  # before the rule moves it
            whole = begin >= state.eMarks[start_line] or state.sCount[start_line] - state.blkIndent >= 4
            text = state.src[begin: state.eMarks[start_line]]
            ok = fn(state, start_line, end_line, silent)
            if ok:
                chars = (dispatch.BLOCK_SILENT if silent else dispatch.BLOCK).get(name, dispatch.ANY)
                if not (whole or chars is dispatch.ANY or text[0] in chars):
                    matches.append((name, text))
            return ok
        return rule

    def inline(name, fn):
        def rule(state, silent):
            pos = state.pos
            ok = fn(state, silent)
            if ok and pos < len(state.src):
                char = state.src[pos]
                chars = dispatch.INLINE.get(name, dispatch.ANY)
                kept = chars is dispatch.ANY or (md.inline.terminator_re.match(char) is None if chars == dispatch.TEXT
                                                 else char in chars)
                if not kept:
                    matches.append((name, state.src[pos: pos + 20]))
            return ok
        return rule

    for ruler, wrap in ((md.block.ruler, block), (md.inline.ruler, inline)):
        for item in list(ruler.__rules__):
            ruler.at(item.name, wrap(item.name, item.fn))
    return md


@pytest.mark.parametrize("source, options", INPUTS)
def test_same_html_as_markdown_it_chains(source, options):
    fast, plain = _parsers()
    env = {**ENV, **options}
    assert fast.render(source, dict(env)) == plain.render(source, dict(env))


def test_no_rule_matches_where_it_is_skipped():
    matches: list = []
    md = _audited_parser(matches)
    for case in INPUTS:
        source, options = case.values
        md.parse(source, {**ENV, **options})
    assert matches == []


def test_a_rule_outside_the_tables_is_tried_everywhere():
    md = build_parser()
    seen = []

    def note(state, silent):
        if state.src[state.pos] == "%":
            seen.append(state.pos)
        return False
    md.inline.ruler.before("text", "note_percent", note)
    from sitegen.markdown.dispatch import dispatch_plugin
    dispatch_plugin(md)  # ruler changed: the chains are built again
    md.render("a % b %\n", dict(ENV))
    assert seen == [2, 6]
