"""The theme's keys of ``site.yml``, read and validated like every other key.

```yaml
repo_url: https://github.com/org/repo        # "Edit this page" links (and the repository link)
edit_uri: edit/main/                         # relative to repo_url (default for GitHub/GitLab) or a full URL;
                                             # the page's path from the site folder is appended
extra_css: [css/custom.css]                  # files under assets/ (fingerprinted) or https:// URLs
extra_js: [js/custom.js]
logo: img/logo.svg                           # shown before the site title
favicon: img/favicon.png
og_image: img/og.png                         # og:image / twitter:image of every page (front matter `image` wins)
twitter: {username: utelecon, card: summary_large_image}   # or just `twitter: utelecon`
```

An asset path may be written ``css/custom.css``, ``assets/css/custom.css`` or
``/assets/css/custom.css``; it must exist in the site's ``assets/`` (or the
theme's).  Errors name the key's line and say what to write.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from ..links.scan import is_valid_url
from ..schema.kinds import Custom, Enum, Field, ListOf, Mapping, OneOf, Text

TWITTER_CARDS = ("summary", "summary_large_image")
_THEME_ASSETS = Path(__file__).resolve().parent.parent / "theme" / "assets"
# edit_uri when only repo_url is given (MkDocs does the same, for its default branch)
_DEFAULT_EDIT_URI = {"github.com": "edit/main/", "gitlab.com": "-/edit/main/", "bitbucket.org": "src/main/"}


_HTTP_URL = Text(description="an https:// URL", pattern=r"^https?://[^/?#]+")
_FILE_OR_URL = Text(description="a file under assets/ or an http(s) URL")
# site.yml keys of the theme, for the table in config/fields.py (the validator's key list and `sitegen schema`);
# theme_options() below checks them with its own messages (files must exist, ...)
THEME_FIELDS = {
    "repo_url": Field(_HTTP_URL, False, "the source repository, for \"Edit this page\" links"),
    "edit_uri": Field(OneOf((Text(nonempty=False), Custom(lambda v: v in (None, False),
                                                           lambda langs: {"enum": [None, False]}, "false"))),
                      False, "relative to repo_url (`edit/main/`) or a full URL; false: no edit links"),
    "extra_css": Field(OneOf((_FILE_OR_URL, ListOf(_FILE_OR_URL))), False, "stylesheets added to every page"),
    "extra_js": Field(OneOf((_FILE_OR_URL, ListOf(_FILE_OR_URL))), False, "scripts added to every page"),
    "logo": Field(_FILE_OR_URL, False, "an image shown before the site title"),
    "favicon": Field(_FILE_OR_URL, False, "the site's icon"),
    "og_image": Field(_FILE_OR_URL, False, "og:image / twitter:image of every page (front matter `image` wins)"),
    "twitter": Field(OneOf((Text(), Mapping({
        "username": Field(Text(), False, "the account, with or without @"),
        "card": Field(Enum(TWITTER_CARDS), False, "the card type"),
    }))), False, "the site's Twitter/X account, or {username, card}"),
}
THEME_KEYS = tuple(THEME_FIELDS)


@dataclass(frozen=True)
class ThemeOptions:
    repo_url: str | None = None
    edit_base: str | None = None  # the URL a page's path (content/ja/x.md) is appended to
    extra_css: tuple[str, ...] = ()  # asset paths ("css/x.css") or URLs
    extra_js: tuple[str, ...] = ()
    logo: str | None = None
    favicon: str | None = None
    og_image: str | None = None
    twitter_username: str | None = None
    twitter_card: str | None = None


def is_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # `http://[zz`
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) or value.startswith("//")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name longer than the file system takes
        return False


def asset_rel(value: str) -> str:
    """``/assets/css/x.css`` / ``assets/css/x.css`` / ``css/x.css`` → ``css/x.css``."""
    rel = value.strip().lstrip("/")
    return rel[len("assets/"):] if rel.startswith("assets/") else rel


def theme_options(raw: Any, root: Path, bad: Callable[..., None]) -> ThemeOptions:
    """Read the theme's keys; ``bad(key, message, hint=None, line=None)`` reports a problem."""

    def line_of(container, key):
        return container.line_of(key) if hasattr(container, "line_of") else None

    def asset_or_url(key: str, value: Any, line: int | None, what: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            bad(key, f"`{key}` must be {what}, found {_type(value)}", line=line,
                hint=f"write a file under assets/ such as `{_EXAMPLES[key]}` or an https:// URL")
            return None
        value = value.strip()
        if not is_valid_url(value):
            bad(key, f"`{key}` `{value}` is not a valid URL", line=line,
                hint="fix the URL (a host in brackets must be an IPv6 address)")
            return None
        if is_url(value):
            return value
        if urlsplit(value).scheme:
            bad(key, f"`{key}` `{value}` is neither a file under assets/ nor an http(s) URL", line=line,
                hint=f"write a file under assets/ such as `{_EXAMPLES[key]}` or an https:// URL")
            return None
        rel = asset_rel(value)
        parts = rel.split("/")
        if not rel or any(part in ("", ".", "..") for part in parts):
            bad(key, f"`{key}` `{value}` is not a path inside assets/", line=line,
                hint=f"write a path such as `{_EXAMPLES[key]}`")
            return None
        if not (_is_file(root / "assets" / rel) or _is_file(_THEME_ASSETS / rel)):
            bad(key, f"`{key}`: there is no file assets/{rel}", line=line,
                hint=f"put the file at assets/{rel} (next to site.yml), or fix the path")
            return None
        return rel

    invalid = set()
    for key in ("repo_url", "edit_uri"):
        if isinstance(raw.get(key), str) and not is_valid_url(raw[key]):
            bad(key, f"`{key}` `{raw[key]}` is not a valid URL",
                hint="fix the URL (a host in brackets must be an IPv6 address)")
            invalid.add(key)
    repo_url = raw.get("repo_url") if "repo_url" not in invalid else None
    if repo_url is not None and not (isinstance(repo_url, str) and is_url(repo_url) and not repo_url.startswith("//")):
        found = f"`{repo_url}`" if isinstance(repo_url, str) else _type(repo_url)
        bad("repo_url", f"`repo_url` must be an https:// URL such as https://github.com/org/repo, found {found}")
        repo_url = None
    edit_base = None
    if "edit_uri" in raw and "edit_uri" not in invalid:
        edit_uri = raw.get("edit_uri")
        if edit_uri is False or edit_uri is None or edit_uri == "":
            edit_uri = None  # no edit links
        elif not isinstance(edit_uri, str):
            bad("edit_uri", f"`edit_uri` must be a path such as `edit/main/` or a full URL, found {_type(edit_uri)}")
            edit_uri = None
        elif is_url(edit_uri):
            edit_base = edit_uri if edit_uri.endswith("/") else edit_uri + "/"
        elif urlsplit(edit_uri).scheme:
            bad("edit_uri", f"`edit_uri` `{edit_uri}` is neither a path nor an http(s) URL",
                hint="write it relative to repo_url (`edit/main/`) or as a full https:// URL")
        elif repo_url is None:
            if "repo_url" not in raw:
                bad("edit_uri", "`edit_uri` is relative, but there is no `repo_url` to add it to",
                    hint="add `repo_url: https://github.com/org/repo`, or write edit_uri as a full URL")
        else:
            edit_base = _join(repo_url, edit_uri)
    elif repo_url is not None:
        default = _DEFAULT_EDIT_URI.get(urlsplit(repo_url).netloc.lower())
        if default is not None:
            edit_base = _join(repo_url, default)

    lists: dict[str, tuple[str, ...]] = {}
    for key in ("extra_css", "extra_js"):
        value = raw.get(key)
        items: list[str] = []
        if value is None:
            pass
        elif isinstance(value, str):
            found = asset_or_url(key, value, line_of(raw, key), "a file under assets/ or a URL")
            if found:
                items.append(found)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                found = asset_or_url(key, item, line_of(value, index) or line_of(raw, key),
                                     "a file under assets/ or a URL")
                if found:
                    items.append(found)
        else:
            bad(key, f"`{key}` must be a list of files under assets/ or URLs, found {_type(value)}",
                hint=f"write `{key}: [{_EXAMPLES[key]}]`")
        lists[key] = tuple(items)

    single: dict[str, str | None] = {}
    for key in ("logo", "favicon", "og_image"):
        value = raw.get(key)
        single[key] = None if value is None else asset_or_url(key, value, line_of(raw, key),
                                                             "a file under assets/ or a URL")

    username = card = None
    twitter = raw.get("twitter")
    if isinstance(twitter, str):
        twitter = {"username": twitter}
    if isinstance(twitter, dict):
        for key in twitter:
            if key not in ("username", "card"):
                bad("twitter", f"unknown key `twitter.{key}`", line=line_of(twitter, key),
                    hint="`twitter` takes `username` and `card`")
        username = twitter.get("username")
        if username is not None and not (isinstance(username, str) and username.strip().lstrip("@")):
            bad("twitter", f"`twitter.username` must be an account name such as `utelecon`, found {_type(username)}",
                line=line_of(twitter, "username"))
            username = None
        elif username is not None:
            username = "@" + username.strip().lstrip("@")
        card = twitter.get("card")
        if card is not None and card not in TWITTER_CARDS:
            bad("twitter", f"`twitter.card` must be one of {', '.join(TWITTER_CARDS)}, found `{card}`",
                line=line_of(twitter, "card"))
            card = None
    elif twitter is not None:
        bad("twitter", f"`twitter` must be a mapping such as {{username: utelecon, card: summary}}, "
                       f"found {_type(twitter)}")
    return ThemeOptions(repo_url=repo_url, edit_base=edit_base, extra_css=lists["extra_css"],
                        extra_js=lists["extra_js"], logo=single["logo"], favicon=single["favicon"],
                        og_image=single["og_image"], twitter_username=username, twitter_card=card)


_EXAMPLES = {"extra_css": "css/custom.css", "extra_js": "js/custom.js", "logo": "img/logo.svg",
             "favicon": "img/favicon.png", "og_image": "img/og.png"}


def _join(base: str, rel: str) -> str:
    joined = base.rstrip("/") + "/" + rel.strip("/")
    return joined + "/"


def _type(value: Any) -> str:
    from ..yamlfile import type_name

    return type_name(value)
