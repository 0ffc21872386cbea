"""The hub's schema in PostgreSQL, and the administrator's commands on it.

Every station is untrusted by the others (sync.md's threat model). A station logs in as a role
of its own hub (``crisisroom_<database>_<name>``, allowed to connect to that database only) and
may only read ``ops`` and call the three functions below, which derive the station from the
session. The functions are SECURITY DEFINER with every name qualified and ``pg_temp`` last, so
no temporary object of a station is ever resolved in their place.

Push takes each op on its own: a duplicate is acknowledged only if it is the same op; an op
against the rules (malformed, NUL, too large, a clock too far ahead, a reused op id) takes its
place in the station's sequence as refused, with the reason, so one bad op never blocks the
ones after it. ``seq`` is allocated under an advisory lock no station can take (the hub revokes
the advisory-lock functions from PUBLIC in its database), so seqs commit in order and a reader pulling ``seq > cursor`` never skips a
row that commits late. A station that sits on that lock (a push left uncommitted) is
disconnected after LOCK_WAIT, and the push goes on.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import quote

from desktop.services.hlc import MAX_AHEAD_MS
from desktop.services.ops import MAX_OP_BYTES

HUB_SCHEMA_VERSION = 2
LOCK_WAIT = "2s"
SEQ_LOCK = 7734_2026  # the advisory lock that orders seq allocation (stations may take none)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS public.hub_meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO public.hub_meta VALUES ('epoch', '{secrets.token_hex(8)}') ON CONFLICT (key) DO NOTHING;
INSERT INTO public.hub_meta VALUES ('min_op_schema', '1') ON CONFLICT (key) DO NOTHING;
INSERT INTO public.hub_meta VALUES ('schema_version', '{HUB_SCHEMA_VERSION}')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
CREATE TABLE IF NOT EXISTS public.stations (
    role_name text PRIMARY KEY,
    station_id uuid UNIQUE,           -- bound by the station's first push
    last_seq bigint NOT NULL DEFAULT 0,
    revoked boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE public.stations ADD COLUMN IF NOT EXISTS password text;  -- the verifier add-station set
CREATE TABLE IF NOT EXISTS public.ops (
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
-- Ops a station sent that the hub did not take: their place in the station's sequence, and why.
CREATE TABLE IF NOT EXISTS public.refused (
    station_id uuid NOT NULL,
    station_seq bigint NOT NULL,
    op_id text,
    reason text NOT NULL,
    raw text,                         -- what was sent, when small enough to keep
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, station_seq)
);
DROP TABLE IF EXISTS public.seq_lock;
-- The lock that orders seq allocation is an advisory lock, and no station may take one in this
-- database (it would stall every push): only the hub's functions, running as their owner, can.
DO $revoke$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT oid::regprocedure FROM pg_catalog.pg_proc
              WHERE proname ~ '^pg_(try_)?advisory' LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END $revoke$;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(bigint) TO CURRENT_USER;
DROP FUNCTION IF EXISTS public.crisisroom_push(jsonb);

-- The calling station's row, refused when revoked or when its password was changed behind the
-- hub's back (only add-station sets one).
CREATE OR REPLACE FUNCTION public.crisisroom_me() RETURNS public.stations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    st public.stations%ROWTYPE;
BEGIN
    SELECT * INTO st FROM public.stations WHERE role_name = session_user;
    IF NOT FOUND OR st.revoked THEN
        RAISE EXCEPTION 'station % is revoked', session_user USING ERRCODE = 'CR003';
    END IF;
    IF st.password IS NOT NULL AND pg_catalog.has_table_privilege('pg_catalog.pg_authid', 'SELECT')
       AND st.password IS DISTINCT FROM (SELECT rolpassword FROM pg_catalog.pg_authid WHERE rolname = session_user) THEN
        RAISE EXCEPTION 'the password of % was changed outside the hub', session_user USING ERRCODE = 'CR004';
    END IF;
    RETURN st;
END $$;

-- Who the calling station is on the hub; a login's first call binds it to the station id it
-- gives (unless another login has that id: a copied database), and its ops must carry that id.
CREATE OR REPLACE FUNCTION public.crisisroom_station(mine uuid) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    st public.stations%ROWTYPE := public.crisisroom_me();
    taken boolean := EXISTS (SELECT 1 FROM public.stations s WHERE s.station_id = mine AND s.role_name <> st.role_name);
BEGIN
    IF st.station_id IS NULL AND NOT taken AND mine IS NOT NULL THEN
        UPDATE public.stations SET station_id = mine WHERE role_name = st.role_name AND station_id IS NULL;
        st.station_id := mine;
    END IF;
    RETURN jsonb_build_object(
        'station_id', st.station_id, 'last_seq', st.last_seq, 'taken', taken,
        'now_ms', (extract(epoch FROM clock_timestamp()) * 1000)::bigint, 'max_ahead_ms', {MAX_AHEAD_MS});
END $$;

-- This station's own ops after ``after`` (a station restored from a backup gets them back).
CREATE OR REPLACE FUNCTION public.crisisroom_own_ops(after bigint, upto bigint)
RETURNS TABLE (station_seq bigint, op_id text, payload jsonb, refused text, raw text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    st public.stations%ROWTYPE := public.crisisroom_me();
BEGIN
    RETURN QUERY
        SELECT o.station_seq, o.op_id::text, o.payload, NULL::text, NULL::text FROM public.ops o
         WHERE o.station_id = st.station_id AND o.station_seq > after AND o.station_seq <= upto
        UNION ALL
        SELECT r.station_seq, r.op_id, NULL::jsonb, r.reason, r.raw FROM public.refused r
         WHERE r.station_id = st.station_id AND r.station_seq > after AND r.station_seq <= upto
        ORDER BY 1;
END $$;

-- Set-based: a batch is judged, taken and refused in a few statements, not op by op in PL/pgSQL.
CREATE OR REPLACE FUNCTION public.crisisroom_push(seqs bigint[], batch text[]) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp SET lock_timeout = '{LOCK_WAIT}' SET statement_timeout = '60s' AS $$
DECLARE
    st public.stations%ROWTYPE := public.crisisroom_me();
    n int := coalesce(array_length(seqs, 1), 0);
    parsed jsonb[];
    next_seq bigint;
    last bigint;
    top bigint;
    again jsonb;
    bad text;
    fresh jsonb;
    now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
BEGIN
    IF n <> coalesce(array_length(batch, 1), 0) THEN
        RAISE EXCEPTION 'seqs and ops differ in number' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO st FROM public.stations WHERE role_name = st.role_name FOR UPDATE;  -- its pushes one at a time
    IF st.station_id IS NULL THEN
        RAISE EXCEPTION 'station % has not said who it is (crisisroom_station)', session_user USING ERRCODE = 'CR005';
    END IF;
    BEGIN  -- the whole batch read at once; op by op only if one cannot be read (a NUL, bad JSON)
        parsed := batch::jsonb[];
    EXCEPTION WHEN others THEN
        parsed := array_fill(NULL::jsonb, ARRAY[n]);
        FOR i IN 1 .. n LOOP
            BEGIN
                parsed[i] := batch[i]::jsonb;
            EXCEPTION WHEN others THEN
                NULL;  -- stays NULL: refused as malformed below
            END;
        END LOOP;
    END;
    -- One pass over the batch for what refuses it whole: a bad number, another station's op, a
    -- schema newer than the hub.
    SELECT CASE WHEN bool_or(t.sent IS NULL OR t.sent < 1) THEN '22023'
                WHEN bool_or(jsonb_typeof(t.op) = 'object' AND t.op ? 'station_id'
                             AND t.op->>'station_id' IS DISTINCT FROM st.station_id::text) THEN '42501'
                WHEN bool_or(CASE WHEN t.op->>'schema_version' ~ '^[0-9]{{1,9}}$'
                                  THEN (t.op->>'schema_version')::int > {HUB_SCHEMA_VERSION} ELSE false END) THEN 'newer'
           END INTO bad FROM unnest(seqs, parsed) AS t(sent, op);
    IF bad = '42501' THEN
        RAISE EXCEPTION 'station % pushed an op of another station', session_user USING ERRCODE = '42501';
    ELSIF bad IS NOT NULL THEN
        RAISE EXCEPTION 'a bad station_seq or an op schema newer than the hub' USING ERRCODE = '22023';
    END IF;
    again := '[]';
    IF n > 0 AND (SELECT min(x) FROM unnest(seqs) AS x) <= st.last_seq THEN  -- offered again (a lost reply)
        -- Acknowledged only if it is the same op (a restored station reuses numbers).
        IF EXISTS (SELECT 1 FROM unnest(seqs, parsed) AS t(sent, op)
                     JOIN public.ops o ON o.station_id = st.station_id AND o.station_seq = t.sent
                    WHERE t.sent <= st.last_seq AND o.op_id::text IS DISTINCT FROM t.op->>'op_id')
           OR EXISTS (SELECT 1 FROM unnest(seqs, parsed) AS t(sent, op)
                     JOIN public.refused r ON r.station_id = st.station_id AND r.station_seq = t.sent
                    WHERE t.sent <= st.last_seq AND r.op_id IS NOT NULL AND r.op_id IS DISTINCT FROM t.op->>'op_id') THEN
            RAISE EXCEPTION 'station % sent a new op under a number it used before', session_user USING ERRCODE = 'CR001';
        END IF;
        SELECT coalesce(jsonb_agg(jsonb_build_array(r.station_seq, r.reason) ORDER BY r.station_seq), '[]') INTO again
          FROM public.refused r WHERE r.station_id = st.station_id AND r.station_seq <= st.last_seq
           AND r.station_seq = ANY (seqs);
    END IF;
    BEGIN
        PERFORM pg_advisory_xact_lock({SEQ_LOCK});
    EXCEPTION WHEN lock_not_available THEN
        -- A station sits on the lock (a push it never committed): end its session, try once more.
        PERFORM pg_terminate_backend(a.pid) FROM pg_stat_activity a
          JOIN public.stations s ON s.role_name = a.usename
         WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
           AND a.state LIKE 'idle in transaction%' AND a.state_change < clock_timestamp() - interval '{LOCK_WAIT}';
        PERFORM pg_advisory_xact_lock({SEQ_LOCK});
    END;
    -- Under the lock no one else allocates: read the top once, count up from it.
    SELECT coalesce(max(seq), 0) INTO next_seq FROM public.ops;
    WITH offered AS (
        SELECT t.sent, t.raw, t.op, t.ord, row_number() OVER (ORDER BY t.ord) AS k
          FROM unnest(seqs, batch, parsed) WITH ORDINALITY AS t(sent, raw, op, ord) WHERE t.sent > st.last_seq),
    run AS (  -- the ops that follow on from last_seq; from the first gap on, nothing is taken
        SELECT o.*, bool_and(o.sent = st.last_seq + o.k) OVER (ORDER BY o.ord) AS follows FROM offered o),
    judged AS (
        SELECT r.sent, r.raw, r.op, r.ord, CASE  -- CASE: each cast only once the text is known good
            WHEN NOT coalesce(jsonb_typeof(r.op) = 'object' AND jsonb_typeof(r.op->'changes') = 'array'
                AND jsonb_typeof(r.op->'changes'->0) = 'array'
                AND jsonb_typeof(r.op->'changes'->0->0) = 'string' AND jsonb_typeof(r.op->'changes'->0->1) = 'string'
                AND r.op->>'op_id' ~ '^[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$'
                AND r.op->>'station_seq' = r.sent::text AND r.op->>'schema_version' ~ '^[0-9]{{1,9}}$'
                AND r.op->>'hlc' ~ '^[0-9]{{1,19}}$', false) THEN 'malformed'
            WHEN (r.op->>'hlc')::numeric >= 9223372036854775808 THEN 'malformed'
            WHEN octet_length(r.raw) > {MAX_OP_BYTES} THEN 'too_large'
            WHEN ((r.op->>'hlc')::bigint >> 16) > now_ms + {MAX_AHEAD_MS} THEN 'clock_ahead'
            WHEN row_number() OVER (PARTITION BY r.op->>'op_id' ORDER BY r.ord) > 1 THEN 'duplicate_op_id'
            END AS reason
          FROM run r WHERE r.follows),
    taken AS (  -- an op id the hub holds already (another station's) is not taken: the unique key says so
        INSERT INTO public.ops (seq, op_id, station_id, station_seq, hlc, entity, entity_id, payload, schema_version)
        SELECT next_seq + row_number() OVER (ORDER BY j.ord), (j.op->>'op_id')::uuid, st.station_id, j.sent,
               (j.op->>'hlc')::bigint, j.op->'changes'->0->>0, j.op->'changes'->0->>1, j.op,
               (j.op->>'schema_version')::int
          FROM judged j WHERE j.reason IS NULL
        ON CONFLICT (op_id) DO NOTHING
        RETURNING station_seq, seq),
    verdicts AS (
        SELECT j.sent, j.op, j.raw, coalesce(j.reason, 'duplicate_op_id') AS reason FROM judged j
         WHERE j.reason IS NOT NULL OR j.sent NOT IN (SELECT t.station_seq FROM taken t)),
    refusing AS (
        INSERT INTO public.refused (station_id, station_seq, op_id, reason, raw)
        SELECT st.station_id, v.sent, left(v.op->>'op_id', 36), v.reason,
               CASE WHEN octet_length(v.raw) <= 65536 THEN v.raw END
          FROM verdicts v
        RETURNING station_seq, reason)
    SELECT coalesce((SELECT max(j.sent) FROM judged j), st.last_seq), coalesce((SELECT max(t.seq) FROM taken t), next_seq),
           coalesce((SELECT jsonb_agg(jsonb_build_array(f.station_seq, f.reason) ORDER BY f.station_seq)
                       FROM refusing f), '[]')
      INTO last, top, fresh;
    UPDATE public.stations SET last_seq = last WHERE role_name = st.role_name;
    PERFORM pg_notify('crisisroom_ops', top::text);
    RETURN jsonb_build_object('last', last, 'refused', again || fresh);
END $$;
REVOKE ALL ON FUNCTION public.crisisroom_me() FROM PUBLIC;
REVOKE ALL ON FUNCTION public.crisisroom_station(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.crisisroom_own_ops(bigint, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.crisisroom_push(bigint[], text[]) FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
"""

