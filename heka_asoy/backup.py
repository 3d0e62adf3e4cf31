"""``flask backup`` and ``flask restore``: the database and the uploads in one archive.

Why it looks like this:

- **Consistent while the portal runs.** SQLite is copied through its online backup API (readers
  and the one writer go on; the copy is one moment of the file). PostgreSQL is dumped by
  ``pg_dump`` (custom format) inside an exported snapshot, and the table checksums of the
  manifest are computed in that same snapshot, so the manifest describes exactly what the dump
  holds even while writes go on.
- **Uploads after the database.** Files are copied after the database moment, so every photo or
  document a row of the backup names is already stored (files are never rewritten in place; a
  file newer than the snapshot is a harmless extra).
- **Any storage.** Files are read and written through the app's storage (``heka_asoy.storage``):
  the upload folder or an S3 bucket, so a bucket's uploads are backed up and restored alike (and
  an archive of one can be restored into the other).
- **A restore proves itself.** The archive carries a manifest (row count and SHA-256 of every
  table, SHA-256 of every file); ``restore`` loads into an *empty* database and storage only,
  then recomputes both and refuses to call it done unless they match.

The archive is an uncompressed tar (the dump is compressed already; photos and PDFs are):
``manifest.json``, ``database.sqlite`` or ``database.dump``, and ``uploads/…``.
"""

from __future__ import annotations

import hashlib
import io
import json
import mimetypes
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .domain.clock import precise_file_stamp
from .storage import LocalStorage, Storage

FORMAT = 1
SQLITE_NAME = "database.sqlite"
PG_NAME = "database.dump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Target:
    """Where the data lives: a database URL and the storage of the uploads (an upload folder
    given by its path is taken as its ``LocalStorage``)."""

    database_url: str
    storage: Storage

    def __post_init__(self):
        if isinstance(self.storage, str | os.PathLike):
            object.__setattr__(self, "storage", LocalStorage(self.storage))

    @property
    def kind(self) -> str:
        return "sqlite" if self.database_url.startswith("sqlite:///") else "postgresql"

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))

    @property
    def libpq_url(self) -> str:
        """The URL for pg_dump/pg_restore/psycopg2: ``postgresql://`` without peewee's extras
        (``+pool``) and its pool options in the query string."""
        parts = urlsplit(self.database_url)
        scheme = "postgresql"
        return urlunsplit((scheme, parts.netloc, parts.path, "", ""))


# --- checksums ---------------------------------------------------------------------------------


def _table_digest(cursor, table: str) -> tuple[int, str]:
    """Row count and SHA-256 of a table's rows in key order (the first column is the id)."""
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - names from the catalog
    digest = hashlib.sha256()
    rows = 0
    for row in cursor:
        digest.update(repr(tuple(row)).encode())
        digest.update(b"\n")
        rows += 1
    return rows, digest.hexdigest()


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return sorted(name for (name,) in conn.execute(query))


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]


def sqlite_digests(path: Path) -> dict[str, dict]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {}
        for table in _sqlite_tables(conn):
            rows, sha = _table_digest(conn.cursor(), table)
            out[table] = {"rows": rows, "sha256": sha}
        return out
    finally:
        conn.close()


def pg_digests(cursor) -> dict[str, dict]:
    out = {}
    for table in _pg_tables(cursor):
        rows, sha = _table_digest(cursor, table)
        out[table] = {"rows": rows, "sha256": sha}
    return out


def file_digests(files: Storage) -> dict[str, str]:
    """SHA-256 of every stored file, by key."""
    return {key: hashlib.sha256(files.read(key)).hexdigest() for key in sorted(files.keys())}


# --- backup ------------------------------------------------------------------------------------


def _sqlite_snapshot(target: Target, work: Path) -> tuple[Path, dict]:
    if not target.sqlite_path.exists():
        raise BackupError(f"no database at {target.sqlite_path}")
    copy = work / SQLITE_NAME
    source = sqlite3.connect(target.sqlite_path, timeout=30)
    dest = sqlite3.connect(copy)
    try:
        source.backup(dest)  # one consistent moment, while the portal writes
    finally:
        dest.close()
        source.close()
    # a self-contained file: no -wal beside it
    check = sqlite3.connect(copy)
    check.execute("PRAGMA journal_mode=DELETE")
    check.close()
    return copy, sqlite_digests(copy)


