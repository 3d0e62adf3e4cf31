"""What a storage key may look like, the same for every backend."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath


def check_key(key: str) -> str:
    """``key`` if it is a safe relative key; ValueError for anything that could leave the
    storage (absolute paths, drive letters, ``..``, ``.``, empty parts, backslashes, NUL)."""
    if not isinstance(key, str) or not key or "\x00" in key or "\\" in key:
        raise ValueError("invalid storage key")
    posix, windows = PurePosixPath(key), PureWindowsPath(key)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or windows.root:
        raise ValueError("storage key must be relative")
    if any(part in ("..", ".", "") for part in key.split("/")):
        raise ValueError("storage key must not contain '..', '.' or empty parts")
    return key
