"""dev.py, the one entry point: it speaks Chinese, refuses an unknown command, and installs only what the locks
hold (every package, direct and transitive, checked by its hash)."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import sys

import pytest
from support import ROOT

CHINESE = re.compile(r"[\u4e00-\u9fff]")
COMMANDS = ("serve", "build", "test", "bench", "lock", "help")


def load_dev(root=ROOT):
    spec = importlib.util.spec_from_file_location("dev", root / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_py(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "dev.py"), *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8")


@pytest.mark.parametrize("args", [["help"], [], ["--help"]], ids=["help", "nothing", "--help"])
def test_help_is_in_chinese(args):
    done = dev_py(*args)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("用法：python3 dev.py <命令>")
    for command in COMMANDS:
        line = next(line for line in done.stdout.splitlines() if f"python3 dev.py {command}" in line)
        assert CHINESE.search(line.split(f"dev.py {command}", 1)[1]), f"{command} is not explained in Chinese: {line}"


def test_an_unknown_command_is_refused_in_chinese_with_exit_2():
    done = dev_py("nosuch")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("未知的命令：nosuch\n")
    assert "用法：" in done.stderr, "the usage follows, so the right command can be found"


def test_every_message_is_in_chinese():
    """Every text dev.py shows (say, print, sys.exit) has Chinese in it; commands and paths may be spelt out."""
    tree = ast.parse((ROOT / "dev.py").read_text(encoding="utf-8"))
    shown = []
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and ast.unparse(call.func) in ("say", "print", "sys.exit") and call.args:
            text = "".join(part.value for part in ast.walk(call.args[0])
                           if isinstance(part, ast.Constant) and isinstance(part.value, str))
            shown.append((call.lineno, text))
    assert len(shown) >= 8
    not_chinese = [(line, text) for line, text in shown if text and not CHINESE.search(text)
                   and text not in ("[dev] ",)]
    assert not not_chinese, not_chinese


# --- the locks --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("requirements", ["requirements.txt", "requirements-test.txt"])
def test_the_lock_holds_every_pin_with_its_hashes(requirements):
    dev = load_dev()
    assert dev.stale_pins(requirements) == [], "run: python3 dev.py lock"
    lock = (ROOT / dev.LOCKS[requirements]).read_text(encoding="utf-8")
    entries = re.split(r"^(?=[A-Za-z0-9])", lock, flags=re.M)
    packages = [entry for entry in entries if re.match(r"[A-Za-z0-9][\w.-]*==", entry)]
    assert len(packages) == len(dev.pins(ROOT / dev.LOCKS[requirements])) > len(dev.pins(ROOT / requirements))
    unhashed = [entry.split()[0] for entry in packages if "--hash=sha256:" not in entry]
    assert not unhashed, f"locked without a hash: {unhashed}"
    assert not re.search(r"^\s*(-e|--index-url|--extra-index-url|--find-links)\b", lock, re.M), "no machine's index"


def test_the_test_lock_holds_the_sites_packages_at_the_same_versions():
    dev = load_dev()
    site, test = (dev.pins(ROOT / dev.LOCKS[name]) for name in ("requirements.txt", "requirements-test.txt"))
    assert {name: test.get(name) for name in site} == site


def test_set_up_refuses_a_lock_older_than_the_pins(tmp_path, monkeypatch):
    """A pin added to requirements.txt (say, in a merge) without `python3 dev.py lock` stops dev.py, in Chinese,
    before anything is installed."""
    for name in ("requirements.txt", "requirements-test.txt", "requirements.lock", "requirements-test.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    with open(tmp_path / "requirements.txt", "a", encoding="utf-8") as pins:
        pins.write("example-added-package==1.0  # added without relocking\n")
    dev = load_dev()
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    monkeypatch.setattr(dev, "VENV", tmp_path / ".venv")
    for requirements in ("requirements.txt", "requirements-test.txt"):
        with pytest.raises(SystemExit) as stopped:
            dev.set_up(requirements)
        assert str(stopped.value) == (f"{dev.LOCKS[requirements]} 与 {requirements} 不一致（example-added-package==1.0 "
                                      "未锁定）。请运行 python3 dev.py lock 更新锁定文件。")
    assert not (tmp_path / ".venv").exists(), "nothing was installed"
