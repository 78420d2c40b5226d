"""Mapping files: how another export's columns and values become the canonical interaction schema.

A mapping is YAML (see mappings/callcenter-example.yaml for a documented example)::

    format: serviceladder-interactions
    version: 1
    name: my-export
    csv: {delimiter: ",", encoding: auto}      # optional; encoding auto tries utf-8, utf-8-sig, gb18030
    xlsx: {sheet: Calls}                        # optional; default the first sheet
    # or several sheets of one workbook joined on a key column (xlsx_join.py):
    # xlsx: {sheets: {main: AHT Data, csat: {sheet: CSAT Data, on: Case ID}}}
    columns:                    # canonical column -> exactly one of source / constant / absent
      interaction_id: {source: Call ID}
      agent_id: {source: Agent Name, match: name}          # match: number (employee number, default) | name
      channel: {constant: phone}
      started_at: {source: Date, format: "%d/%m/%Y", time_source: Time, time_format: "%H:%M:%S"}
      answered: {source: Answered, true_values: [Y], false_values: [N]}
      talk_seconds: {source: Talk Time, unit: days}        # h:mm:ss, m:ss or a number of `unit`
      first_response_seconds: {source: Speed of Answer, unit: seconds}
      csat: {source: Rating, scale: [1, 10]}               # rescaled linearly onto 1-5
      complaint: {absent: true}
      abusive: {source: Abusive, true_values: [Y, 是], false_values: [N, 否], optional: true}
      queue: {source: Skill Group}          # optional; queue figures use the channel without it
    unassigned_values: [NO_SERVER, "-"]     # agent values meaning "no agent" (an unanswered queue contact)
    queues: {Billing Hotline: billing}      # queue -> department code: that department's head sees it

A canonical column that the mapping does not name is absent (empty). The required columns (interaction_id,
agent_id, started_at) need a source (except in a mapping loaded for a partial update, `--columns`, where only
interaction_id does) (or, for a text column, `sources`: several columns joined with
`separator`); `answered` needs a source or a constant. Any column read from the file may list
`null_values` (markers that mean "empty", e.g. an anonymous caller id 0) and a `values` map (every value
of the column translated; one the map does not name is a bad value). A column read from one `source` may
say `optional: true`: a file without that column then reads it as absent (the canonical mapping reads
`abusive` so, because exports written before the column existed lack it), where otherwise a missing
source column refuses the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from django.utils.translation import gettext_lazy as _
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from serviceladder.core.errors import ValidationFailed
from serviceladder.metrics.interactions.schema import (
    BY_NAME,
    CANONICAL_FILE_COLUMNS,
    COLUMN_NAMES,
    CSAT_MAX,
    CSAT_MIN,
)

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
FORMAT_NAME = "serviceladder-interactions"

DEFAULT_TRUE = ("true", "t", "yes", "y", "1", "是", "已接通", "已解决")
DEFAULT_FALSE = ("false", "f", "no", "n", "0", "否", "未接通", "未解决")
DEFAULT_SEPARATOR = "|"
# Seconds per unit of a plain number in a duration column.
SECONDS_PER = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}
# `scale: N` names the same scales as `import metrics --csat-scale N`.
CSAT_SCALES: dict[int, tuple[float, float]] = {5: (1.0, 5.0), 10: (0.0, 10.0), 100: (0.0, 100.0)}

MAPPING_UNREADABLE = _("Mapping file %(path)s cannot be read: %(problem)s")
MAPPING_INVALID = _("Mapping file %(path)s is not valid: %(problems)s")
SHEETS_NOT_WORKBOOK = _(
    "%(path)s is a %(kind)s file, but the mapping's key xlsx.sheets joins sheets of an XLSX workbook; "
    "import the workbook itself, or remove xlsx.sheets from the mapping"
)
# What a file's name ending says it is (for an error about the file's kind).
_FILE_KINDS = {".csv": "CSV", ".txt": "CSV", ".parquet": "Parquet"}


class MappingError(ValidationFailed):
    code = "mapping_invalid"
    message = MAPPING_INVALID


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


MappedValue = str | int | float | bool | None


class ColumnSpec(_Strict):
    source: str | None = Field(default=None, min_length=1)
    sources: tuple[str, ...] | None = Field(default=None, min_length=2)
    separator: str | None = Field(default=None, min_length=1)
    constant: str | int | float | bool | None = None
    absent: bool = False
    match: Literal["number", "name"] | None = None
    format: str | None = None
    time_source: str | None = Field(default=None, min_length=1)
    time_format: str | None = None
    unit: Literal["seconds", "minutes", "hours", "days"] | None = None
    scale: tuple[float, float] | int | None = None
    true_values: tuple[str, ...] | None = None
    false_values: tuple[str, ...] | None = None
    null_values: tuple[str, ...] | None = None
    values: dict[str, MappedValue] | None = Field(default=None, min_length=1)
    # The file may lack the source column: the canonical column is then absent (empty), not an error.
    optional: bool = False

    @field_validator("null_values", mode="before")
    @classmethod
    def _null_texts(cls, value: Any) -> Any:
        # YAML reads `0` and `NULL`-like markers as numbers or null; a marker is the text in the cell.
        if isinstance(value, list | tuple):
            return tuple("" if v is None else _yaml_key(v) for v in value)
        return value

    @field_validator("values", mode="before")
    @classmethod
    def _value_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {_yaml_key(k): v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _one_origin(self) -> ColumnSpec:
        given = [k for k in ("source", "sources", "constant") if getattr(self, k) is not None] + (
            ["absent"] if self.absent else []
        )
        if len(given) != 1:
            raise ValueError("give exactly one of source, sources, constant, absent: true")
        if isinstance(self.scale, int) and self.scale not in CSAT_SCALES:
            raise ValueError("scale must be 5 (1-5), 10 (0-10), 100 (0-100) or [lowest, highest]")
        if isinstance(self.scale, tuple) and not self.scale[0] < self.scale[1]:
            raise ValueError("scale must be [lowest, highest] with lowest < highest")
        if self.sources is not None and len(set(self.sources)) != len(self.sources):
            raise ValueError("sources must name different columns")
        if self.separator is not None and self.sources is None:
            raise ValueError("separator needs sources")
        if (self.null_values or self.values) and self.source is None and self.sources is None:
            raise ValueError("null_values and values need a source column")
        if self.values is not None:
            folded = [k.strip().lower() for k in self.values]
            if len(set(folded)) != len(folded):
                raise ValueError("values: two keys differ only in case or spaces")
            if self.true_values is not None or self.false_values is not None:
                raise ValueError("give values or true_values/false_values, not both")
        if self.time_source is not None and self.source is None:
            raise ValueError("time_source needs a source column holding the date")
        if self.time_format is not None and self.time_source is None:
            raise ValueError("time_format needs time_source")
        if self.optional and (self.source is None or self.time_source is not None):
            raise ValueError("optional needs one source column (and no time_source)")
        return self

    @property
    def scale_range(self) -> tuple[float, float] | None:
        """The source scale of a score as (lowest, highest), or None for the canonical 1-5."""
        if isinstance(self.scale, int):
            return CSAT_SCALES[self.scale]
        return self.scale

    @property
    def label(self) -> str:
        """How the file's column(s) are named in a report."""
        if self.sources is not None:
            return " + ".join(self.sources)
        if self.time_source is not None:
            return f"{self.source} + {self.time_source}"
        return self.source or ""


