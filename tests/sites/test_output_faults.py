"""Faults during the write stage: builds killed (kill -9, SIGTERM, SIGINT) at
every step of the swap, leftovers of killed builds cleaned by the next build
(and nothing else touched), the output folder's mode, a previous output that
cannot be listed or emptied, and a failing search indexer."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen import search, write
from sitegen.build import BuildOptions, build
from site_files import write_files

SITE = {
    "site.yml": "title: {ja: テスト, en: Test}\nbase_url: https://example.org/\n",
    "content/ja/index.md": "---\ntitle: ホーム\n---\nVERSION-old\n",
    "content/en/index.md": "---\ntitle: Home\n---\nVERSION-old\n",
    "content/ja/guide/a.md": "---\ntitle: ガイドA\n---\nガイドA VERSION-old\n",
    "content/ja/guide/b.md": "---\ntitle: ガイドB\n---\nガイドB VERSION-old\n",
    "content/en/guide/a.md": "---\ntitle: Guide A\n---\nGuide A VERSION-old\n",
    "content/ja/files/note.txt": "static file\n",
}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path (the whole output, byte for byte)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name and p.name.startswith(out.name))


@pytest.fixture
def sites(tmp_path):
    """A source whose old version is built into ``out``, then edited; ``old``
    and ``new`` are the complete outputs of both versions (built elsewhere)."""
    source = write_files(tmp_path / "src", SITE)
    out = tmp_path / "out" / "_site"
    build(BuildOptions(source=source, out=out, search=False))
    old = tree(out)
    for path in (source / "content").rglob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("VERSION-old", "VERSION-new"), encoding="utf-8")
    reference = tmp_path / "reference"
    build(BuildOptions(source=source, out=reference, search=False))
    new = tree(reference)
    assert old != new and b"VERSION-new" in new["index.html"]
    return source, out, old, new


def cli(source: Path, out: Path, *extra: str, env: dict | None = None, code: str | None = None,
        **kwargs) -> subprocess.CompletedProcess:
    """``sitegen build`` in its own process (``code``: a Python prelude run first, in that process)."""
    argv = ["build", "--source", str(source), "--out", str(out), "--no-search", *extra]
    if code is None:
        command = [sys.executable, "-m", "sitegen", *argv]
    else:
        command = [sys.executable, "-c", code + f"\nfrom sitegen.cli import main\nraise SystemExit(main({argv!r}))"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})}, **kwargs)


NO_EXCHANGE = "import sitegen.write as w\nw.exchange = lambda a, b: False"


# --- leftovers ---------------------------------------------------------------------

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _plant(folder: Path, marker: dict | None, files=("index.html",)) -> Path:
    folder.mkdir(parents=True)
    for name in files:
        write_files(folder, {name: f"planted {name}\n"})
    if marker is not None:
        (folder / write.MARKER).write_text(json.dumps(marker), encoding="utf-8")
    return folder


def test_leftovers_of_killed_builds_are_removed_and_nothing_else(sites):
    source, out, old, new = sites
    host, dead = socket.gethostname(), _dead_pid()
    killed = {"tool": "sitegen", "pid": dead, "host": host, "started": time.time() - 60}
    removed = [
        _plant(out.parent / "_site.tmp-111-aaaa", killed, ("index.html", "en/index.html", "pagefind/x.pf_meta")),
        _plant(out.parent / "_site.old-222-bbbb", killed, ("index.html", "sitemap.xml")),
        _plant(out.parent / "_site.tmp-333-cccc", None, ()),  # killed right after making it: empty
    ]
    kept = [
        _plant(out.parent / "_site.tmp-mine", None),  # no marker: not made by sitegen
        _plant(out.parent / "_site.old-backup", {"tool": "other", "pid": dead, "host": host, "started": 0}),
        _plant(out.parent / "_site.tmp-running", {"tool": "sitegen", "pid": os.getpid(), "host": host,
                                                   "pid_start": write._process_start(os.getpid()),
                                                   "started": time.time() - 60}),  # a build still running
        _plant(out.parent / "_site.tmp-future", {**killed, "started": time.time() + 3600}),  # newer than this build
        _plant(out.parent / "_site.tmp-elsewhere", {**killed, "host": host + "-other"}),  # another machine's
        _plant(out.parent / "other.tmp-444-dddd", killed),  # another output's
        _plant(out.parent / "_site.tmp-sub" / "inner", killed),  # marker not at the top
    ]
    target = _plant(out.parent.parent / "outside", killed)
    (out.parent / "_site.tmp-link").symlink_to(target)  # a link: never followed, never removed
    (out.parent / "_site.old-file").write_text("a file, not a folder\n")

    result = cli(source, out)
    assert result.returncode == 0, result.stderr
    for folder in removed:
        assert not folder.exists(), folder
        assert f"sitegen: note: removed {'the empty folder ' if folder.name.endswith('cccc') else ''}{folder.name}" \
               in result.stderr
    assert result.stderr.count("left by an interrupted build") == len(removed)
    for folder in kept:
        assert (folder / "index.html").read_text() == "planted index.html\n", folder
    assert (target / "index.html").exists() and (out.parent / "_site.tmp-link").is_symlink()
    assert (out.parent / "_site.old-file").is_file()
    assert tree(out) == new

    again = cli(source, out)  # nothing left to say
    assert again.returncode == 0 and "interrupted" not in again.stderr


def test_a_marker_never_reaches_the_published_site(sites):
    source, out, old, new = sites
    assert write.MARKER not in tree(out)
    assert cli(source, out).returncode == 0
    assert write.MARKER not in tree(out) and siblings(out) == []


# --- kill -9, SIGTERM, SIGINT --------------------------------------------------------

def _assert_old_or_new(out: Path, old: dict, new: dict) -> str:
    assert out.is_dir(), "no output folder at all"
    got = tree(out)
    got.pop(write.MARKER, None)  # a build killed between the swap and the marker's removal
    assert got in (old, new), "the output is neither the old nor the new site"
    return "old" if got == old else "new"


@pytest.mark.parametrize("point, expected", [
    ("written", "old"),  # every file staged, not yet swapped
    ("marked", "old"),  # the old output marked, about to be exchanged
    ("swapped", "new"),  # exchanged, the old site not yet removed
])
def test_kill_9_at_each_step_leaves_the_old_or_new_site_and_the_next_build_cleans_up(sites, point, expected):
    source, out, old, new = sites
    killed = cli(source, out, env={write.FAULT_ENV: f"{point}:KILL"})
    assert killed.returncode == -signal.SIGKILL
    assert _assert_old_or_new(out, old, new) == expected
    left = siblings(out)
    assert len(left) == 1 and ".tmp-" in left[0]  # the staging folder (after the exchange: the old site) ...
    after = cli(source, out)  # ... and the next build removes it, saying so
    assert after.returncode == 0, after.stderr
    assert "sitegen: note: removed _site." in after.stderr and "left by an interrupted build" in after.stderr
    assert siblings(out) == [] and tree(out) == new


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2(RENAME_EXCHANGE) is Linux's")
def test_the_exchange_swaps_two_folders_in_one_step(tmp_path):
    a = write_files(tmp_path / "a", {"x.txt": "a"})
    b = write_files(tmp_path / "b", {"y.txt": "b"})
    assert write.exchange(a, b), "this file system has no RENAME_EXCHANGE: builds fall back to two renames"
    assert (a / "y.txt").read_text() == "b" and (b / "x.txt").read_text() == "a"
    with pytest.raises(FileNotFoundError):
        write.exchange(a, tmp_path / "missing")


def test_without_an_atomic_exchange_two_renames_and_the_next_build_recovers(sites):
    source, out, old, new = sites
    ok = cli(source, out, code=NO_EXCHANGE)  # the fallback works
    assert ok.returncode == 0, ok.stderr
    assert tree(out) == new and siblings(out) == []
    build(BuildOptions(source=write_files(source, {"content/ja/index.md": "---\ntitle: ホーム\n---\nthird\n"}),
                       out=out, search=False))
    third = tree(out)
    write_files(source, {"content/ja/index.md": "---\ntitle: ホーム\n---\nfourth\n"})
    killed = cli(source, out, code=NO_EXCHANGE, env={write.FAULT_ENV: "parked:KILL"})
    assert killed.returncode == -signal.SIGKILL
    assert not out.exists()  # the documented moment without an output folder
    parked = [out.parent / name for name in siblings(out) if ".old-" in name]
    assert len(parked) == 1 and (parked[0] / write.MARKER).is_file()  # recognisable...
    assert {k: v for k, v in tree(parked[0]).items() if k != write.MARKER} == third  # ... and complete
    after = cli(source, out)
    assert after.returncode == 0 and siblings(out) == []
    assert b"fourth" in tree(out)["index.html"]


@pytest.mark.parametrize("point, sig, expected", [
    ("staging", "TERM", "old"),  # while pages are rendered and staged: staging removed
    ("staging", "INT", "old"),
    ("written", "TERM", "old"),  # interrupted while staging: staging removed
    ("written", "INT", "old"),
    ("marked", "TERM", "new"),  # arrived during the swap: the swap finishes first, then the build stops
    ("swapped", "HUP", "new"),
])
def test_sigterm_and_sigint_during_the_write_stage_leave_nothing_behind(sites, point, sig, expected):
    source, out, old, new = sites
    result = cli(source, out, env={write.FAULT_ENV: f"{point}:{sig}"})
    assert result.returncode == 128 + getattr(signal, "SIG" + sig), result.stderr
    assert "Traceback" not in result.stderr and "sitegen: interrupted" in result.stderr
    assert _assert_old_or_new(out, old, new) == expected
    assert write.MARKER not in tree(out)
    assert siblings(out) == []


def test_an_error_found_while_rendering_leaves_the_old_site_and_no_staging_folder(sites):
    """Pages are staged as they are rendered; one found broken after others
    were staged fails the build, and nothing of it is published."""
    source, out, old, new = sites
    page = source / "content" / "ja" / "guide" / "b.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[消えたページ](gone.md)\n", encoding="utf-8")
    result = cli(source, out)
    assert result.returncode == 1, result.stderr
    assert "content/ja/guide/b.md:6: error: link to a missing page: `gone.md`" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree(out) == old and siblings(out) == []


def _set_version(source: Path, version: str) -> None:
    for path in (source / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("VERSION-old", version).replace("VERSION-new", version), encoding="utf-8")
        for other in ("VERSION-a", "VERSION-b"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(other, version), encoding="utf-8")


def test_kill_9_from_outside_at_random_moments(sites, tmp_path):
    """kill -9 from outside at moments spread over builds with the search
    index (fixed seed; half of them once the staging folder exists, so in
    the write stage or during Pagefind): the output is always the old or the
    new site, and the next build removes what the killed one left."""
    source, out, _, _ = sites
    rng = random.Random(18)
    versions = {}
    for version in ("VERSION-a", "VERSION-b"):
        _set_version(source, version)
        build(BuildOptions(source=source, out=tmp_path / version, search=True))
        versions[version] = tree(tmp_path / version)
    command = [sys.executable, "-m", "sitegen", "build", "--source", str(source), "--out", str(out)]
    current = "VERSION-b"
    shutil.rmtree(out)
    shutil.copytree(tmp_path / current, out)
    for trial in range(3):
        target = "VERSION-a" if current == "VERSION-b" else "VERSION-b"
        _set_version(source, target)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if trial % 2:
            deadline = time.monotonic() + 30
            while (not any(".tmp-" in name for name in siblings(out)) and proc.poll() is None
                   and time.monotonic() < deadline):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.4))
        else:
            time.sleep(rng.uniform(0.3, 2.0))
        proc.kill()
        proc.wait()
        _assert_old_or_new(out, versions[current], versions[target])
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert siblings(out) == [] and tree(out) == versions[target]
        current = target


# --- the output folder's mode --------------------------------------------------------

@pytest.mark.parametrize("umask, mode", [(0o022, 0o755), (0o027, 0o750), (0o002, 0o775)])
def test_the_published_folder_gets_the_umask_mode_like_its_subfolders(sites, umask, mode):
    source, out, old, new = sites
    result = cli(source, out, preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    assert oct(out.stat().st_mode & 0o7777) == oct(mode)  # not mkdtemp's 0700
    assert oct((out / "guide").stat().st_mode & 0o7777) == oct(mode)
    assert oct((out / "index.html").stat().st_mode & 0o7777) == oct(mode & 0o666)


# --- a previous output this user cannot list or empty -----------------------------------

def _without_permission_override() -> list[str]:
    """A command prefix under which file modes apply: none for a normal user;
    as root (whom no mode stops), util-linux's ``setpriv`` dropping the
    capabilities that override them (the process stays root, owner of the
    test files, and is refused by their modes as any owner would be)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without util-linux's setpriv: file modes cannot be made to apply")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


