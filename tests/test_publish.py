"""`handshake publish-setup github` (and `init --github`): a workflow that installs Handshake from the journal's
own files and the package index alone, on the journal's branch, with write permissions only where it deploys."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from conftest import run, write_journal

from handshake_plugin.engine.plugin import PASSPHRASE_EXAMPLE

WORKFLOW = Path(".github") / "workflows" / "handshake.yml"
ACTIONS = {"actions/checkout": "v7", "actions/setup-python": "v7", "actions/configure-pages": "v6",
           "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5"}
"""The newest major of each official action, each on Node 24 (checked when this was written)."""


def _journal(tmp_path: Path, branch: str | None = None) -> Path:
    root = write_journal(tmp_path / "journal", {"ada.yml": "name: Ada Lovelace\n"})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - search\n  - handshake:\n", "  search: {}\n  handshake:\n"))
    if branch is not None:
        subprocess.run(["git", "init", "-q", "-b", branch, str(root)], check=True)
    return root


def _steps(root: Path) -> list[dict]:
    flow = yaml.safe_load((root / WORKFLOW).read_text(encoding="utf-8"))
    return flow["jobs"]["build"]["steps"]


def test_the_workflow_runs_on_the_journal_branch_with_current_actions_and_pip_cache(tmp_path: Path) -> None:
    root = _journal(tmp_path, branch="master")
    result = run(["handshake", "publish-setup", "github"], root)
    assert result.returncode == 0, result.stderr
    assert "every push to master, this journal's branch" in result.stdout
    assert "commit .github, .handshake and mkdocs.encrypted.yml" in result.stdout
    flow = yaml.safe_load((root / WORKFLOW).read_text(encoding="utf-8"))
    assert flow[True]["push"]["branches"] == ["master"]  # YAML 1.1 reads the key `on` as true
    assert flow["permissions"] == {"contents": "read"}
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    steps = flow["jobs"]["build"]["steps"] + flow["jobs"]["deploy"]["steps"]
    used = dict(s["uses"].split("@") for s in steps if "uses" in s)
    assert used == ACTIONS
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))["with"]
    assert python["cache"] == "pip" and python["cache-dependency-path"] == ".handshake/*.whl"
    assert not any("handshake-plugin[" in s.get("run", "") for s in steps)  # nothing from an index that lacks it


def test_outside_a_repository_it_publishes_main_or_master_and_says_how_to_change_it(tmp_path: Path) -> None:
    result = run(["handshake", "init", "journal", "--github"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "every push to main or master" in result.stdout and "change `branches: [main, master]`" in result.stdout
    flow = yaml.safe_load((tmp_path / "journal" / WORKFLOW).read_text(encoding="utf-8"))
    assert flow[True]["push"]["branches"] == ["main", "master"]
    assert len(list((tmp_path / "journal" / ".handshake").glob("handshake_plugin-*.whl"))) == 1


def test_the_wheel_holds_the_installed_handshake_with_a_true_record(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    assert run(["handshake", "publish-setup", "github"], root).returncode == 0
    wheel = root / ".handshake" / f"handshake_plugin-{version('handshake-plugin')}-py3-none-any.whl"
    first = wheel.read_bytes()
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/RECORD"))
        assert {"handshake_plugin/engine/plugin.py", "handshake_plugin/render/templates/handshake/person.html",
                "handshake_plugin/schema/person.schema.json", "handshake_plugin/files/scaffold/github/handshake.yml",
                f"{info}/METADATA", f"{info}/WHEEL", f"{info}/entry_points.txt"} <= names
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        assert "[mkdocs.plugins]" in entry_points and "[properdocs.plugins]" in entry_points
        assert "Requires-Dist: mkdocs-encryptcontent-plugin" in archive.read(f"{info}/METADATA").decode()
        record = archive.read(f"{info}/RECORD").decode().splitlines()
        assert {line.split(",")[0] for line in record} == names
        for line in record:
            name, digest, size = line.split(",")
            if digest:
                data = archive.read(name)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert digest == f"sha256={expected}" and int(size) == len(data), name
    # written again unchanged: the same bytes (git and pip's cache see no change); an older wheel goes
    (root / ".handshake" / "handshake_plugin-0.0.1-py3-none-any.whl").write_bytes(b"old")
    again = run(["handshake", "publish-setup", "github"], root)
    assert again.returncode == 0 and "kept .github/workflows/handshake.yml as it is" in again.stdout
    assert wheel.read_bytes() == first
    assert sorted(p.name for p in (root / ".handshake").iterdir()) == [wheel.name]


def test_a_workflow_that_installs_from_elsewhere_is_refused_and_kept(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / WORKFLOW).write_text("run: pip install 'handshake-plugin[encrypt]'\n")
    result = run(["handshake", "publish-setup", "github"], root)
    assert result.returncode == 2 and "does not install Handshake from .handshake/" in result.stderr
    assert (root / WORKFLOW).read_text() == "run: pip install 'handshake-plugin[encrypt]'\n"
    assert not (root / ".handshake").exists()


def test_a_place_it_cannot_write_the_wheel_into_is_a_message(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    (root / ".handshake").write_text("a file where the folder goes")
    result = run(["handshake", "publish-setup", "github"], root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "the wheel of Handshake could not be written there" in result.stderr
    assert not (root / WORKFLOW).exists()


def test_the_missing_password_message_suggests_a_passphrase_that_passes_strict(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    assert run(["handshake", "publish-setup", "github"], root).returncode == 0
    args = ["mkdocs", "build", "--strict", "-f", "mkdocs.encrypted.yml", "-d", str(tmp_path / "site")]
    missing = run(args, root, env={"HANDSHAKE_PASSWORD": ""})
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    suggested = re.search(r"HANDSHAKE_PASSWORD='([^']+)' mkdocs build --strict", missing.stderr)
    assert suggested is not None, missing.stderr
    assert suggested[1] == PASSPHRASE_EXAMPLE
    built = run(args, root, env={"HANDSHAKE_PASSWORD": suggested[1]})
    assert built.returncode == 0, built.stderr


def test_a_properdocs_yml_journal_gets_an_encrypted_config_that_inherits_it(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    (root / "mkdocs.yml").rename(root / "properdocs.yml")
    assert run(["handshake", "publish-setup", "github"], root / "people").returncode == 0
    assert "INHERIT: properdocs.yml\n" in (root / "mkdocs.encrypted.yml").read_text(encoding="utf-8")
    build = next(s for s in _steps(root) if "mkdocs build" in s.get("run", ""))["run"].split()
    built = run([*build[:-1], str(tmp_path / "site")], root, env={"HANDSHAKE_PASSWORD": PASSPHRASE_EXAMPLE})
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def _step_env(step: dict, secrets: dict[str, str]) -> dict[str, str]:
    """A step's `env:`, with `${{ secrets.NAME }}` as GitHub would fill it in."""
    env = {}
    for key, value in (step.get("env") or {}).items():
        env[key] = re.sub(r"\$\{\{\s*secrets\.(\w+)\s*\}\}", lambda m: secrets.get(m[1], ""), str(value))
    return env


