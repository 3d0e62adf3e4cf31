"""Files in the upload folder on the local disk (the embedded default)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from .keys import check_key


class LocalStorage:
    def __init__(self, folder: str | os.PathLike[str]):
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        """The file behind ``key``; ValueError for a key that would leave the folder (also
        through a symlink pointing out)."""
        check_key(key)
        base = self.folder.resolve()
        path = (base / PurePosixPath(key)).resolve()
        if not path.is_relative_to(base) or path == base:
            raise ValueError("storage key leaves the upload folder")
        return path

    def write(self, key: str, data: bytes, content_type: str = "") -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def delete(self, keys: Iterable[str]) -> None:
        paths = [self.path(key) for key in keys]  # all checked before any is removed
        for path in paths:
            path.unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def keys(self) -> Iterator[str]:
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.rglob("*")):
            if path.is_file() and not path.is_symlink() and not path.name.startswith(".upload-"):
                yield path.relative_to(self.folder).as_posix()

    def check(self) -> None:
        """The folder exists (or can be made) and takes a file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        probe = self.folder / f".ready-{uuid.uuid4().hex}"
        probe.write_bytes(b"")
        probe.unlink()
