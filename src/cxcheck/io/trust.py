"""Which settings files may steer a run: git's `safe.directory` rule (CVE-2022-24765) for
cxcheck.

A settings file found by walking up from the current folder can name files to write (`output`,
`plan`, `junit`). Anyone who can write a parent folder could plant one, so a file found by the
walk is obeyed only when
- it lies at or below the repository root (the folder holding `.git`) or the home folder: the
  walk stops there and never reads a shared parent such as /tmp or /home;
- it is owned by the person running cxcheck (a symlink and what it points to, both);
- its folder is not writable by everyone, unless it is a sticky folder the person owns.
Anything else is skipped with a note. What it names to write must stay inside the folder it
governs (`contains`); only the command line reaches further.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cxcheck.errors import BadInput, Problem


def walk_stops_at(folder: Path, home: Path | None) -> bool:
    """The last folder the walk-up looks in: a repository's root or the home folder."""
    return (folder / ".git").exists() or (home is not None and folder == home)


def home_folder() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
        return None


def _owner_is_me(info: os.stat_result) -> bool:
    return info.st_uid == os.geteuid()


def distrust(path: Path) -> str | None:
    """Why the settings file at `path` must not be obeyed, or None when it may be."""
    if not hasattr(os, "geteuid"):  # Windows: ownership is not a uid; folders are per user
        return None
    try:
        link, target = path.lstat(), path.stat()
        folder = path.parent.stat()
    except OSError as exc:
        return f"cannot be checked ({exc.strerror})"
    if not (_owner_is_me(link) and _owner_is_me(target)):
        return f"it is owned by another user (uid {target.st_uid if _owner_is_me(link) else link.st_uid})"
    if not stat.S_ISREG(target.st_mode):
        return "it is not a regular file"
    if folder.st_mode & stat.S_IWOTH and not (folder.st_mode & stat.S_ISVTX and _owner_is_me(folder)):
        return "its folder is writable by every user"
    return None


def contains(folder: Path, path: str) -> bool:
    """Whether `path`, with every symlink followed, lies inside `folder`."""
    governed = os.path.realpath(folder)
    target = os.path.realpath(path)
    return target == governed or target.startswith(governed.rstrip(os.sep) + os.sep)


def refuse_outside(folder: Path, key: str, value: str, where: str, option: str) -> BadInput:
    file, _, line = where.rpartition(":")
    return BadInput(
        Problem(
            f"{key}: {value} is outside the folder this settings file governs ({folder})",
            file=file if line.isdigit() else where,
            line=int(line) if line.isdigit() else None,
            expected=f"a path inside {folder}, or {option} on the command line",
        )
    )