@pytest.mark.network
def test_the_workflow_install_and_build_steps_work_in_a_fresh_venv(tmp_path: Path) -> None:
    """The workflow's own install and build steps, as written in the YAML, in a fresh venv with the package index
    and nothing else: Handshake comes from the journal's .handshake/."""
    root = _journal(tmp_path, branch="main")
    assert run(["handshake", "publish-setup", "github"], root).returncode == 0
    steps = _steps(root)
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    build = next(s for s in steps if "mkdocs build" in s.get("run", ""))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    base.update(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", VIRTUAL_ENV=str(venv),
                PIP_DISABLE_PIP_VERSION_CHECK="1")
    secrets = {"HANDSHAKE_PASSWORD": PASSPHRASE_EXAMPLE}
    bash = shutil.which("bash") or "bash"
    for step in (install, build):  # GitHub runs a `run:` step with bash -e -o pipefail
        done = subprocess.run([bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=root,
                              env={**base, **_step_env(step, secrets)}, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"{step.get('name')}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import handshake_plugin as h; print(h.__file__)"],
                           capture_output=True, text=True, env=base, cwd=tmp_path, check=True).stdout
    assert where.startswith(str(venv)), where  # installed from the wheel, not this checkout
    site = root / "site"
    assert (site / "index.html").is_file() and (site / "people").is_dir()
    for path in site.rglob("*"):
        if path.is_file():
            assert b"Lovelace" not in path.read_bytes(), path
    assert "mkdocs-content-password" in (site / "index.html").read_text(encoding="utf-8")