def _yaml_key(value: Any) -> str:
    """A cell's text as written in YAML: numbers as written; true/false cannot be told from yes/no/on/off."""
    if isinstance(value, bool):
        raise ValueError(
            'YAML reads an unquoted yes/no/on/off/true/false as a boolean; quote the cell text, e.g. "yes"'
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    raise ValueError(f"{value!r} is not a cell text")


def _mapped_problem(kind: str, value: MappedValue, spec: ColumnSpec) -> str | None:
    """Why a `values` target does not suit a column of this kind (None when it does)."""
    if value is None:
        return None
    if kind == "boolean":
        if isinstance(value, bool) or str(value).strip().lower() in (*DEFAULT_TRUE, *DEFAULT_FALSE):
            return None
        return "true or false"
    if kind in ("duration", "score"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "a number"
        if kind == "duration" and value < 0:
            return "a number, not negative"
        if kind == "score":
            lo, hi = spec.scale_range or (CSAT_MIN, CSAT_MAX)
            if not lo <= value <= hi:
                return f"a number from {lo:g} to {hi:g} (the column's scale)"
        return None
    if isinstance(value, bool):
        return "text"
    return None


class CsvOptions(_Strict):
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    encoding: Literal["auto", "utf-8", "utf-8-sig", "gb18030"] = "auto"


class SheetJoin(_Strict):
    """An extra sheet whose columns join the main sheet's rows on the key column `on`."""

    sheet: str = Field(min_length=1)
    on: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _yaml_on(cls, data: Any) -> Any:
        # YAML 1.1 reads an unquoted `on` key as the boolean true.
        if isinstance(data, dict) and True in data and "on" not in data:
            data = {("on" if k is True else k): v for k, v in data.items()}
        return data


class XlsxOptions(_Strict):
    sheet: str | None = None
    # {"main": sheet name, NAME: {sheet, on}, ...}: see xlsx_join.py
    sheets: dict[str, str | SheetJoin] | None = None

    @model_validator(mode="after")
    def _check_sheets(self) -> XlsxOptions:
        if self.sheets is None:
            return self
        if self.sheet is not None:
            raise ValueError("give sheet or sheets, not both")
        main = self.sheets.get("main")
        if not isinstance(main, str) or not main:
            raise ValueError("sheets.main: required, the name of the sheet whose rows are the contacts")
        if len(self.sheets) < 2:
            raise ValueError(
                "sheets: name at least one sheet to join besides main, e.g. csat: {sheet: ..., on: ...}"
            )
        for name, spec in self.sheets.items():
            if name != "main" and not isinstance(spec, SheetJoin):
                raise ValueError(f"sheets.{name}: give {{sheet: SHEET NAME, on: KEY COLUMN}}")
        return self

    @property
    def joins(self) -> dict[str, SheetJoin]:
        """The extra sheets to join, by the mapping's name for them."""
        return {k: v for k, v in (self.sheets or {}).items() if isinstance(v, SheetJoin)}

    @property
    def main_sheet(self) -> str | None:
        main = (self.sheets or {}).get("main")
        return main if isinstance(main, str) else self.sheet


class Mapping(_Strict):
    format: Literal["serviceladder-interactions"]
    version: Literal[1]
    name: str = ""
    description: str = ""
    csv: CsvOptions = CsvOptions()
    xlsx: XlsxOptions = XlsxOptions()
    columns: dict[str, ColumnSpec]
    # Agent values that stand for "no agent" (a pseudo agent such as NO_SERVER): like an empty agent, they
    # make an unanswered row a queue contact (counted for its queue, not an unmatched agent); an answered
    # row without an agent stays an error.
    unassigned_values: tuple[str, ...] = ()
    # Queue name (the queue column's value, or the channel) -> the code of the department it belongs to.
    queues: dict[str, str] = Field(default_factory=dict)

    @field_validator("unassigned_values", mode="before")
    @classmethod
    def _unassigned_texts(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return tuple(_yaml_key(v) for v in value if v is not None)
        return value

    @field_validator("queues", mode="before")
    @classmethod
    def _queue_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {_yaml_key(k).strip(): "" if v is None else _yaml_key(v).strip() for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _check_columns(self, info: ValidationInfo) -> Mapping:
        # A mapping for a partial update (`--columns`) needs only interaction_id among the required columns.
        partial = bool(info.context and info.context.get("partial"))
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
            if spec.optional and col.required:
                problems.append(f"columns.{name}.optional: a required column cannot be optional")
            if spec.constant is not None and (col.kind == "timestamp" or col.required and name != "answered"):
                problems.append(f"columns.{name}: cannot be a constant")
            if spec.sources is not None and col.kind != "text":
                problems.append(
                    f"columns.{name}.sources: only for text columns (one source for a {col.kind})"
                )
            if spec.values is not None:
                if col.kind == "timestamp":
                    problems.append(f"columns.{name}.values: not used for a timestamp column")
                for key, value in spec.values.items():
                    wrong = _mapped_problem(col.kind, value, spec)
                    if wrong is not None:
                        problems.append(f"columns.{name}.values.{key}: {value!r} is not {wrong}")
        for name in ("interaction_id",) if partial else ("interaction_id", "agent_id", "started_at"):
            spec = self.columns.get(name)
            if spec is None or (spec.source is None and spec.sources is None):
                problems.append(f"columns.{name}: required, needs a source column")
        answered = self.columns.get("answered")
        if not partial and (answered is None or answered.absent):
            problems.append("columns.answered: required, needs a source column or a constant")
        if any(not v.strip() for v in self.unassigned_values):
            problems.append("unassigned_values: an empty agent already means no agent; list only markers")
        for queue, code in self.queues.items():
            if not queue or not code:
                problems.append(f"queues.{queue}: needs a queue name and a department code")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def spec(self, name: str) -> ColumnSpec:
        return self.columns.get(name) or ColumnSpec(absent=True)

    @property
    def agent_match(self) -> str:
        return self.spec("agent_id").match or "number"

    def source_columns(self, *, optional: bool = True) -> list[str]:
        """The file columns this mapping reads, in canonical order (without `optional`: only those the file
        must have)."""
        out: list[str] = []
        for name in COLUMN_NAMES:
            spec = self.spec(name)
            if spec.optional and not optional:
                continue
            for src in (spec.source, *(spec.sources or ()), spec.time_source):
                if src is not None and src not in out:
                    out.append(src)
        return out

    def for_file(self, present: set[str] | dict[str, str]) -> Mapping:
        """The mapping as it reads a file with these columns: an `optional` column it lacks is absent."""
        gone = {n for n, s in self.columns.items() if s.optional and s.source not in present}
        if not gone:
            return self
        columns = {n: ColumnSpec(absent=True) if n in gone else s for n, s in self.columns.items()}
        return self.model_copy(update={"columns": columns})

    @property
    def is_canonical(self) -> bool:
        """True when every column is read from the same-named column with default parsing."""
        plain = {"source", "match", "optional"}
        if self.unassigned_values or self.queues or not self.spec("queue").absent:
            return False
        for name in CANONICAL_FILE_COLUMNS:
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


def mapping_fits_file(mapping: Mapping, file_name: str | Path) -> None:
    """Refuse a mapping that joins workbook sheets (`xlsx.sheets`) for a file that is no workbook: the join
    cannot happen, and reading the file without it would leave the joined columns out silently."""
    kind = _FILE_KINDS.get(Path(file_name).suffix.lower())
    if kind is not None and mapping.xlsx.sheets is not None:
        raise MappingError(SHEETS_NOT_WORKBOOK, path=str(file_name), kind=kind)


def mapping_parse(data: Any, *, path: str = "<mapping>", partial: bool = False) -> Mapping:
    if not isinstance(data, dict):
        raise MappingError(
            path=path, problems="the file must be a YAML mapping with format, version, columns"
        )
    try:
        return Mapping.model_validate(data, context={"partial": partial})
    except ValidationError as exc:
        raise MappingError(path=path, problems=_format_pydantic(exc)) from None


def mapping_load(path: str | Path | None, *, partial: bool = False) -> Mapping:
    """Load and validate a mapping file; None means the canonical mapping shipped with the product, and the
    name of a shipped mapping (`callcenter-example`) stands for that file when no such file exists here.
    `partial`: for an update of some columns only (`--columns`), where agent_id and started_at may be
    absent."""
    path = Path(path) if path is not None else MAPPINGS_DIR / "canonical.yaml"
    shipped = MAPPINGS_DIR / f"{path.name}.yaml"
    if not path.exists() and path.name == str(path) and shipped.is_file():
        path = shipped
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(MAPPING_UNREADABLE, path=str(path), problem=str(exc).splitlines()[0]) from None
    return mapping_text_parse(text, path=str(path), partial=partial)


def mapping_text_parse(text: str, *, path: str, partial: bool = False) -> Mapping:
    """A mapping from its YAML text (a file, or one uploaded with the data); `path` names it in errors;
    `partial` as for mapping_load."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(MAPPING_UNREADABLE, path=path, problem=_yaml_problem(exc)) from None
    return mapping_parse(data, path=path, partial=partial)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """What is wrong and where ("line 5, column 3"), rather than the parser's first line of context."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is None or not problem:
        return str(exc).splitlines()[0]
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"


def shipped_mapping_names() -> list[str]:
    """The names of the mappings shipped with the product, the canonical one first."""
    return sorted((p.stem for p in MAPPINGS_DIR.glob("*.yaml")), key=lambda name: (name != "canonical", name))


def shipped_mappings() -> dict[str, str]:
    """The mappings shipped with the product, name -> description, the canonical one first."""
    return {name: mapping_load(MAPPINGS_DIR / f"{name}.yaml").description for name in shipped_mapping_names()}
