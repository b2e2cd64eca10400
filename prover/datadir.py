"""Where the third-party benchmark data lives: the one data-location setting of the project.

``$PROVER_DATA_DIR`` when set (the older name ``$PROVER_SHARED_DATA`` is still read), else ``shared/data``
beside the checkout (``../shared/data`` from the repository root). The folder is read-only; nothing here copies
it. ``require`` names a sub-path that must exist for the folder to count (e.g. ``"minif2f"``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DATA_DIR_ENV", "shared_data_dir"]

DATA_DIR_ENV = "PROVER_DATA_DIR"
_OLD_ENV = "PROVER_SHARED_DATA"
_REPO = Path(__file__).resolve().parents[1]


def shared_data_dir(require: str | Path | None = None, *, start: str | Path | None = None) -> Path | None:
    """The benchmark data folder, or None when it is absent (or lacks ``require``)."""
    env = os.environ.get(DATA_DIR_ENV) or os.environ.get(_OLD_ENV)
    if env:
        candidates = [Path(env)]
    else:
        here = Path(start).resolve() if start is not None else _REPO
        candidates = [p.parent / "shared" / "data" for p in (here, *here.parents)]
    for c in candidates:
        if c.is_dir() and (require is None or (c / require).exists()):
            return c
    return None
