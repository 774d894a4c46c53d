"""replacing_file: never turns what the user pointed at into something else."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from openwatch.cli.output import replacing_file
from openwatch.core.errors import OpenwatchError


def _write(path: Path, text: str) -> None:
    with replacing_file(path) as out:
        out.write(text)


def test_a_new_file_gets_the_umask_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        _write(tmp_path / "out.csv", "a\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644
    old = os.umask(0o027)
    try:
        _write(tmp_path / "other.csv", "a\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "other.csv").stat().st_mode) == 0o640


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")
    path.chmod(0o664)
    _write(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    _write(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_a_dangling_symbolic_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "made.csv")
    _write(link, "new")
    assert link.is_symlink()
    assert (tmp_path / "made.csv").read_text() == "new"


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)  # daemon: a regression must fail, not hang
    reader.start()
    _write(fifo, "through the pipe\n")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced by a regular file"
    reader.join()
    assert received == [b"through the pipe\n"]


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private copy of a memory device (1, minor): a regression must never replace the real /dev files."""
    path = tmp_path / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        with open(path, "wb"):
            pass
    except PermissionError:
        pytest.skip("making a device node needs root and a file system that allows devices")
    return path


def test_a_device_is_written_through(tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 3)
    _write(null, "gone\n")
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_a_full_device_is_one_clear_error(tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    with pytest.raises(OpenwatchError, match="disk is full"):
        _write(full, "x" * 100_000)
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OpenwatchError, match="is a folder"):
        _write(tmp_path, "x")


def test_a_failed_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")
    with pytest.raises(RuntimeError), replacing_file(path) as out:
        out.write("half")
        raise RuntimeError
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
