"""The hub's schema in PostgreSQL, and the administrator's commands on it.

Stations log in as their own PostgreSQL role and may only call ``crisisroom_push`` (which
derives the station from the session, so no station can push as another) and read ``ops``.
``seq`` is allocated under a transaction-level advisory lock, so seqs commit in order and a
reader pulling ``seq > cursor`` never skips a row that commits late.
"""

from __future__ import annotations

import re
import secrets

HUB_SCHEMA_VERSION = 1
_LOCK = 7734_2026  # the advisory lock that orders seq allocation

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS hub_meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO hub_meta VALUES ('schema_version', '{HUB_SCHEMA_VERSION}') ON CONFLICT (key) DO NOTHING;
INSERT INTO hub_meta VALUES ('epoch', '{secrets.token_hex(8)}') ON CONFLICT (key) DO NOTHING;
INSERT INTO hub_meta VALUES ('min_op_schema', '1') ON CONFLICT (key) DO NOTHING;
CREATE TABLE IF NOT EXISTS stations (
    role_name text PRIMARY KEY,
    station_id uuid UNIQUE,           -- bound by the station's first push
    last_seq bigint NOT NULL DEFAULT 0,
    revoked boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ops (
    seq bigint PRIMARY KEY,
    op_id uuid UNIQUE NOT NULL,
    station_id uuid NOT NULL,
    station_seq bigint NOT NULL,
    hlc bigint NOT NULL,
    entity text NOT NULL,
    entity_id text NOT NULL,
    kind text NOT NULL DEFAULT 'put',
    payload jsonb NOT NULL,
    schema_version int NOT NULL,
    UNIQUE (station_id, station_seq)
);
CREATE OR REPLACE FUNCTION crisisroom_push(batch jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    st stations%ROWTYPE;
    op jsonb;
    sent bigint;
    next_seq bigint;
BEGIN
    SELECT * INTO st FROM stations WHERE role_name = session_user FOR UPDATE;
    IF NOT FOUND OR st.revoked THEN
        RAISE EXCEPTION 'station % may not push', session_user USING ERRCODE = '42501';
    END IF;
    PERFORM pg_advisory_xact_lock({_LOCK});
    -- Under the lock no one else allocates: read the top once, count up from it.
    SELECT coalesce(max(seq), 0) INTO next_seq FROM ops;
    FOR op IN SELECT value FROM jsonb_array_elements(batch) LOOP
        IF st.station_id IS NULL THEN
            st.station_id := (op->>'station_id')::uuid;  -- the first push binds the role to its station
            UPDATE stations SET station_id = st.station_id WHERE role_name = st.role_name;
        END IF;
        IF (op->>'station_id')::uuid IS DISTINCT FROM st.station_id THEN
            RAISE EXCEPTION 'station % pushed an op of another station', session_user USING ERRCODE = '42501';
        END IF;
        IF (op->>'schema_version')::int > {HUB_SCHEMA_VERSION} THEN
            RAISE EXCEPTION 'op schema % is newer than the hub', op->>'schema_version' USING ERRCODE = '22023';
        END IF;
        sent := (op->>'station_seq')::bigint;
        CONTINUE WHEN sent <= st.last_seq;  -- a duplicate: acknowledged again
        EXIT WHEN sent <> st.last_seq + 1;  -- a gap: the station resends from last_seq + 1
        next_seq := next_seq + 1;
        INSERT INTO ops (seq, op_id, station_id, station_seq, hlc, entity, entity_id, payload, schema_version)
        VALUES (next_seq, (op->>'op_id')::uuid, st.station_id, sent, (op->>'hlc')::bigint,
                op->'changes'->0->>0, op->'changes'->0->>1, op, (op->>'schema_version')::int);
        st.last_seq := sent;
    END LOOP;
    UPDATE stations SET last_seq = st.last_seq WHERE role_name = st.role_name;
    PERFORM pg_notify('crisisroom_ops', coalesce((SELECT max(seq) FROM ops), 0)::text);
    RETURN st.last_seq;
END $$;
REVOKE ALL ON FUNCTION crisisroom_push(jsonb) FROM PUBLIC;
"""

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def init(admin_url: str) -> str:
    """Creates or brings the hub's schema up to date; returns its epoch."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(SCHEMA)
        return conn.execute("SELECT value FROM hub_meta WHERE key = 'epoch'").fetchone()[0]


def role_name(station: str) -> str:
    name = f"crisisroom_{station.lower()}"
    if not _NAME.match(name):
        raise ValueError(station)
    return name


def add_station(admin_url: str, station: str) -> str:
    """A least-privilege login role for a station; returns the URL the station connects with."""
    import psycopg
    from psycopg import sql

    role = role_name(station)
    password = secrets.token_urlsafe(18)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        statement = "ALTER ROLE {} LOGIN PASSWORD {}" if exists else "CREATE ROLE {} LOGIN PASSWORD {}"
        conn.execute(sql.SQL(statement).format(sql.Identifier(role), sql.Literal(password)))
        database = conn.info.dbname
        conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), sql.Identifier(role)))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(sql.Identifier(role)))
        conn.execute(sql.SQL("GRANT SELECT ON ops, hub_meta TO {}").format(sql.Identifier(role)))
        conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION crisisroom_push(jsonb) TO {}").format(sql.Identifier(role)))
        conn.execute("INSERT INTO stations (role_name) VALUES (%s) ON CONFLICT (role_name) DO UPDATE SET revoked = false",
                     (role,))
        host, port = conn.info.host, conn.info.port
    host = "127.0.0.1" if host.startswith("/") else host  # a socket path: stations use TCP
    return f"postgresql://{role}:{password}@{host}:{port}/{database}"


def revoke_station(admin_url: str, station: str) -> None:
    """A lost laptop: its role can no longer log in nor push."""
    import psycopg
    from psycopg import sql

    role = role_name(station)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("UPDATE stations SET revoked = true WHERE role_name = %s", (role,))
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(role)))
