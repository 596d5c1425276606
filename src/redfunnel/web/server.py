"""Running the app with uvicorn: in the foreground (``redfunnel serve``) or in a background thread
(screenshots, browser tests, the load benchmark), always on an explicit host and port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _config(app: FastAPI, host: str, port: int, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=False,
                          proxy_headers=False, server_header=False, lifespan="off")


def serve_forever(app: FastAPI, host: str = "127.0.0.1", port: int = 8000,
                  log_level: str = "warning") -> None:
    uvicorn.Server(_config(app, host, port, log_level)).run()


@contextmanager
def background_server(app: FastAPI, host: str = "127.0.0.1", port: int | None = None,
                      log_level: str = "error") -> Iterator[str]:
    """Serve ``app`` in a daemon thread; yields the base URL and stops the server on exit."""
    port = port or free_port(host)
    server = uvicorn.Server(_config(app, host, port, log_level))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"web server did not start on {host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