@pytest.mark.parametrize("blocked, mode, what", [
    ("", 0o000, "its contents cannot be listed"),  # the output itself: no read, no search
    ("", 0o300, "its contents cannot be listed"),  # write and search, no read
    ("guide", 0o555, "this folder of it cannot be listed or emptied"),  # a subfolder: not writable
])
def test_a_previous_output_this_user_cannot_list_or_empty_is_a_clear_error(sites, blocked, mode, what):
    """Real permissions (as root, with the capabilities that override them dropped)."""
    source, out, old, new = sites
    prefix = _without_permission_override()
    (out / blocked).chmod(mode)
    try:
        result = subprocess.run([*prefix, sys.executable, "-m", "sitegen", "build", "--source", str(source),
                                 "--out", str(out), "--no-search"], capture_output=True, text=True, timeout=60)
    finally:
        (out / blocked).chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    folder = out / blocked if blocked else out
    assert f"{folder}: error: the previous output cannot be replaced: permission denied: {what}" in result.stderr
    assert f"(chmod -R u+rwX {out})" in result.stderr
    assert tree(out) == old and siblings(out) == []


# --- the search indexer fails ------------------------------------------------------------

def _fake_pagefind(behaviour):
    real_run = subprocess.run

    def run(command, *args, **kwargs):
        if command[1:3] != ["-m", "pagefind"]:
            return real_run(command, *args, **kwargs)
        if behaviour == "enospc":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        site = Path(command[command.index("--site") + 1])
        bundle = site / "pagefind"
        bundle.mkdir()
        if behaviour == "truncated":  # killed by a full disk half-way through its entry file
            (bundle / "pagefind-entry.json").write_text('{"version": "1.5.2", "langu')
        elif behaviour == "missing":
            pass
        return subprocess.CompletedProcess(command, 0, "", "")

    return run