def _pg_snapshot(target: Target, work: Path) -> tuple[Path, dict]:
    import psycopg2

    dump = work / PG_NAME
    conn = psycopg2.connect(target.libpq_url)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            tables = pg_digests(cursor)
            _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--no-owner",
                  "--file", str(dump), "--dbname", target.libpq_url])  # fmt: skip
        conn.rollback()
    finally:
        conn.close()
    return dump, tables


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} not found: install postgresql-client")
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(target: Target, dest_dir: str | os.PathLike[str]) -> Path:
    """Write ``heka-backup-<UTC stamp>.tar`` into ``dest_dir`` and return its path."""
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    stamp = precise_file_stamp(datetime.now(UTC))
    final = dest / f"heka-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        work = Path(tmp)
        if target.kind == "sqlite":
            db_file, tables = _sqlite_snapshot(target, work)
        else:
            db_file, tables = _pg_snapshot(target, work)
        partial = work / "archive.tar"
        files: dict[str, str] = {}
        copied_at = int(datetime.now(UTC).timestamp())
        with tarfile.open(partial, "w") as tar:
            tar.add(db_file, arcname=db_file.name)
            for key in sorted(target.storage.keys()):
                try:
                    data = target.storage.read(key)
                except FileNotFoundError:  # removed meanwhile
                    continue
                files[key] = hashlib.sha256(data).hexdigest()
                info = tarfile.TarInfo(f"uploads/{key}")
                info.size = len(data)
                info.mtime = copied_at
                tar.addfile(info, io.BytesIO(data))
            manifest = {
                "format": FORMAT,
                "database": target.kind,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "tables": tables,
                "files": files,
            }
            raw = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
        partial.replace(final)  # a half-written archive never carries the final name
    return final


# --- restore -----------------------------------------------------------------------------------


def read_manifest(archive: str | os.PathLike[str]) -> dict:
    with tarfile.open(archive, "r") as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise BackupError("the archive has no manifest")
        manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    return manifest


def _require_empty(target: Target) -> None:
    if next(iter(target.storage.keys()), None) is not None:
        raise BackupError(f"the storage of uploads ({_where(target.storage)}) is not empty")
    if target.kind == "sqlite":
        path = target.sqlite_path
        if path.exists() and path.stat().st_size > 0:
            conn = sqlite3.connect(path)
            try:
                tables = _sqlite_tables(conn)
            finally:
                conn.close()
            if tables:
                raise BackupError(f"the database {path} is not empty")
        return
    import psycopg2

    conn = psycopg2.connect(target.libpq_url)
    try:
        with conn.cursor() as cursor:
            if _pg_tables(cursor):
                raise BackupError("the PostgreSQL database is not empty")
    finally:
        conn.close()


def _where(files: Storage) -> str:
    folder = getattr(files, "folder", None)
    return str(folder) if folder is not None else f"bucket {getattr(files, 'bucket', '?')}"


def _restore_file(tar: tarfile.TarFile, member: tarfile.TarInfo, files: Storage) -> None:
    """One file of the archive into the storage; a key that could leave it is refused."""
    key = member.name.removeprefix("uploads/")
    if member.isdir():
        return
    if not member.isfile():
        raise BackupError(f"{member.name} in the archive is not a regular file")
    source = tar.extractfile(member)
    if source is None:  # pragma: no cover - a regular file always has content
        raise BackupError(f"{member.name} cannot be read from the archive")
    try:
        files.write(key, source.read(), mimetypes.guess_type(key)[0] or "")
    except ValueError as exc:
        raise BackupError(f"{member.name} in the archive is not a safe storage key") from exc


def restore(archive: str | os.PathLike[str], target: Target) -> dict:
    """Load ``archive`` into the empty database and storage of ``target``; return the
    manifest once every table and file has been checked against it."""
    manifest = read_manifest(archive)
    if manifest["database"] != target.kind:
        raise BackupError(f"a {manifest['database']} backup cannot go into {target.kind}")
    _require_empty(target)
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r") as tar:
        work = Path(tmp)
        for member in tar.getmembers():
            if member.name.startswith("uploads/"):
                _restore_file(tar, member, target.storage)
            elif member.name in (SQLITE_NAME, PG_NAME):
                tar.extract(member, work, filter="data")
        if target.kind == "sqlite":
            target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(f"{target.sqlite_path}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(work / SQLITE_NAME, target.sqlite_path)
        else:
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                  "--dbname", target.libpq_url, str(work / PG_NAME)])  # fmt: skip
    problems = verify(manifest, target)
    if problems:
        raise BackupError("restored data differs from the backup: " + "; ".join(problems))
    return manifest


def current_digests(target: Target) -> dict[str, dict]:
    if target.kind == "sqlite":
        return sqlite_digests(target.sqlite_path)
    import psycopg2

    conn = psycopg2.connect(target.libpq_url)
    try:
        with conn.cursor() as cursor:
            return pg_digests(cursor)
    finally:
        conn.close()


def verify(manifest: dict, target: Target) -> list[str]:
    """What differs between the manifest and ``target`` (empty: nothing)."""
    problems = []
    tables = current_digests(target)
    for name, expected in manifest["tables"].items():
        got = tables.get(name)
        if got != expected:
            problems.append(f"table {name}: expected {expected}, found {got}")
    for name in sorted(set(tables) - set(manifest["tables"])):
        problems.append(f"table {name} is not in the backup")
    files = file_digests(target.storage)
    if files != manifest["files"]:
        missing = sorted(set(manifest["files"]) - set(files))
        changed = sorted(
            k for k in manifest["files"] if k in files and files[k] != manifest["files"][k]
        )
        problems.append(f"files: missing {missing[:5]}, changed {changed[:5]}")
    return problems
