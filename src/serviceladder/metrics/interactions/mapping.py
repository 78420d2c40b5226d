"""Mapping files: how another export's columns and values become the canonical interaction schema.

A mapping is YAML (see mappings/callcenter-example.yaml for a documented example)::

    format: serviceladder-interactions
    version: 1
    name: my-export
    csv: {delimiter: ",", encoding: auto}      # optional; encoding auto tries utf-8, utf-8-sig, gb18030
    xlsx: {sheet: Calls}                        # optional; default the first sheet
    columns:                    # canonical column -> exactly one of source / constant / absent
      interaction_id: {source: Call ID}
      agent_id: {source: Agent Name, match: name}          # match: number (employee number, default) | name
      channel: {constant: phone}
      started_at: {source: Date, format: "%d/%m/%Y", time_source: Time, time_format: "%H:%M:%S"}
      answered: {source: Answered, true_values: [Y], false_values: [N]}
      talk_seconds: {source: Talk Time}                    # h:mm:ss, m:ss or a number of `unit`
      first_response_seconds: {source: Speed of Answer, unit: seconds}
      csat: {source: Rating, scale: [1, 10]}               # rescaled linearly onto 1-5
      complaint: {absent: true}

A canonical column that the mapping does not name is absent (empty). The required columns (interaction_id,
agent_id, started_at) need a source; `answered` needs a source or a constant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.schema import BY_NAME, COLUMN_NAMES

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
FORMAT_NAME = "serviceladder-interactions"

DEFAULT_TRUE = ("true", "t", "yes", "y", "1", "是", "已接通", "已解决")
DEFAULT_FALSE = ("false", "f", "no", "n", "0", "否", "未接通", "未解决")

MAPPING_UNREADABLE = _("Mapping file %(path)s cannot be read: %(problem)s")
MAPPING_INVALID = _("Mapping file %(path)s is not valid: %(problems)s")


class MappingError(ValidationFailed):
    code = "mapping_invalid"
    message = MAPPING_INVALID


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Strict):
    source: str | None = Field(default=None, min_length=1)
    constant: str | int | float | bool | None = None
    absent: bool = False
    match: Literal["number", "name"] | None = None
    format: str | None = None
    time_source: str | None = Field(default=None, min_length=1)
    time_format: str | None = None
    unit: Literal["seconds", "minutes"] | None = None
    scale: tuple[float, float] | None = None
    true_values: tuple[str, ...] | None = None
    false_values: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _one_origin(self) -> ColumnSpec:
        given = [k for k in ("source", "constant") if getattr(self, k) is not None] + (
            ["absent"] if self.absent else []
        )
        if len(given) != 1:
            raise ValueError("give exactly one of source, constant, absent: true")
        if self.scale is not None and not self.scale[0] < self.scale[1]:
            raise ValueError("scale must be [lowest, highest] with lowest < highest")
        if self.time_source is not None and self.source is None:
            raise ValueError("time_source needs a source column holding the date")
        if self.time_format is not None and self.time_source is None:
            raise ValueError("time_format needs time_source")
        return self


class CsvOptions(_Strict):
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    encoding: Literal["auto", "utf-8", "utf-8-sig", "gb18030"] = "auto"


class XlsxOptions(_Strict):
    sheet: str | None = None


class Mapping(_Strict):
    format: Literal["serviceladder-interactions"]
    version: Literal[1]
    name: str = ""
    description: str = ""
    csv: CsvOptions = CsvOptions()
    xlsx: XlsxOptions = XlsxOptions()
    columns: dict[str, ColumnSpec]

    @model_validator(mode="after")
    def _check_columns(self) -> Mapping:
        problems = []
        for name in self.columns:
            if name not in BY_NAME:
                problems.append(
                    f"columns.{name}: not a canonical column (allowed: {', '.join(COLUMN_NAMES)})"
                )
        for name, spec in self.columns.items():
            col = BY_NAME.get(name)
            if col is None:
                continue
            allowed = _ALLOWED_KEYS[col.kind] | ({"match"} if name == "agent_id" else set())
            for key in ("match", "format", "time_source", "time_format", "unit", "scale"):
                if getattr(spec, key) is not None and key not in allowed:
                    problems.append(f"columns.{name}.{key}: not used for a {col.kind} column")
            for key in ("true_values", "false_values"):
                if getattr(spec, key) is not None and col.kind != "boolean":
                    problems.append(f"columns.{name}.{key}: only for true/false columns")
            if spec.constant is not None and (col.kind == "timestamp" or col.required and name != "answered"):
                problems.append(f"columns.{name}: cannot be a constant")
        for name in ("interaction_id", "agent_id", "started_at"):
            spec = self.columns.get(name)
            if spec is None or spec.source is None:
                problems.append(f"columns.{name}: required, needs a source column")
        answered = self.columns.get("answered")
        if answered is None or answered.absent:
            problems.append("columns.answered: required, needs a source column or a constant")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def spec(self, name: str) -> ColumnSpec:
        return self.columns.get(name) or ColumnSpec(absent=True)

    @property
    def agent_match(self) -> str:
        return self.spec("agent_id").match or "number"

    def source_columns(self) -> list[str]:
        """The file columns this mapping reads, in canonical order."""
        out: list[str] = []
        for name in COLUMN_NAMES:
            spec = self.spec(name)
            for src in (spec.source, spec.time_source):
                if src is not None and src not in out:
                    out.append(src)
        return out

    @property
    def is_canonical(self) -> bool:
        """True when every column is read from the same-named column with default parsing."""
        plain = {"source", "match"}
        for name in COLUMN_NAMES:
            spec = self.spec(name)
            if spec.source != name:
                return False
            if set(spec.model_dump(exclude_defaults=True)) - plain or spec.match not in (None, "number"):
                return False
        return True


_ALLOWED_KEYS = {
    "text": set(),
    "timestamp": {"format", "time_source", "time_format"},
    "boolean": set(),
    "duration": {"unit"},
    "score": {"scale"},
}


def _format_pydantic(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def mapping_parse(data: Any, *, path: str = "<mapping>") -> Mapping:
    if not isinstance(data, dict):
        raise MappingError(
            path=path, problems="the file must be a YAML mapping with format, version, columns"
        )
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        raise MappingError(path=path, problems=_format_pydantic(exc)) from None


def mapping_load(path: str | Path | None) -> Mapping:
    """Load and validate a mapping file; None means the canonical mapping shipped with the product, and the
    name of a shipped mapping (`callcenter-example`) stands for that file when no such file exists here."""
    path = Path(path) if path is not None else MAPPINGS_DIR / "canonical.yaml"
    shipped = MAPPINGS_DIR / f"{path.name}.yaml"
    if not path.exists() and path.name == str(path) and shipped.is_file():
        path = shipped
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(MAPPING_UNREADABLE, path=str(path), problem=str(exc).splitlines()[0]) from None
    return mapping_parse(data, path=str(path))
