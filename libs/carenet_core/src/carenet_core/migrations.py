"""Alembic plumbing shared by every service's `migrations/env.py`, and the core tables' DDL.

Each service keeps its own history; its version table lives in its own schema (PostgreSQL) or
its own file (SQLite). `upgrade(service_dir, url)` runs a service's migrations from code.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.ext.asyncio import create_async_engine

from .db import Base, async_url, is_postgres_url
from .settings import ServiceSettings


def run_env(settings_cls: type[ServiceSettings]) -> None:
    """The body of a service's `env.py`: online async migrations into the service's schema."""
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or ""
    if not url or url.startswith("driver://"):
        url = settings_cls().database_url or ""
    url = async_url(url)
    schema = settings_cls.db_schema

    def do_run(connection: sa.Connection) -> None:
        kw: dict[str, Any] = {"connection": connection, "target_metadata": Base.metadata, "compare_type": True}
        if is_postgres_url(url):
            # Only when missing: CREATE SCHEMA needs CREATE on the database even with IF NOT EXISTS, and a
            # production role owns its pre-created schema without holding that right (deploy/k8s/overlays/county/postgres/roles.sql).
            exists = connection.scalar(sa.text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema})
            if not exists:
                connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            connection.execute(sa.text(f'SET search_path TO "{schema}"'))
            connection.commit()
            kw.update(version_table_schema=schema)
        else:
            kw.update(render_as_batch=True)
        context.configure(**kw)
        with context.begin_transaction():
            context.run_migrations()

    async def main() -> None:
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            await conn.run_sync(do_run)
        await engine.dispose()

    if url.startswith("sqlite"):
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(main())


def upgrade(service_dir: Path, url: str, revision: str = "head") -> None:
    """Migrate one service (blocking; call from a thread inside an event loop)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(service_dir / "alembic.ini"))
    cfg.set_main_option("script_location", str(service_dir / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, revision)


def downgrade(service_dir: Path, url: str, revision: str) -> None:
    """Migrate one service down to `revision` (blocking; call from a thread inside an event loop)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(service_dir / "alembic.ini"))
    cfg.set_main_option("script_location", str(service_dir / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url)
    command.downgrade(cfg, revision)


def _bigint_pk() -> sa.Column[Any]:
    return sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True)


def create_core_tables() -> None:
    """Plumbing tables every service has: idempotency keys, access trail, outbox, feed cursors (v1)."""
    tz = sa.DateTime(timezone=True)
    op.create_table(
        "idempotency_keys",
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=True),
        sa.Column("created_at", tz, nullable=False),
        sa.PrimaryKeyConstraint("owner", "key", name="pk_idempotency_keys"),
    )
    op.create_table(
        "access_trail",
        _bigint_pk(),
        sa.Column("at", tz, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("resource", sa.String(300), nullable=False),
        sa.Column("person_ref", sa.String(200), nullable=True),
        sa.Column("request_id", sa.String(100), nullable=True),
        sa.Column("chain_seq", sa.BigInteger(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=True),
        sa.Column("row_hash", sa.String(64), nullable=True),
        sa.UniqueConstraint("chain_seq", name="uq_access_trail_chain_seq"),
    )
    op.create_index("ix_access_trail_person_ref", "access_trail", ["person_ref"])
    op.create_index(
        "ix_access_trail_unlinked",
        "access_trail",
        ["id"],
        postgresql_where=sa.text("chain_seq IS NULL"),
        sqlite_where=sa.text("chain_seq IS NULL"),
    )
    op.create_table(
        "outbox",
        _bigint_pk(),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("occurred_at", tz, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.UniqueConstraint("seq", name="uq_outbox_seq"),
    )
    op.create_index(
        "ix_outbox_unpublished",
        "outbox",
        ["id"],
        postgresql_where=sa.text("seq IS NULL"),
        sqlite_where=sa.text("seq IS NULL"),
    )
    op.create_table(
        "feed_cursors",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("position", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("updated_at", tz, nullable=False),
    )


def drop_core_tables() -> None:
    for name in ("feed_cursors", "outbox", "access_trail", "idempotency_keys"):
        op.drop_table(name)


_TRAIL_INDEXES = ("ix_access_trail_person_ref", "ix_access_trail_unlinked")


def _create_trail_indexes() -> None:
    op.execute("CREATE INDEX ix_access_trail_person_ref ON access_trail (person_ref)")
    op.execute("CREATE INDEX ix_access_trail_unlinked ON access_trail (id) WHERE chain_seq IS NULL")


def partition_access_trail() -> None:
    """The access trail becomes range-partitioned by Taipei month of `at` (PostgreSQL; SQLite keeps a plain table).

    Create the partitioned table beside the old one, a partition for every month that has rows plus this
    month and the next two, and a DEFAULT one; copy the rows (ids, chain positions and hashes as they are,
    so the chain verifies as before); swap; and `access_trail_archive`, the anchors of months moved to cold
    storage (`carenet_core.trail.archive_month`). The key becomes (id, at): PostgreSQL needs the partition key in
    every unique constraint, so `chain_seq` keeps a plain index (one linker under a lock keeps it unique;
    the verifier reports a repeat). The id sequence moves to the new table before the old one is dropped.
    """
    from . import clock
    from .partitions import months_ahead
    from .trail import MONTHS_AHEAD, TRAIL

    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE access_trail RENAME TO access_trail_unpartitioned")
    op.execute("ALTER TABLE access_trail_unpartitioned RENAME CONSTRAINT pk_access_trail TO pk_access_trail_old")
    op.execute(
        "ALTER TABLE access_trail_unpartitioned RENAME CONSTRAINT uq_access_trail_chain_seq TO uq_access_trail_old"
    )
    for ix in _TRAIL_INDEXES:
        op.execute(f"ALTER INDEX {ix} RENAME TO {ix}_old")
    op.execute(
        "CREATE TABLE access_trail (LIKE access_trail_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
        "PARTITION BY RANGE (at)"
    )
    op.execute("ALTER TABLE access_trail ADD CONSTRAINT pk_access_trail PRIMARY KEY (id, at)")
    op.execute("CREATE INDEX ix_access_trail_chain_seq ON access_trail (chain_seq)")
    _create_trail_indexes()
    op.execute(f"CREATE TABLE {TRAIL.default} PARTITION OF access_trail DEFAULT")
    months = set(
        bind.execute(
            sa.text("SELECT DISTINCT to_char(at AT TIME ZONE 'Asia/Taipei', 'YYYY-MM') FROM access_trail_unpartitioned")
        ).scalars()
    )
    months |= set(months_ahead(clock.month_of(clock.now()), MONTHS_AHEAD))
    for month in sorted(m for m in months if clock.MONTH_RE.match(m)):  # any other stays in the default
        op.execute(f"CREATE TABLE {TRAIL.partition(month)} PARTITION OF access_trail {TRAIL.bounds(month)}")
    op.execute("INSERT INTO access_trail SELECT * FROM access_trail_unpartitioned")
    op.execute("ALTER SEQUENCE access_trail_id_seq OWNED BY access_trail.id")
    op.execute("DROP TABLE access_trail_unpartitioned")
    # months moved to cold storage (carenet_core.trail.archive_month): the anchor the live chain starts from
    op.execute(
        "CREATE TABLE access_trail_archive (month varchar(7) PRIMARY KEY, partition varchar(63) NOT NULL, "
        "rows bigint NOT NULL, first_seq bigint, last_seq bigint, anchor_seq bigint NOT NULL, "
        "anchor_hash varchar(64) NOT NULL, interleaved jsonb NOT NULL, archived_at timestamptz NOT NULL)"
    )


def unpartition_access_trail() -> None:
    """Back to one plain table (key `id`, `chain_seq` unique), rows copied as they are; refused once a month
    went to cold storage (its rows are no longer here to copy)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if bind.execute(sa.text("SELECT count(*) FROM access_trail_archive")).scalar():
        raise RuntimeError("months of the access trail were archived: restore them before downgrading")
    op.execute("DROP TABLE access_trail_archive")
    op.execute("ALTER TABLE access_trail RENAME TO access_trail_partitioned")
    op.execute("ALTER TABLE access_trail_partitioned RENAME CONSTRAINT pk_access_trail TO pk_access_trail_old")
    op.execute("ALTER INDEX ix_access_trail_chain_seq RENAME TO ix_access_trail_chain_seq_old")
    for ix in _TRAIL_INDEXES:
        op.execute(f"ALTER INDEX {ix} RENAME TO {ix}_old")
    op.execute("CREATE TABLE access_trail (LIKE access_trail_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    op.execute("ALTER TABLE access_trail ADD CONSTRAINT pk_access_trail PRIMARY KEY (id)")
    op.execute("INSERT INTO access_trail SELECT * FROM access_trail_partitioned")
    op.execute("ALTER TABLE access_trail ADD CONSTRAINT uq_access_trail_chain_seq UNIQUE (chain_seq)")
    _create_trail_indexes()
    op.execute("ALTER SEQUENCE access_trail_id_seq OWNED BY access_trail.id")
    op.execute("DROP TABLE access_trail_partitioned")
