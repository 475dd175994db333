"""add_once: a row keyed by a client's own id is stored once; a resend gets the stored row."""

import pytest
from sqlalchemy import func, select


async def test_the_second_insert_of_a_key_returns_the_stored_row_and_writes_nothing(db):
    from carenet_core.db import add_once
    from probe.app import Widget

    async with db.transaction() as s:
        row, created = await add_once(s, Widget(id="w-once", name="first"))
        assert (row.name, created) == ("first", True)
    async with db.transaction() as s:
        row, created = await add_once(s, Widget(id="w-once", name="second"))
        assert (row.name, created) == ("first", False)  # the stored one, not the resend
        # the session goes on after the refused insert (it was a savepoint)
        assert await s.scalar(select(func.count()).select_from(Widget).where(Widget.id == "w-once")) == 1


async def test_another_integrity_error_is_raised(db):
    from carenet_core.db import add_once
    from probe.app import Widget
    from sqlalchemy.exc import IntegrityError

    async with db.transaction() as s:
        with pytest.raises(IntegrityError):
            await add_once(s, Widget(id="w-null", name=None))  # NOT NULL, not a twin
