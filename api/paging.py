"""Opaque cursors and CSV cells shared by the list and export routes."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime

from api.errors import Unprocessable

# A cell starting with one of these is a formula in spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def encode_time_cursor(created_at: datetime, row_id: uuid.UUID) -> str:
    """A keyset cursor for lists ordered newest first by (created_at, id)."""
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{row_id}".encode()).decode()


def decode_time_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        stamp, _, ident = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(stamp), uuid.UUID(ident)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Unprocessable("The cursor is not valid.", code="invalid_cursor") from exc


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