STATION_NAME_MAX = 30  # crisisroom_ + a 20-letter database tag + _ + this stays within PostgreSQL's 63
_STATION = re.compile(r"[a-z][a-z0-9_]*")
_GRANTS = ("GRANT CONNECT ON DATABASE {db} TO {role}", "GRANT USAGE ON SCHEMA public TO {role}",
           "GRANT SELECT ON public.ops, public.hub_meta TO {role}",
           "GRANT EXECUTE ON FUNCTION public.crisisroom_station(uuid), public.crisisroom_own_ops(bigint, bigint), "
           "public.crisisroom_push(bigint[], text[]) TO {role}")
_ROLE_SETTINGS = {"statement_timeout": "30s", "idle_in_transaction_session_timeout": "30s", "lock_timeout": "5s"}


class HubAdminError(Exception):
    """``code``: no_station (an empty name), long_station (more than STATION_NAME_MAX),
    bad_station (not a name), role_taken (a login by that name that is not this hub's),
    unknown_station."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


def station_name(text: str) -> str:
    """A station's name as typed or pasted (spaces and a line break around it are a paste's, not
    the name's), or HubAdminError saying what is wrong with it."""
    name = text.strip()
    if not name:
        raise HubAdminError("no_station")
    if len(name) > STATION_NAME_MAX:
        raise HubAdminError("long_station", name)
    if not _STATION.fullmatch(name):
        raise HubAdminError("bad_station", name)
    return name


