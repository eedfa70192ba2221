"""``sitegen check --external``: fetch every external link (network; never in tests)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from .report import ExternalLink


def check_external(links: list[ExternalLink], timeout: float = 5.0, workers: int = 8) -> list[ExternalLink]:
    """HEAD every external link (GET when HEAD is refused); record the status."""
    import urllib.error
    import urllib.request

    def probe(link: ExternalLink) -> ExternalLink:
        url = "https:" + link.url if link.url.startswith("//") else link.url
        headers = {"User-Agent": "sitegen-check/1 (+link check)"}
        for method in ("HEAD", "GET"):
            try:
                request = urllib.request.Request(url.split("#", 1)[0], method=method, headers=headers)
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    return replace(link, status="ok" if response.status < 400 else f"HTTP {response.status}")
            except urllib.error.HTTPError as exc:
                if method == "HEAD" and exc.code in (403, 404, 405, 501):
                    continue  # some servers refuse HEAD; ask again with GET
                return replace(link, status=f"HTTP {exc.code}")
            except Exception as exc:  # noqa: BLE001 - DNS, TLS, timeouts: all mean "not reachable"
                return replace(link, status=type(exc).__name__ + (f": {exc.reason}" if hasattr(exc, "reason") else ""))
        return replace(link, status="failed")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(probe, links))
