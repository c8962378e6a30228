"""Files with citizen data or secrets are their owner's alone: the workflow database, the store,
the session key and every export. One rule, used by every writer."""

from __future__ import annotations

import os
from pathlib import Path

PRIVAT = 0o600


def privat(sti: Path | str) -> Path:
    """Make `sti` an owner-only file before anything is written to it: created empty with mode
    0600 (a stricter umask still applies), an existing file narrowed to that. The writers that
    follow truncate the file and keep its mode."""
    fd = os.open(sti, os.O_WRONLY | os.O_CREAT, PRIVAT)
    try:
        mode = os.fstat(fd).st_mode & 0o777
        if mode & ~PRIVAT:
            os.fchmod(fd, mode & PRIVAT)
    finally:
        os.close(fd)
    return Path(sti)
