#!/usr/bin/env python
"""A small TCP forwarder between the stack's workers and PostgreSQL that the fault run can cut.

    .venv/bin/python proof/dbproxy.py --listen 15432 --target 127.0.0.1:5432

SIGUSR1 cuts the database off: every forwarded connection is closed at once and the listening socket is
closed, so new connections are refused (as when the database host is gone). SIGUSR2 opens it again. The
shared PostgreSQL server is never touched. `--state-file` gets "open"/"cut" written on every change.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from pathlib import Path


class Forwarder:
    """Forwards `listen` to `target`; `cut()` drops every connection and refuses new ones, `restore()` undoes."""

    def __init__(self, listen_port: int, target_host: str, target_port: int, listen_host: str = "127.0.0.1"):
        self.listen_host, self.listen_port = listen_host, listen_port
        self.target_host, self.target_port = target_host, target_port
        self.server: asyncio.Server | None = None
        self.connections: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        self.accepted = 0

    @property
    def is_open(self) -> bool:
        return self.server is not None

    async def open(self) -> None:
        if self.server is None:
            self.server = await asyncio.start_server(
                self._handle, self.listen_host, self.listen_port, reuse_address=True
            )
            if self.listen_port == 0:
                self.listen_port = self.server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.close()
        for client, upstream in list(self.connections):
            for writer in (client, upstream):
                # abort(): a reset, not a polite FIN; a vanished host gives no goodbye either.
                with contextlib.suppress(Exception):
                    writer.transport.abort()
        self.connections.clear()
        if server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), timeout=1)

    async def restore(self) -> None:
        await self.open()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                self.target_host, self.target_port
            )
        except OSError:
            client_writer.transport.abort()
            return
        pair = (client_writer, upstream_writer)
        self.connections.add(pair)
        try:
            await asyncio.gather(
                self._pipe(client_reader, upstream_writer), self._pipe(upstream_reader, client_writer)
            )
        finally:
            self.connections.discard(pair)
            for writer in pair:
                with contextlib.suppress(Exception):
                    writer.close()

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()


async def serve(args) -> None:
    host, _, port = args.target.rpartition(":")
    forwarder = Forwarder(args.listen, host or "127.0.0.1", int(port))
    await forwarder.open()
    state_file = Path(args.state_file) if args.state_file else None
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def write_state() -> None:
        if state_file is not None:
            state_file.write_text("open" if forwarder.is_open else "cut")

    async def change(cut: bool) -> None:
        await (forwarder.cut() if cut else forwarder.restore())
        write_state()

    loop.add_signal_handler(signal.SIGUSR1, lambda: asyncio.ensure_future(change(True)))
    loop.add_signal_handler(signal.SIGUSR2, lambda: asyncio.ensure_future(change(False)))
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    write_state()
    await stop.wait()
    await forwarder.cut()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--target", default="127.0.0.1:5432")
    parser.add_argument("--state-file", default="")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
