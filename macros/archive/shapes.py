"""Declared shapes of nested data, and the strict reading of data against them.

schema.py declares the data files' shape with this module: each record is a frozen dataclass whose fields
say their kind (text, a choice, a whole number, a list of records …), their Chinese description and their
default. `Record.read` checks a value read from YAML against such a class and returns an instance, or raises
`ShapeError` listing every problem, each as a dict {"type", "loc", "msg", "input", "ctx"}: fields in the
order declared (a missing one where it stands), then keys that are not allowed, in the order written.
summary_data.py turns the first problem into the editor's message; json_schema.py writes data/schema.json
from the same declarations.

The problems have the form and order pydantic gives, which this module replaced (issue 12, point 8):
importing pydantic cost every build about 0.15 s of CPU, more than the whole data layer may.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar

Problem = dict[str, Any]  # {"type": str, "loc": tuple, "msg": str, "input": object, "ctx": dict (when any)}

_BAD = object()  # what a check returns for a value it found problems in (already listed)
_REQUIRED = dataclasses.MISSING


class Invalid(Exception):  # noqa: N818 - what a field's own check raises, like ValueError
    """Raised by a field's own check (Field.before, Field.after): one problem, in the editor's words.
    `message` may name values of `context` as {name}."""

    def __init__(self, kind: str, message: str, context: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.kind, self.message, self.context = kind, message, context or {}


class ShapeError(ValueError):
    """The value does not have the declared shape: every problem found, in order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in problems))
        self.problems = problems

    def errors(self) -> list[Problem]:
        return self.problems


def _add(problems: list[Problem], kind: str, loc: tuple, message: str, value: object,
         context: dict[str, object] | None = None) -> object:
    problem = {"type": kind, "loc": loc, "msg": message, "input": value}
    if context:
        problem["ctx"] = context
    problems.append(problem)
    return _BAD


def _filled(message: str, context: dict[str, object]) -> str:
    """`message` with each {name} replaced by the value as the data file writes it (true, not True)."""
    for name, value in context.items():
        written = ("true" if value else "false") if isinstance(value, bool) else str(value)
        message = message.replace("{" + name + "}", written)
    return message


# --- Kinds of value ----------------------------------------------------------------------------------

class Kind:
    """What a value may be. `check` returns the value as kept, or _BAD after adding its problems."""

    def check(self, value: object, loc: tuple, problems: list[Problem]) -> object:
        raise NotImplementedError

    def json_schema(self, defs: dict[str, dict]) -> dict:
        raise NotImplementedError


class Text(Kind):
    """A string of at least one character; nothing else is turned into one."""

    def check(self, value, loc, problems):
        if not isinstance(value, str):
            return _add(problems, "string_type", loc, "Input should be a valid string", value)
        if not value:
            return _add(problems, "string_too_short", loc, "String should have at least 1 character", value,
                        {"min_length": 1})
        return value

    def json_schema(self, defs):
        return {"minLength": 1, "type": "string"}


class Choice(Kind):
    """One of a few strings."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices

    def check(self, value, loc, problems):
        if isinstance(value, str) and value in self.choices:
            return value
        quoted = [repr(choice) for choice in self.choices]
        expected = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
        return _add(problems, "literal_error", loc, f"Input should be {expected}", value, {"expected": expected})

    def json_schema(self, defs):
        return {"enum": list(self.choices), "type": "string"}


class Boolean(Kind):
    """true or false, and nothing that merely looks like one."""

    def check(self, value, loc, problems):
        if type(value) is bool:
            return value
        return _add(problems, "bool_type", loc, "Input should be a valid boolean", value)

    def json_schema(self, defs):
        return {"type": "boolean"}


class Whole(Kind):
    """A whole number (not true/false, not 3.0) of at least `minimum`."""

    def __init__(self, minimum: int) -> None:
        self.minimum = minimum

    def check(self, value, loc, problems):
        if not isinstance(value, int) or isinstance(value, bool):
            return _add(problems, "int_type", loc, "Input should be a valid integer", value)
        if value < self.minimum:
            return _add(problems, "greater_than_equal", loc, f"Input should be greater than or equal to {self.minimum}",
                        value, {"ge": self.minimum})
        return value

    def json_schema(self, defs):
        return {"minimum": self.minimum, "type": "integer"}


class Nullable(Kind):
    """null, or a value of `kind`."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def check(self, value, loc, problems):
        return None if value is None else self.kind.check(value, loc, problems)

    def json_schema(self, defs):
        return {"anyOf": [self.kind.json_schema(defs), {"type": "null"}]}


class Checked(Kind):
    """A value its field's own check (Field.before) has already read: kept as it is. `schema` describes it."""

    def __init__(self, schema: dict) -> None:
        self.schema = schema

    def check(self, value, loc, problems):
        return value

    def json_schema(self, defs):
        return dict(self.schema)


class ListOf(Kind):
    """A list (“- …” lines) of values of `item`."""

    def __init__(self, item: Kind) -> None:
        self.item = item

    def check(self, value, loc, problems):
        if not isinstance(value, list):
            return _add(problems, "list_type", loc, "Input should be a valid list", value)
        items = [self.item.check(entry, (*loc, index), problems) for index, entry in enumerate(value)]
        return _BAD if any(entry is _BAD for entry in items) else items

    def json_schema(self, defs):
        return {"items": self.item.json_schema(defs), "type": "array"}


