"""Which ``Host`` headers ``sitegen serve`` answers.

A page on another site can reach a preview on 127.0.0.1 through DNS
rebinding (its own name, resolved to 127.0.0.1 a moment later), and read it
as same-origin.  Such a request carries that foreign name in ``Host``; so,
as webpack-dev-server's ``allowedHosts`` does, only loopback names and
addresses are answered (``localhost`` and ``*.localhost``, ``127.0.0.0/8``,
``[::1]``, any port), plus the ``--host`` the server listens on.  Listening
on every address (``--host 0.0.0.0`` or ``::``), IP addresses are answered
too (a rebinding attack needs a name), so a phone on the LAN can open
``http://192.168.1.5:8000/``.  No Host, two of them, or odd bytes: refused.
"""

from __future__ import annotations

import ipaddress
import re

_PORT = re.compile(r":\d{1,5}\Z")
_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\Z")
WILDCARDS = ("", "0.0.0.0", "::")


def host_name(value: str) -> str | None:
    """The name or address of a ``Host`` value (port dropped, brackets of an
    IPv6 address kept off, lower case); None when it is not one."""
    if not value or len(value) > 300 or any(ord(c) < 0x21 or ord(c) > 0x7E for c in value):
        return None
    match = _PORT.search(value)
    if match:
        if int(match.group()[1:]) > 65535:
            return None
        value = value[: match.start()]
    if value.startswith("["):
        if not value.endswith("]"):
            return None
        try:
            return str(ipaddress.IPv6Address(value[1:-1]))
        except ValueError:
            return None
    value = value.lower().removesuffix(".")
    return value if _NAME.match(value) else None


def _address(name: str):
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


class HostCheck:
    """``allowed(values)``: whether a request with these Host headers is answered."""

    def __init__(self, listen_host: str):
        self.listen_host = listen_host
        if ":" in listen_host and not listen_host.startswith("["):  # a bare IPv6 address
            self.given = host_name(f"[{listen_host}]")
        else:
            self.given = host_name(listen_host)
        self.any_address = listen_host in WILDCARDS

    def allowed(self, values: list[str]) -> bool:
        if len(values) != 1:
            return False
        name = host_name(values[0])
        if name is None:
            return False
        if name == "localhost" or name.endswith(".localhost"):
            return True
        if self.given is not None and name == self.given:
            return True
        address = _address(name)
        if address is None:
            return False
        return address.is_loopback or self.any_address

    def refusal(self, values: list[str]) -> bytes:
        if not values:
            why = "the request has no Host header"
        elif len(values) > 1:
            why = "the request has more than one Host header"
        else:
            shown = values[0].encode("ascii", "backslashreplace").decode("ascii")
            shown = "".join(c if 0x20 <= ord(c) < 0x7F else f"\\x{ord(c):02x}" for c in shown)[:100]
            why = f"Host `{shown}` is not this preview server"
        extra = f", {self.listen_host}" if self.given and self.given not in ("localhost", "127.0.0.1", "::1") else ""
        return (f"403 Forbidden: {why}.\nsitegen serve answers only localhost, 127.0.0.1 and [::1]{extra} "
                "(a page elsewhere must not read the preview).\n").encode("ascii", "replace")
