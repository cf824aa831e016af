"""Shared pieces of request and response schemas.

Every request model inherits `Input` (JSON bodies) or `QueryInput` (query strings). Both refuse,
for every field at any depth, what PostgreSQL cannot take: a NUL character in text, and an
integer outside PostgreSQL's `integer` range unless the field declares its own bounds (declare
`ge`/`le` explicitly for a `bigint` column). Such input is a 422 naming the field, never a 500.
The JSON schema says so too: such text carries the `NO_NUL` pattern, such integers their bounds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, cast

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
INT8_MIN, INT8_MAX = -(2**63), 2**63 - 1

_BARE_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")
_QUERY_INT = re.compile(r"[+-]?\d+")
_QUERY_BOOL = {"true": True, "false": False}
_TIME_TYPES = frozenset({"datetime", "date", "time"})
# Keys whose values are not validation schemas; their own "type" keys mean something else.
_NOT_VALIDATION = frozenset({"metadata", "serialization", "ref", "members", "expected"})


# The contract's spelling of `_refuse_nul`, so that clients and fuzzers know it too.
NO_NUL = "^[^\\x00]*$"


def _refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("string_nul", "Text may not contain NUL characters")
    return value


def _declare_no_nul(json_schema: dict[str, Any]) -> None:
    # A format (an e-mail address) or a fixed set of values already admits no NUL.
    if not {"pattern", "format", "enum", "const"} & json_schema.keys():
        json_schema["pattern"] = NO_NUL


def _no_nul(node: Any) -> CoreSchema:
    return core_schema.no_info_after_validator_function(
        _refuse_nul, cast(CoreSchema, node), metadata={"pydantic_js_extra": _declare_no_nul}
    )


def _refuse_numbers_as_time(value: Any) -> Any:
    # Pydantic reads numbers (and digit strings) as Unix timestamps; the API speaks ISO 8601.
    if isinstance(value, bool | int | float) or (
        isinstance(value, str) and _BARE_NUMBER.fullmatch(value)
    ):
        raise PydanticCustomError("time_format", "Input should be an ISO 8601 date or time")
    return value


def _utc_representable(value: Any) -> Any:
    # 0001-01-01T00:00+01:00 is a valid datetime that no UTC clock can show: the driver fails.
    if isinstance(value, datetime) and value.tzinfo is not None:
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise PydanticCustomError(
                "time_range", "Input is outside the supported dates"
            ) from None
    return value


def _query_int(value: Any) -> Any:
    if isinstance(value, bool) or (isinstance(value, str) and not _QUERY_INT.fullmatch(value)):
        raise PydanticCustomError("int_parsing", "Input should be a whole number")
    return value


def _query_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in _QUERY_BOOL:
        return _QUERY_BOOL[value]
    raise PydanticCustomError("bool_parsing", "Input should be 'true' or 'false'")


_GUARDS: frozenset[Callable[[Any], Any]] = frozenset(
    {_refuse_nul, _refuse_numbers_as_time, _utc_representable, _query_int, _query_bool}
)


def _is_guard(node: dict[str, Any]) -> bool:
    function = node.get("function")
    return isinstance(function, dict) and function.get("function") in _GUARDS


def _before(function: Callable[[Any], Any], node: dict[str, Any]) -> Any:
    return core_schema.no_info_before_validator_function(function, cast(CoreSchema, node))


def _guard(node: Any, *, from_query: bool) -> Any:
    """The validation schema `node` with the request rules applied at every depth."""
    if isinstance(node, list):
        return [_guard(item, from_query=from_query) for item in node]
    if not isinstance(node, dict):
        return node
    if _is_guard(node):  # a nested request model's schema, already guarded
        return node
    node = {
        key: value if key in _NOT_VALIDATION else _guard(value, from_query=from_query)
        for key, value in node.items()
    }
    kind = node.get("type")
    if kind == "str":
        return _no_nul(node)
    if kind in _TIME_TYPES:
        return core_schema.no_info_after_validator_function(
            _utc_representable, _before(_refuse_numbers_as_time, node)
        )
    if kind == "int":
        node.setdefault("ge", INT4_MIN)
        node.setdefault("le", INT4_MAX)
    if from_query and kind in ("int", "bool"):
        return _before(_query_int if kind == "int" else _query_bool, node)
    if kind in ("int", "bool", "float"):
        node["strict"] = True
    return node


class _NoNul:
    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return _no_nul(handler(source))


# The same refusal for a query parameter a route declares on its own, outside a QueryInput.
Text = Annotated[str, _NoNul()]


class Input(BaseModel):
    """A JSON request body, read strictly: `"yes"` or `0` is not a boolean, `"10"` is not a
    number and `0.5` is not a timestamp. Unknown fields are refused, so a typo is an error,
    not a no-op."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return cast(CoreSchema, _guard(handler(source), from_query=False))


class QueryInput(Input):
    """Query parameters: text by nature, so `"10"` is read as 10 and `"true"` as True, and
    nothing looser (`"yes"`, `"1.0"` and `"1_000"` are refused)."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return cast(CoreSchema, _guard(handler(source), from_query=True))


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)
