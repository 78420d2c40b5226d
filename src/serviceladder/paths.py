"""Where the product keeps its data: everything lives under $SERVICELADDER_HOME (default ./var)."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def home() -> Path:
    return Path(os.environ.get("SERVICELADDER_HOME", "var")).resolve()
