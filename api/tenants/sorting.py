"""The table's sort keys and keyset cursors, spelled exactly as the indexes hold them.

Every key is non-null (nullable columns go through coalesce(), unknowns last both ways) and
the row id breaks ties in the same direction, so an index on (organization, key, id) walked
forward or backward gives the order, and "after the cursor" is one row comparison that the
same index starts from.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, func, literal, literal_column, tuple_

from api.db import table_of
from api.paging import comparable
from api.tenants.models import UNKNOWN_LAST, ManagedTenant
from api.tenants.schemas import SortField

# The table's columns, not the ORM's attributes: a statement built from these is plain Core,
# which SQLAlchemy compiles and reads without the ORM's per-statement and per-row work.
TENANTS = table_of(ManagedTenant)
_COLUMNS: dict[SortField, Any] = {
    SortField.name: func.lower(TENANTS.c.display_name, type_=String),
    SortField.tenant_id: TENANTS.c.tenant_id,
    SortField.gdap: TENANTS.c.gdap_state,
    SortField.status: TENANTS.c.status,
    SortField.email: TENANTS.c.email_permissions,
    SortField.excluded: TENANTS.c.excluded,
}
_NULLABLE: dict[SortField, tuple[str, Any]] = {
    SortField.users: ("user_count", Integer()),
    SortField.gdap_end: ("earliest_end_at", DateTime(timezone=True)),
    SortField.last_synced: ("last_synced_at", DateTime(timezone=True)),
}


def sort_key(sort: SortField, descending: bool) -> Any:
    if sort in _COLUMNS:
        return _COLUMNS[sort]
    name, type_ = _NULLABLE[sort]
    stand_in = literal_column(UNKNOWN_LAST[name][int(descending)], type_)
    return func.coalesce(TENANTS.c[name], stand_in, type_=type_)


def order(key: Any, descending: bool) -> tuple[Any, Any]:
    if descending:
        return key.desc(), TENANTS.c.id.desc()
    return key.asc(), TENANTS.c.id.asc()


def after(key: Any, descending: bool, value: Any, row_id: uuid.UUID) -> Any:
    """Rows past (value, row_id) in `order`: one row comparison an index scan starts from."""
    # A bound value of the key's type: SQLAlchemy refuses `column > False` on a plain bool.
    mark = tuple_(literal(value, key.type), literal(row_id))
    row = tuple_(key, TENANTS.c.id)
    return row < mark if descending else row > mark


def typed(key: Any, value: Any) -> Any:
    """A cursor's JSON value as the key's Python type (enum, int, datetime...)."""
    python_type = key.type.python_type
    if python_type is datetime:
        return comparable(datetime.fromisoformat(value), key.type)
    return comparable(python_type(value), key.type)
