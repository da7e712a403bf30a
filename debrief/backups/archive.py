"""The archive: one tar file (gzip-compressed when its name ends in .gz or .tgz) holding the
database copy, the media files under media/, and manifest.json, which lists the SHA-256 of every
other file. Reading unpacks into a staging directory and checks everything there, so nothing of
the target is touched before the whole archive is known to be sound."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from .errors import BackupError

FORMAT = 1  # raised whenever a reader of the old format could not restore the new one correctly
MANIFEST = "manifest.json"
MEDIA = "media"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def compressed(path: Path) -> bool:
    return path.name.endswith((".gz", ".tgz"))


class _Hashing:
    def __init__(self, source):
        self.source, self.digest = source, hashlib.sha256()

    def read(self, size=-1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


class Writer:
    """Adds files, noting each one's checksum, then the manifest; the archive appears under its
    name only when complete (a scheduled run that fails never leaves a half archive behind)."""

    def __init__(self, path: Path):
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds every ballot
        self.file = os.fdopen(fd, "wb")
        # Closed by finish() or abandon(): the archive is written across several calls.
        self.tar = tarfile.open(fileobj=self.file, mode="w:gz" if compressed(path) else "w")  # noqa: SIM115
        self.files: dict[str, dict] = {}

    def add_bytes(self, name: str, data: bytes, mtime: float) -> None:
        self._add(name, io.BytesIO(data), len(data), mtime)

    def add_file(self, name: str, path: Path) -> None:
        with path.open("rb") as f:
            stat = os.fstat(f.fileno())
            self._add(name, f, stat.st_size, stat.st_mtime)

    def _add(self, name: str, source, size: int, mtime: float) -> None:
        # Hashed as tarfile reads it: the checksum is of the very bytes archived, in one pass, and
        # a database dump of gigabytes never sits in memory.
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(mtime), 0o600
        reader = _Hashing(source)
        self.tar.addfile(info, reader)
        if name != MANIFEST:
            self.files[name] = {"sha256": reader.digest.hexdigest(), "size": size}

    def add_media(self, media_root: Path) -> int:
        count = 0
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    self.add_file(f"{MEDIA}/{path.relative_to(media_root).as_posix()}", path)
                    count += 1
        return count

    def finish(self, manifest: dict, mtime: float) -> None:
        manifest = {**manifest, "files": self.files}
        self.add_bytes(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode(), mtime)
        self.tar.close()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        self.tar.close()
        self.file.close()
        self.partial.unlink(missing_ok=True)


def _safe_name(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    if path.parts[0] in (MANIFEST, MEDIA) or (len(path.parts) == 1 and path.name.startswith("database.")):
        return path
    return None


def unpack(archive: Path, staging: Path) -> dict:
    """Unpack into staging and return the manifest, once every file's checksum is verified; refuse
    an archive that is unreadable, of a newer format, or whose files differ from the manifest."""
    if not archive.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": archive})
    members = 0
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                members += 1
                name = _safe_name(member.name)
                if member.isdir():
                    continue
                if name is None or not member.isfile():
                    raise BackupError(
                        _("%(archive)s holds %(name)s, which no Debrief backup holds: refused.")
                        % {"archive": archive.name, "name": member.name}
                    )
                target = staging.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, target.open("wb") as out:
                    while chunk := source.read(1 << 20):
                        out.write(chunk)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            _("%(archive)s cannot be read, it is damaged or not a backup: %(error)s")
            % {"archive": archive.name, "error": error}
        ) from None
    manifest = _manifest(archive, staging, members)
    _verify(archive, staging, manifest)
    return manifest


def _manifest(archive: Path, staging: Path, members: int) -> dict:
    if members and not (staging / MANIFEST).exists():
        # tarfile ends its reading quietly at a damaged header: what follows, the manifest last, is lost.
        raise BackupError(
            _(
                "%(archive)s is damaged or cut short: its manifest, which ends every backup, is missing. "
                "Nothing was restored."
            )
            % {"archive": archive.name}
        )
    try:
        manifest = json.loads((staging / MANIFEST).read_text())
        version = manifest["format"]
        if isinstance(version, int) and version <= FORMAT and not _well_formed(manifest):
            raise ValueError("incomplete manifest")
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(
            _("%(archive)s has no readable manifest: it is not a Debrief backup.") % {"archive": archive.name}
        ) from None
    if not isinstance(version, int) or version > FORMAT:
        raise BackupError(
            _(
                "%(archive)s is in backup format %(version)s, written by a newer Debrief; this one reads "
                "format %(format)d and older. Restore it with the Debrief version that wrote it."
            )
            % {"archive": archive.name, "version": version, "format": FORMAT}
        )
    return manifest


def _well_formed(manifest: dict) -> bool:
    return (
        all(isinstance(manifest.get(key), dict) for key in ("database", "migrations", "tables", "files"))
        and {"engine", "file"} <= set(manifest["database"])
        and isinstance(manifest.get("created_at"), str)
    )


def _verify(archive: Path, staging: Path, manifest: dict) -> None:
    listed = manifest.get("files", {})
    present = {path.relative_to(staging).as_posix() for path in staging.rglob("*") if path.is_file()} - {
        MANIFEST
    }
    for name in sorted(set(listed) - present):
        raise BackupError(
            _("%(archive)s is incomplete: %(name)s is listed in its manifest but missing.")
            % {"archive": archive.name, "name": name}
        )
    for name in sorted(present - set(listed)):
        raise BackupError(
            _("%(archive)s holds %(name)s, which its manifest does not list: refused.")
            % {"archive": archive.name, "name": name}
        )
    for name in sorted(listed):
        if sha256_of(staging / name) != listed[name]["sha256"]:
            raise BackupError(
                _("%(archive)s is damaged: %(name)s does not match its checksum. Nothing was restored.")
                % {"archive": archive.name, "name": name}
            )
