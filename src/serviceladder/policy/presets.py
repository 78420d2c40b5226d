"""Policy presets shipped with the package: complete, commented YAML files under presets/."""

from __future__ import annotations

from pathlib import Path

from serviceladder.policy.errors import UnknownPreset

PRESET_DIR = Path(__file__).resolve().parent / "presets"


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))


def preset_text(name: str) -> str:
    if name not in preset_names():
        raise UnknownPreset(name=name, allowed=", ".join(preset_names()))
    return (PRESET_DIR / f"{name}.yaml").read_text(encoding="utf-8")


def preset_summary(name: str) -> str:
    """The first comment line of the preset, which says what it is for."""
    for line in preset_text(name).splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""
