"""The README's examples run as written, against a fresh sample database.

Every fenced block of README.md runs, line by line (a line ending in ``\\``
continues), in a temporary folder with its own sample database, unless the
line before its fence is ``<!-- readme: no-run -->`` (installing, a shell's
setup, a server, git). A block starting with ``#!`` is a script and runs
whole. A runnable block holds only openwatch commands (possibly piped or
redirected): anything else must be marked, so nothing is skipped silently.
Example ids (``ID``, ``3f2a``) stand for a real claim: the New York Times
report on Behemoth, found in the sample by the test.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NO_RUN = "<!-- readme: no-run -->"
PLACEHOLDERS = re.compile(r"\b(ID|3f2a)\b")

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Block:
    line: int
    commands: list[str]
    run: bool

    @property
    def script(self) -> bool:
        return bool(self.commands) and self.commands[0].startswith("#!")


def readme_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].startswith("```"):
            start = index
            body: list[str] = []
            index += 1
            while not lines[index].startswith("```"):
                body.append(lines[index])
                index += 1
            previous = next((lines[n].strip() for n in range(start - 1, -1, -1) if lines[n].strip()), "")
            blocks.append(
                Block(start + 1, body if body[:1] and body[0].startswith("#!") else _joined(body), previous != NO_RUN)
            )
        index += 1
    return blocks


def _joined(body: list[str]) -> list[str]:
    commands: list[str] = []
    pending = ""
    for raw in body:
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        command = (pending + raw).strip()
        pending = ""
        if command:
            commands.append(command)
    return commands


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def bin_dir() -> str:
    return str(Path(sys.executable).parent)


def fresh(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "OPENWATCH_DB": str(tmp_path / "data" / "openwatch.db"),
        "HOME": str(tmp_path / "home"),
        "PATH": f"{tmp_path / 'fakebin'}:{bin_dir()}:{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }
    (tmp_path / "home").mkdir()
    (tmp_path / "fakebin").mkdir()
    subprocess.run(["openwatch", "init", "--sample"], env=env, cwd=tmp_path, check=True, capture_output=True)
    return env


def real_id(env: dict[str, str], cwd: Path) -> str:
    import json

    found = subprocess.run(
        ["openwatch", "timeline", "Meta", "--model", "Llama 4 Behemoth", "--format", "json"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return str(next(c["id"] for c in json.loads(found.stdout) if c["source"] == "The New York Times"))


def fake_mail(tmp_path: Path, code: int) -> Path:
    """A ``mail`` that keeps what it was given and exits ``code``."""
    sent = tmp_path / "sent.txt"
    mail = tmp_path / "fakebin" / "mail"
    mail.write_text(f"#!/bin/sh\ncat >> {shlex.quote(str(sent))}\nexit {code}\n")
    mail.chmod(0o755)
    return sent


def test_every_block_is_run_or_marked() -> None:
    for block in BLOCKS:
        if not block.run or block.script:
            continue
        for command in block.commands:
            words = shlex.split(command, comments=True)
            if not words:
                continue  # a comment line
            assert words[0] == "openwatch" or words[:1] == ["cat"], (
                f"README line {block.line}: {command!r} is not an openwatch command; mark its block {NO_RUN}"
            )


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.run], ids=lambda b: f"line-{b.line}")
def test_readme_block_runs(block: Block, tmp_path: Path) -> None:
    env = fresh(tmp_path)
    if block.script:
        fake_mail(tmp_path, 0)
        script = tmp_path / "script.sh"
        script.write_text("\n".join(block.commands) + "\n")
        script.chmod(0o755)
        result = subprocess.run([str(script)], env=env, cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, f"README line {block.line}: {result.stderr}"
        return
    claim = real_id(env, tmp_path)
    for command in block.commands:
        if not shlex.split(command, comments=True):
            continue  # a comment line
        line = PLACEHOLDERS.sub(claim, command)
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", line], env=env, cwd=tmp_path, capture_output=True, text=True
        )
        assert result.returncode == 0, f"README line {block.line}: {line}\nexit {result.returncode}\n{result.stderr}"
        assert "Traceback" not in result.stderr


def watch_script() -> Block:
    return next(b for b in BLOCKS if b.script and any("--fail-on-change" in c for c in b.commands))


@pytest.mark.parametrize("mail_works", [True, False])
def test_the_cron_watch_never_loses_an_alert(tmp_path: Path, mail_works: bool) -> None:
    env = fresh(tmp_path)
    sent = fake_mail(tmp_path, 0 if mail_works else 1)
    stamp = tmp_path / "home" / ".openwatch-last-run"
    stamp.write_text("2000-01-01T00:00:00Z\n")  # every sample claim is news since then
    script = tmp_path / "watch.sh"
    script.write_text("\n".join(watch_script().commands) + "\n")
    script.chmod(0o755)
    result = subprocess.run([str(script)], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert "closed" in sent.read_text()  # the alert was handed to mail
    if mail_works:
        assert result.returncode == 0 and stamp.read_text() != "2000-01-01T00:00:00Z\n"
    else:
        # Not sent: the stamp stays, so the next run alerts again; cron sees the failure.
        assert result.returncode != 0 and stamp.read_text() == "2000-01-01T00:00:00Z\n"
