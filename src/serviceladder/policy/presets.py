"""Policy presets shipped with the package: complete, commented YAML files under presets/.

The files carry English comments; presets/comments/<language>.yaml maps each comment line to its text in
another language, so `preset_text(name, language="zh-hans")` is the same policy with Chinese comments.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from serviceladder.policy.errors import UnknownPreset

PRESET_DIR = Path(__file__).resolve().parent / "presets"
COMMENT_DIR = PRESET_DIR / "comments"
PRESET_LANGUAGES = ("en", "zh-hans")
# A comment: a whole line, or after a value (the presets put no "#" inside their values)
COMMENT = re.compile(r"^(?P<head>(?:.*\s)?)#(?P<space>\s*)(?P<text>.*?)(?P<tail>\s*)$")


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))


def preset_language(language: str | None) -> str:
    """ "zh", "zh-Hans", "zh_hans" → "zh-hans"; anything else English."""
    return "zh-hans" if (language or "").lower().replace("_", "-").startswith("zh") else "en"


@functools.cache
def comment_translations(language: str) -> dict[str, str]:
    """English comment text → its text in `language` (empty for English)."""
    path = COMMENT_DIR / f"{language}.yaml"
    if language == "en" or not path.exists():
        return {}
    return {str(k): str(v) for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()}


def untranslated_comments(text: str, language: str) -> list[str]:
    """Comment lines of `text` that have no translation into `language` (a test keeps this empty)."""
    known = comment_translations(language)
    return [
        m["text"]
        for line in text.splitlines()
        if (m := COMMENT.match(line)) and _is_prose(m["text"]) and m["text"] not in known
    ]


def _is_prose(comment: str) -> bool:
    return bool(comment) and not set(comment) <= set("-=#* ")


def _translate_comments(text: str, language: str) -> str:
    known = comment_translations(language)
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        m = COMMENT.match(body)
        if m and m["text"] in known:
            line = f"{m['head']}#{m['space']}{known[m['text']]}{m['tail']}" + line[len(body) :]
        out.append(line)
    return "".join(out)


def preset_text(name: str, language: str = "en") -> str:
    """The preset's YAML with its comments in `language` ("en" or "zh-hans"); the policy is the same."""
    if name not in preset_names():
        raise UnknownPreset(name=name, allowed=", ".join(preset_names()))
    text = (PRESET_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    language = preset_language(language)
    return text if language == "en" else _translate_comments(text, language)


def preset_summary(name: str, language: str = "en") -> str:
    """The first comment line of the preset, which says what it is for."""
    for line in preset_text(name, language).splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""
