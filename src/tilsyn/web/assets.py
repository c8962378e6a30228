"""Copy the front-end assets installed by npm (DKFDS, HTMX) into the package's static folder.

The web application serves them itself: no CDN at run time, so it works on a closed network.
Run after `npm ci`: `python -m tilsyn.web.assets` (idempotent).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

STATIC = Path(__file__).parent / "static"

# (source under node_modules, target under static); directories are copied whole.
FILES = [
    ("dkfds/dist/css/dkfds.min.css", "dkfds/css/dkfds.min.css"),
    ("dkfds/dist/js/dkfds.min.js", "dkfds/js/dkfds.min.js"),
    ("dkfds/dist/fonts/IBMPlexSans/complete/woff2", "dkfds/fonts/IBMPlexSans/complete/woff2"),
    ("dkfds/dist/fonts/IBMPlexSans/complete/woff", "dkfds/fonts/IBMPlexSans/complete/woff"),
    ("dkfds/dist/img", "dkfds/img"),
    ("dkfds/LICENSE.md", "dkfds/LICENSE.md"),
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("htmx.org/LICENSE", "htmx/LICENSE"),
]


def byg(node_modules: Path, static: Path = STATIC) -> list[Path]:
    """Copy every asset; fail with a clear message when npm has not installed them."""
    missing = [src for src, _ in FILES if not (node_modules / src).exists()]
    if missing:
        raise FileNotFoundError(
            f"Mangler {', '.join(missing)} i {node_modules} - kør først `npm ci --no-audit --no-fund`."
        )
    written = []
    for src, dst in FILES:
        source, target = node_modules / src, static / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, target)
        written.append(target)
    return written


def bygget(static: Path = STATIC) -> bool:
    """True when the assets are in place (the app warns in the log otherwise)."""
    return all((static / dst).exists() for _, dst in FILES)


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    try:
        byg(root / "node_modules")
    except FileNotFoundError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return 2
    print(f"DKFDS og HTMX kopieret til {STATIC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
