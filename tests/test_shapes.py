"""macros/archive/shapes.py: reading data against declared records lists every problem, in the order that decides
which one the editor is told about (summary_data.py reports an unknown key first, else the first problem)."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.archive.schema import Figure, Rate, SummaryData, SummaryMeta
from macros.archive.shapes import ShapeError


def problems(record, raw) -> list[tuple[str, tuple]]:
    with pytest.raises(ShapeError) as caught:
        record.read(raw)
    return [(p["type"], p["loc"]) for p in caught.value.errors()]


def test_fields_in_declared_order_then_unknown_keys_in_written_order():
    raw = {"zz": 1, "value": "许多", "unit": "人", "placeholder": "Y", "aa": 2}
    assert problems(Figure, raw) == [
        ("missing", ("label",)),  # where label stands among the fields, not at the end
        ("figure_not_number", ("value",)),
        ("literal_error", ("placeholder",)),
        ("extra_forbidden", ("zz",)),
        ("extra_forbidden", ("aa",)),
    ]


def test_a_check_after_the_type_sees_the_fields_read_before_it():
    assert problems(Figure, {"label": "率", "unit": "%", "value": 120}) == [("figure_over_100", ("value",))]
    assert Figure.read({"label": "人数", "unit": "人", "value": 120}).value == 120  # not a percentage
    # The unit itself is wrong: the value is not measured against it.
    assert problems(Figure, {"label": "率", "unit": "", "value": 120}) == [("string_too_short", ("unit",))]


def test_nested_problems_name_their_whole_path():
    raw = {"summary": {"title": "t", "unit": "u", "issued": None, "status": "final", "headline": ["a", ""]},
           "figures": {"ok": {"label": "x", "unit": "人", "value": 1}, "bad": {"label": 5, "unit": "人", "value": 1},
                       7: {"label": "x", "unit": "人", "value": 1}},
           "rates": [{"rate": "r", "count": "c", "base": 0, "base_label": "b"}]}
    assert problems(SummaryData, raw) == [
        ("string_too_short", ("summary", "headline", 1)),
        ("string_type", ("figures", "bad", "label")),
        ("string_type", ("figures", 7, "[key]")),
        ("greater_than_equal", ("rates", 0, "base")),
    ]


def test_strict_types_turn_nothing_into_something_else():
    assert problems(Rate, {"rate": "r", "count": "c", "base": True, "base_label": "b"}) == [("int_type", ("base",))]
    assert problems(Rate, {"rate": "r", "count": "c", "base": 3.0, "base_label": "b"}) == [("int_type", ("base",))]
    assert problems(Figure, {"label": 12, "unit": "人", "value": 1}) == [("string_type", ("label",))]
    meta = {"title": "t", "unit": "u", "status": "final"}
    assert SummaryMeta.read({**meta, "issued": dt.date(2020, 7, 10)}).issued == dt.date(2020, 7, 10)
    assert SummaryMeta.read({**meta, "issued": "2020-07-10"}).issued == dt.date(2020, 7, 10)
    assert SummaryMeta.read({**meta, "issued": "2020-07"}).issued == "2020-07"


def test_defaults_are_fresh_and_records_are_read_only():
    first = SummaryData.read({"summary": {"title": "t", "unit": "u", "issued": None, "status": "draft"}, "figures": {}})
    second = SummaryData.read({"summary": {"title": "t", "unit": "u", "issued": None, "status": "draft"}, "figures": {}})
    assert first.rates == [] and first.rates is not second.rates and first.proofread.accepted == []
    assert first.names == {} and first.summary.headline == []
    with pytest.raises(AttributeError):
        first.summary.status = "final"  # type: ignore[misc]
