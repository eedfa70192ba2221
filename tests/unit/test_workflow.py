"""The publishing workflow (.github/workflows/site.yml), read with PyYAML:
tests and the strict check run before the build; only a push to main
deploys to GitHub Pages; a pull request builds and uploads an artifact and
posts nothing anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "site.yml"
COMMENT_POSTERS = ("github-script", "comment", "sticky-pull-request", "create-or-update-comment")


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads a bare `on` key as True
    return workflow.get("on", workflow.get(True))


def runs(condition, event: str, ref: str) -> bool:
    """Evaluate the small subset of GitHub expressions the workflow uses."""
    if condition is None:
        return True
    expr = str(condition).strip()
    expr = re.sub(r"^\$\{\{(.*)\}\}$", r"\1", expr).strip()
    assert re.fullmatch(r"[\w.\s=!&|'()/-]+", expr), f"unexpected expression: {expr}"
    expr = expr.replace("github.event_name", repr(event)).replace("github.ref", repr(ref))
    expr = expr.replace("&&", " and ").replace("||", " or ")
    expr = re.sub(r"!(?!=)", " not ", expr)
    return bool(eval(expr, {"__builtins__": {}}, {}))


def steps_for(workflow: dict, event: str, ref: str) -> list[dict]:
    """Every step that runs for an event, job conditions included."""
    found = []
    for job in workflow["jobs"].values():
        if not runs(job.get("if"), event, ref):
            continue
        found += [step for step in job.get("steps", []) if runs(step.get("if"), event, ref)]
    return found


def text(step: dict) -> str:
    return f"{step.get('uses', '')} {step.get('run', '')}"


def test_triggers_are_push_to_main_and_pull_requests(workflow):
    on = triggers(workflow)
    assert set(on) == {"push", "pull_request"}
    assert on["push"]["branches"] == ["main"]


def test_push_to_main_tests_checks_builds_and_deploys(workflow):
    steps = [text(s) for s in steps_for(workflow, "push", "refs/heads/main")]
    joined = "\n".join(steps)
    assert "make test" in joined
    assert "sitegen check --source . --strict" in joined
    assert "make site" in joined or "sitegen build" in joined
    assert "--base-url" in joined
    order = [next(i for i, s in enumerate(steps) if needle in s)
             for needle in ("actions/checkout", "make test", "sitegen check", "sitegen build",
                            "actions/upload-pages-artifact", "actions/deploy-pages")]
    assert order == sorted(order)
    assert any("actions/configure-pages" in s for s in steps)


def test_build_runs_on_debian_with_python_311(workflow):
    # Debian, so `make test` gets a real chromium package, not Ubuntu's snap shim
    assert workflow["jobs"]["build"]["container"] == "python:3.11-bookworm"


def test_deploy_job_only_on_push_to_main_with_pages_permissions(workflow):
    deploy = [name for name, job in workflow["jobs"].items()
              if any("actions/deploy-pages" in s.get("uses", "") for s in job.get("steps", []))]
    assert deploy == ["deploy"]
    job = workflow["jobs"]["deploy"]
    assert job["needs"] == "build"
    assert job["environment"]["name"] == "github-pages"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert runs(job["if"], "push", "refs/heads/main")
    assert not runs(job["if"], "push", "refs/heads/feature")
    assert not runs(job["if"], "pull_request", "refs/pull/1/merge")


def test_pull_requests_build_and_upload_an_artifact_and_post_nothing(workflow):
    steps = steps_for(workflow, "pull_request", "refs/pull/7/merge")
    joined = "\n".join(text(s) for s in steps)
    assert "make test" in joined and "sitegen build" in joined
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps)
    assert "deploy-pages" not in joined and "upload-pages-artifact" not in joined and "configure-pages" not in joined
    assert not any(poster in text(s) for s in steps for poster in COMMENT_POSTERS)
    assert "gh pr" not in joined and "gh issue" not in joined


def test_no_write_permissions_outside_the_deploy_job(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        if name != "deploy":
            assert "permissions" not in job
