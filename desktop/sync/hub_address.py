"""The hub as a person sets it: address, port, database, this station's name on the hub (the
NAME given to ``crisisroom hub add-station``), its password and the TLS mode — to and from the
connection URL that ``add-station`` prints and the station stores (without the password)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.text.normalize import parse_int

TLS_MODES = ("prefer", "require", "verify-ca", "verify-full", "disable")


class BadAddress(ValueError):
    """``code``: bad_url, no_host, bad_port, bad_station, bad_tls."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class HubAddress:
    host: str
    port: int = 5432
    database: str = "crisisroom"
    station: str = ""
    password: str = ""
    tls: str = "prefer"

    @classmethod
    def from_url(cls, url: str) -> HubAddress:
        import psycopg.conninfo  # not at start-up: the window opens without psycopg

        try:
            params = psycopg.conninfo.conninfo_to_dict(url.strip())
        except psycopg.ProgrammingError as exc:
            raise BadAddress("bad_url") from exc
        from desktop.sync.hub import station_of

        port = params.get("port") or "5432"
        database = params.get("dbname", "crisisroom")
        return cls(host=params.get("host", ""), port=_port(str(port)), database=database,
                   station=station_of(params.get("user", ""), database), password=params.get("password", ""),
                   tls=params.get("sslmode", "prefer"))

    def with_port_text(self, text: str) -> HubAddress:
        return replace(self, port=_port(text))

    def url(self, with_password: bool = True) -> str:
        """The connection URL; raises BadAddress when a part is missing or malformed."""
        import psycopg.conninfo

        from desktop.sync.hub import role_name

        if not self.host.strip():
            raise BadAddress("no_host")
        if self.tls not in TLS_MODES:
            raise BadAddress("bad_tls")
        try:
            role = role_name(self.station.strip(), self.database.strip() or "crisisroom")
        except ValueError:
            raise BadAddress("bad_station") from None
        params = {"host": self.host.strip(), "port": str(self.port), "dbname": self.database.strip() or "crisisroom",
                  "user": role, "sslmode": self.tls}
        if with_password and self.password:
            params["password"] = self.password
        return psycopg.conninfo.make_conninfo(**params)


def _port(text: str) -> int:
    try:
        port = parse_int(text)  # Persian or Arabic-Indic digits too
    except ValueError:
        raise BadAddress("bad_port") from None
    if not 1 <= port <= 65535:
        raise BadAddress("bad_port")
    return port