@pytest.mark.parametrize("behaviour, message", [
    ("enospc", "search indexing failed: could not run Pagefind: No space left on device"),
    ("truncated", "search indexing failed: Pagefind's index is incomplete or unreadable (JSONDecodeError"),
    ("missing", "search indexing failed: cannot finish the search index: No such file or directory"),
])
def test_an_indexer_failure_is_a_clear_error_and_the_old_site_stays(sites, run_cli, monkeypatch, behaviour, message):
    source, out, old, new = sites
    monkeypatch.setattr(search.subprocess, "run", _fake_pagefind(behaviour))
    code, stdout, stderr = run_cli("build", "--source", source, "--out", out)
    assert code == 1, stderr
    assert message in stderr and "Traceback" not in stderr
    assert "nothing was written" in stderr
    assert tree(out) == old and siblings(out) == []


def test_disk_full_while_finishing_the_index(sites, run_cli, monkeypatch):
    """Pagefind itself succeeds; rewriting its filter files hits a full disk."""
    source, out, old, new = sites

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "filter/ja_x.pf_filter")

    monkeypatch.setattr(search, "_replace", full)
    code, stdout, stderr = run_cli("build", "--source", source, "--out", out)
    assert code == 1
    assert "search indexing failed: cannot finish the search index: No space left on device" in stderr
    assert "the disk is full" in stderr and "Traceback" not in stderr
    assert tree(out) == old and siblings(out) == []