class MappingOf(Kind):
    """Keys of text, each with a value of `value`."""

    def __init__(self, value: Kind) -> None:
        self.value = value

    def check(self, value, loc, problems):
        if not isinstance(value, dict):
            return _add(problems, "dict_type", loc, "Input should be a valid dictionary", value)
        kept, bad = {}, False
        for key, entry in value.items():
            if not isinstance(key, str):
                _add(problems, "string_type", (*loc, key, "[key]"), "Input should be a valid string", key)
                bad = True
            checked = self.value.check(entry, (*loc, key), problems)
            bad = bad or checked is _BAD
            kept[key] = checked
        return _BAD if bad else kept

    def json_schema(self, defs):
        return {"additionalProperties": self.value.json_schema(defs), "type": "object"}


class RecordOf(Kind):
    """A group of “键: 值” read as the record class `record`."""

    def __init__(self, record: type[Record]) -> None:
        self.record = record

    def check(self, value, loc, problems):
        if not isinstance(value, dict):
            return _add(problems, "model_type", loc,
                        f"Input should be a valid dictionary or instance of {self.record.__name__}", value)
        return self.record.read_fields(value, loc, problems)

    def json_schema(self, defs):
        name = self.record.__name__
        if name not in defs:
            defs[name] = {}  # a place held first: a record that contains itself would not recurse for ever
            defs[name] = self.record.json_schema_body(defs)
        return {"$ref": f"#/$defs/{name}"}


# --- Fields and records ------------------------------------------------------------------------------

class Field:
    """One key of a record: its kind, its description (for messages and data/schema.json), its default, and the
    field's own checks: `before(value)` sees the value as written, `after(value, earlier)` the value as kept
    with the record's fields before it that were kept; both return the value or raise Invalid."""

    def __init__(self, kind: Kind, description: str, default: object = _REQUIRED, *,
                 default_factory: Callable[[], object] | None = None,
                 before: Callable[[object], object] | None = None,
                 after: Callable[[object, dict[str, object]], object] | None = None,
                 json_extra: dict | None = None) -> None:
        self.kind, self.description, self.default, self.default_factory = kind, description, default, default_factory
        self.before, self.after, self.json_extra = before, after, json_extra or {}

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED and self.default_factory is None

    def json_schema(self, defs: dict[str, dict]) -> dict:
        schema = {**self.kind.json_schema(defs), "description": self.description, **self.json_extra}
        if self.default is not _REQUIRED:
            schema["default"] = self.default
        return schema


def field(kind: Kind, description: str, default: object = _REQUIRED, **options: Any) -> Any:
    """A record's field (the dataclass field, with its Field in the metadata)."""
    spec = Field(kind, description, default, **options)
    if spec.default_factory is not None:
        return dataclasses.field(default_factory=spec.default_factory, metadata={"field": spec})
    return dataclasses.field(default=default, metadata={"field": spec})


class Record:
    """The base of the declared records (frozen, keyword-only dataclasses). `about` says what one is."""

    about: ClassVar[str] = ""

    @classmethod
    def fields(cls) -> dict[str, Field]:
        return _fields_of(cls)

    @classmethod
    def read(cls, value: object):
        """`value` (as read from YAML) as an instance of this record; ShapeError if it does not fit."""
        problems: list[Problem] = []
        record = RecordOf(cls).check(value, (), problems)
        if problems:
            raise ShapeError(problems)
        return record

    @classmethod
    def read_fields(cls, raw: dict, loc: tuple, problems: list[Problem]) -> object:
        found = len(problems)
        fields, kept = cls.fields(), {}
        for name, spec in fields.items():
            if name not in raw:
                if spec.required:
                    _add(problems, "missing", (*loc, name), "Field required", raw)
                continue
            value = _read_field(spec, raw[name], (*loc, name), problems, kept)
            if value is not _BAD:
                kept[name] = value
        for key, value in raw.items():
            if key not in fields:
                _add(problems, "extra_forbidden", (*loc, key), "Extra inputs are not permitted", value)
        return _BAD if len(problems) > found else cls(**kept)

    @classmethod
    def json_schema_body(cls, defs: dict[str, dict]) -> dict:
        """This record as JSON Schema (its nested records put into `defs`)."""
        fields = cls.fields()
        body = {"additionalProperties": False, "description": cls.about,
                "properties": {name: spec.json_schema(defs) for name, spec in fields.items()}}
        required = [name for name, spec in fields.items() if spec.required]
        if required:
            body["required"] = required
        return {**body, "type": "object"}


def _read_field(spec: Field, value: object, loc: tuple, problems: list[Problem], earlier: dict) -> object:
    try:
        if spec.before is not None:
            value = spec.before(value)
        value = spec.kind.check(value, loc, problems)
        if value is not _BAD and spec.after is not None:
            value = spec.after(value, earlier)
    except Invalid as invalid:
        return _add(problems, invalid.kind, loc, _filled(invalid.message, invalid.context), value, invalid.context)
    return value


@cache
def _fields_of(record: type) -> dict[str, Field]:
    return {f.name: f.metadata["field"] for f in dataclasses.fields(record)}