def database_tag(database: str) -> str:
    """The hub's database name as it appears in its stations' logins."""
    return re.sub(r"[^a-z0-9_]", "_", database.lower())[:20]


def role_name(station: str, database: str) -> str:
    """The login of ``station`` on the hub in ``database``: a hub's logins are its own, so the same
    station name on two hubs of one server is two logins with two passwords."""
    if not (_STATION.fullmatch(station) and len(station) <= STATION_NAME_MAX):
        raise ValueError(station)
    return f"crisisroom_{database_tag(database)}_{station}"


def station_of(role: str, database: str) -> str:
    """The station name in a login (also the logins of hub schema 1, ``crisisroom_<name>``)."""
    for prefix in (f"crisisroom_{database_tag(database)}_", "crisisroom_"):
        if role.startswith(prefix):
            return role[len(prefix):]
    return role


def init(admin_url: str) -> list[str]:
    """Creates or brings the hub's schema up to date and closes its database to every login but
    the administrators' and its own stations'. Returns the other databases on the server that
    still admit any login (the administrator should close them: see the README)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(77342026)")  # two inits at once: one after the other
            conn.execute(SCHEMA)
        conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(
            sql.Identifier(conn.info.dbname)))
        for (role,) in conn.execute("SELECT role_name FROM public.stations WHERE NOT revoked").fetchall():
            _grant(conn, role)  # the rights of this schema version (an upgrade renamed functions)
        return [r[0] for r in conn.execute(
            "SELECT datname FROM pg_database WHERE datallowconn AND datname <> current_database() "
            "AND has_database_privilege('public', oid, 'CONNECT') ORDER BY 1")]


def add_station(admin_url: str, station: str) -> str:
    """A least-privilege login of this hub for a station (a new password if it exists); returns
    the URL the station connects with."""
    import psycopg
    from psycopg import sql

    station = station_name(station)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        database = conn.info.dbname
        role = role_name(station, database)
        password = secrets.token_urlsafe(18)
        ours = conn.execute("SELECT 1 FROM public.stations WHERE role_name = %s", (role,)).fetchone()
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if exists and not ours:
            raise HubAdminError("role_taken", role)  # never take over a login this hub did not make
        statement = "ALTER ROLE {} LOGIN NOINHERIT PASSWORD {}" if exists else "CREATE ROLE {} LOGIN NOINHERIT PASSWORD {}"
        conn.execute(sql.SQL(statement).format(sql.Identifier(role), sql.Literal(password)))
        _grant(conn, role)
        verifier = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,)).fetchone() \
            if conn.execute("SELECT has_table_privilege('pg_authid', 'SELECT')").fetchone()[0] else None
        conn.execute("INSERT INTO public.stations (role_name, password) VALUES (%s, %s) ON CONFLICT (role_name) "
                     "DO UPDATE SET revoked = false, password = excluded.password",
                     (role, verifier[0] if verifier else None))
        host, port = conn.info.host, conn.info.port
    host = "127.0.0.1" if host.startswith("/") else host  # a socket path: stations use TCP
    return f"postgresql://{quote(role, safe='')}:{quote(password, safe='')}@{host}:{port}/{quote(database, safe='')}"


def _grant(conn, role: str) -> None:  # noqa: ANN001
    from psycopg import sql

    for key, value in _ROLE_SETTINGS.items():  # its own sessions give up instead of waiting long
        conn.execute(sql.SQL("ALTER ROLE {} SET {} = {}").format(sql.Identifier(role), sql.Identifier(key),
                                                                sql.Literal(value)))
    for grant in _GRANTS:
        conn.execute(sql.SQL(grant).format(db=sql.Identifier(conn.info.dbname), role=sql.Identifier(role)))


def revoke_station(admin_url: str, station: str) -> None:
    """A lost laptop: its login can no longer connect, its rights are gone, and the sessions it
    has open now are ended."""
    import psycopg
    from psycopg import sql

    station = station_name(station)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        database = conn.info.dbname
        role = role_name(station, database)
        row = conn.execute("SELECT role_name FROM public.stations WHERE role_name IN (%s, %s)",
                           (role, f"crisisroom_{station}")).fetchone()
        if row is None:
            raise HubAdminError("unknown_station", station)
        role = row[0]
        conn.execute("UPDATE public.stations SET revoked = true WHERE role_name = %s", (role,))
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(role)))
        for grant in _GRANTS:
            revoke = grant.replace("GRANT", "REVOKE").replace(" TO ", " FROM ")
            conn.execute(sql.SQL(revoke).format(db=sql.Identifier(database), role=sql.Identifier(role)))
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,))


def remove_logins(admin_url: str) -> list[str]:
    """Before a hub's database is dropped: its station logins (server-wide roles, but this hub's
    own) go with it. Returns their names."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT to_regclass('public.stations')").fetchone()[0]
        roles = [r[0] for r in conn.execute("SELECT role_name FROM public.stations")] if exists else []
        for role in roles:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,))
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
    return roles
