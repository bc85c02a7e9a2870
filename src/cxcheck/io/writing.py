"""Writing files so no reader ever sees half of one, and a set of them all or none; and never
over what the run reads, nor over anything that is not a regular file."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from cxcheck.errors import BadInput, Problem

FOLDERS_READ = (".yaml", ".yml", ".json")  # what a folder named as an input has read from it


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write via a temporary file and a rename, so no reader ever sees half a file."""
    write_all_atomic({path: text})


def write_all_atomic(outputs: Mapping[Path, str | bytes]) -> None:
    """Write several files all or nothing: each goes to a temporary file beside its target, and
    only when every one is complete are they renamed into place. Should a rename fail, those
    already made are undone (the previous files put back), so a failure or Ctrl-C leaves every
    target as it was and no temporary behind.
    """
    staged: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, Path | None]] = []  # target, and a copy of what it held before
    path = None
    try:
        for path, text in outputs.items():
            staged.append((_stage(path, text), path))
        for temporary, path in staged:
            replaced.append((path, _keep_previous(path)))
            os.replace(temporary, path)
    except BaseException as exc:
        _undo(replaced)
        if isinstance(exc, OSError):
            raise BadInput(
                Problem(f"cannot write file: {exc.strerror}; nothing was written", file=str(path))
            ) from None
        raise
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for _, previous in replaced:
            if previous is not None:
                previous.unlink(missing_ok=True)


def _keep_previous(path: Path) -> Path | None:
    """A copy of the file at `path` (a hard link where the file system has them), to put back."""
    if not path.exists():
        return None
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".previous")
    os.close(handle)
    previous = Path(name)
    previous.unlink()
    try:
        os.link(path, previous)
    except OSError:
        shutil.copy2(path, previous)
    return previous


def _undo(replaced: list[tuple[Path, Path | None]]) -> None:
    for path, previous in reversed(replaced):
        try:
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(previous, path)
        except OSError:  # pragma: no cover - a second failure while undoing the first
            pass


def refuse_clashes(outputs: Mapping[str, Path | None], inputs: Mapping[str, Iterable[Path]]) -> None:
    """Refuse, before anything is read or written, an output that is one of the run's inputs or
    another output, compared by the file they resolve to (symlinks, hard links, `./a` and `a`),
    and an output that exists but is not a regular file (`/dev/stdout`, a FIFO, a device).

    `outputs` maps each option to its path; `inputs` maps a description ("an answers file") to
    paths, where a folder stands for every file in it, and for the YAML or JSON file an output
    would add to it (the next run would read it as a pack or an answers file).
    """
    taken: dict[object, str] = {}
    for what, paths in inputs.items():
        for read in paths:
            for key in _identities(read):
                taken.setdefault(key, what)
    for option, path in outputs.items():
        if path is None:
            continue
        keys = _identities(path)
        inside = ("inside", Path(os.path.realpath(path.parent if str(path.parent) else ".")))
        clash = next((taken[key] for key in keys if key in taken), None)
        if clash is not None:
            hint = "; to refresh the baseline, add --no-baseline" if clash == "the baseline" else ""
            raise BadInput(Problem(f"{option} {path} is also {clash}", expected="a file of its own" + hint))
        if inside in taken and path.suffix.lower() in FOLDERS_READ:
            raise BadInput(Problem(f"{option} {path} is inside {taken[inside]}", expected="a file elsewhere"))
        refuse_special(path, option)
        for key in keys:
            taken[key] = option


def _identities(path: Path) -> set[object]:
    """What makes two names one file: the resolved path, and the device and inode if it exists.
    A folder also stands for everything inside it (an output's ("inside", its folder))."""
    keys: set[object] = {Path(os.path.realpath(path))}
    try:
        info = path.stat()
    except OSError:
        return keys
    keys.add((info.st_dev, info.st_ino))
    if stat.S_ISDIR(info.st_mode):
        keys.add(("inside", Path(os.path.realpath(path))))
    return keys


def refuse_special(path: Path, option: str | None = None) -> None:
    """Refuse a target that exists but is not a regular file of its own: a folder, a device, a
    FIFO, `/dev/stdout` (which, replaced, would become a regular file), or a symbolic link."""
    try:
        link, info = path.lstat(), path.stat()
    except OSError:
        return  # nothing there yet, or a dangling link: writing replaces the name
    named = f"{option} {path}" if option else str(path)
    if stat.S_ISREG(info.st_mode) and not stat.S_ISLNK(link.st_mode):
        return
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(Problem("cannot write here: this is a folder", file=str(path)))
    if stat.S_ISREG(info.st_mode):
        raise BadInput(
            Problem(
                f"{named} is a symbolic link; cxcheck replaces files, not what links point to",
                expected=f"the file itself: {os.path.realpath(path)}",
            )
        )
    raise BadInput(
        Problem(
            f"{named} is not a regular file",
            expected="a file to write; leave out the option to print to standard output",
        )
    )


def _stage(path: Path, text: str | bytes) -> Path:
    """`text` in a complete temporary file beside `path`, with the mode a new file would get."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(Problem("cannot write here: the folder does not exist", file=str(path)))
    refuse_special(path)
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
