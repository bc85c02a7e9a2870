"""Writing files so no reader ever sees half of one, and a set of them all or none."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from cxcheck.errors import BadInput, Problem


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write via a temporary file and a rename, so no reader ever sees half a file."""
    write_all_atomic({path: text})


def write_all_atomic(outputs: Mapping[Path, str | bytes]) -> None:
    """Write several files all or nothing: each goes to a temporary file beside its target, and
    only when every one is complete are they renamed into place. A failure or Ctrl-C before then
    leaves no target changed and no temporary behind.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in outputs.items():
            staged.append((_stage(path, text), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    except OSError as exc:
        raise BadInput(Problem(f"cannot write file: {exc.strerror}", file=str(path))) from None
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def _stage(path: Path, text: str | bytes) -> Path:
    """`text` in a complete temporary file beside `path`, with the mode a new file would get."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(Problem("cannot write here: the folder does not exist", file=str(path)))
    if path.is_dir():
        raise BadInput(Problem("cannot write here: this is a folder", file=str(path)))
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise BadInput(Problem(f"cannot write here: {exc.strerror}", file=str(path))) from None
    temporary = Path(name)
    try:
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        # mkstemp makes files only their owner can read; give the file the mode `open` would
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_new(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """Write `text` complete under a name not yet taken in `folder`: `stem.suffix`, else
    `stem-2.suffix` and so on. Never overwrites, even when another run writes at the same moment:
    the complete file is hard-linked into place, which fails if the name exists."""
    temporary = _stage(folder / f"{stem}{suffix}", text)
    try:
        for number in range(1, 1000):
            path = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
            try:
                os.link(temporary, path)
            except FileExistsError:
                continue
            except OSError as exc:
                raise BadInput(Problem(f"cannot write file: {exc.strerror}", file=str(path))) from None
            return path
        raise BadInput(Problem("too many results saved for one day", file=str(folder / stem)))
    finally:
        temporary.unlink(missing_ok=True)
