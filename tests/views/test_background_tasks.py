"""Background I/O runs as asyncio tasks on the qasync loop (AppContext.spawn); what it learns is
written through a command and announced on the bus like any edit."""

from __future__ import annotations

import asyncio
import logging

import pytest

from desktop.services import incidents


def test_a_task_reads_a_socket_and_writes_through_a_command(make_ctx, qtbot, qasync_loop) -> None:  # noqa: ANN001
    ctx = make_ctx("fa")
    served: list[asyncio.AbstractServer] = []

    async def alert_source(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write("قطعی سامانهٔ پرداخت\n".encode())  # what a monitoring rule would send
        await writer.drain()
        writer.close()

    async def listen() -> None:
        server = await asyncio.start_server(alert_source, "127.0.0.1", 0)
        served.append(server)
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        title = (await reader.readline()).decode().strip()
        writer.close()
        ctx.command(incidents.declare, title=title, proposed=True)

    with qtbot.waitSignal(ctx.bus.changed, timeout=10_000) as changed:
        ctx.spawn(listen(), "alert listener")
    incident = next(iter(changed.args[0].get("incident")))
    title = ctx.store.read(lambda c: c.execute("SELECT title FROM incidents WHERE id = ?", (incident,)).fetchone()[0])
    assert title == "قطعی سامانهٔ پرداخت" and not ctx._tasks
    served[0].close()


def test_a_failing_task_is_logged_not_lost(make_ctx, qtbot, qasync_loop, caplog: pytest.LogCaptureFixture) -> None:  # noqa: ANN001
    ctx = make_ctx("en")

    async def broken() -> None:
        raise ConnectionRefusedError("the mail server is down")

    with caplog.at_level(logging.ERROR, logger="crisisroom"):
        task = ctx.spawn(broken(), "mail")
        qtbot.waitUntil(task.done, timeout=5_000)
        qtbot.waitUntil(lambda: not ctx._tasks, timeout=5_000)
    assert [r.getMessage() for r in caplog.records] == ["background task mail failed"]
