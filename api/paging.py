"""Opaque cursors and CSV cells shared by the list and export routes."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import BigInteger, Integer, SmallInteger
from sqlalchemy.types import TypeEngine

from api.errors import Unprocessable
from api.schemas import INT4_MAX, INT4_MIN, INT8_MAX, INT8_MIN

T = TypeVar("T")
# Narrowest first: BigInteger and SmallInteger are Integer subclasses.
_INT_RANGES = (
    (SmallInteger, -(2**15), 2**15 - 1),
    (BigInteger, INT8_MIN, INT8_MAX),
    (Integer, INT4_MIN, INT4_MAX),
)
# A cell starting with one of these is a formula in spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def encode_time_cursor(created_at: datetime, row_id: uuid.UUID) -> str:
    """A keyset cursor for lists ordered newest first by (created_at, id)."""
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{row_id}".encode()).decode()


def decode_time_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        stamp, _, ident = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return comparable(datetime.fromisoformat(stamp)), uuid.UUID(ident)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Unprocessable("The cursor is not valid.", code="invalid_cursor") from exc


def comparable(value: T, column_type: TypeEngine[Any] | None = None) -> T:
    """`value`, if PostgreSQL can compare a `column_type` column with it; else ValueError.

    Cursors are client-held, so a decoded value is as hostile as any other input.
    """
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    if isinstance(value, datetime) and value.tzinfo is not None:
        try:
            value.astimezone(UTC)  # the driver sends UTC; 0001-01-01T00:00+01:00 has none
        except OverflowError as exc:
            raise ValueError("the time is outside the supported dates") from exc
    if isinstance(value, int) and not isinstance(value, bool):
        for kind, low, high in _INT_RANGES:
            if isinstance(column_type, kind):
                if not low <= value <= high:
                    raise ValueError(f"{value} is outside the column's range")
                break
    return value


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
