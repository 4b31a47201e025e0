#!/usr/bin/env python3
"""Graceful shutdown: SIGTERM under load lets in-flight requests finish (a request whose body
is still arriving completes with 201), refuses new connections at once (actix closes its
listening socket, so a proxy sees a refused connection and retries another instance), answers
no 5xx, exits 0 within the 30 s grace period, and every read answered before the exit is in the
access log (the group-commit writer is drained)."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Api, api_binary, api_env, free_port, log, request, seed_demo, sign_in  # noqa: E402

GRACE_S = 30


def main() -> int:
    binary = api_binary()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qa-shutdown-") as tmp:
        work = Path(tmp)
        db = work / "qa.db"
        port = free_port()
        env = api_env(f"sqlite://{db}", port)
        seed_demo(binary, env)
        api = Api(binary, env, work / "api.log")
        api.start()
        api.wait_ready()
        token = sign_in(port, "director@demo.test")
        _, _, page = request("GET", port, "/api/v1/cases?limit=500", token=token)
        cases = [c["id"] for c in page["items"]]

        lock = threading.Lock()
        created: list[str] = []
        read: list[str] = []
        statuses: dict[int, int] = {}
        transport_errors = [0]
        stop = threading.Event()

        def load(n: int) -> None:
            conn = None
            while not stop.is_set():
                try:
                    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=40)
                    status, _, body = request("POST", port, "/api/v1/audits",
                                              {"kind": "case_file", "case_id": cases[n % len(cases)]},
                                              token, conn=conn)
                    with lock:
                        statuses[status] = statuses.get(status, 0) + 1
                        if status == 201:
                            created.append(body["id"])
                    if status == 201:
                        status, _, _ = request("GET", port, f"/api/v1/audits/{body['id']}", token=token, conn=conn)
                        with lock:
                            statuses[status] = statuses.get(status, 0) + 1
                            if status == 200:
                                read.append(body["id"])
                except (OSError, http.client.HTTPException):
                    with lock:
                        transport_errors[0] += 1
                    if conn:
                        conn.close()
                    conn = None
                    time.sleep(0.05)

        threads = [threading.Thread(target=load, args=(n,), daemon=True) for n in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.0)

        # An in-flight request: its head and half its body are sent before the signal.
        body = json.dumps({"kind": "case_file", "case_id": cases[0]}).encode()
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall((f"POST /api/v1/audits HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\n"
                      f"content-type: application/json\r\ncontent-length: {len(body)}\r\n"
                      f"connection: close\r\n\r\n").encode() + body[:10])
        time.sleep(0.2)

        signalled = time.monotonic()
        api.proc.send_signal(signal.SIGTERM)
        # New connections are refused once the listener has closed.
        refused_after = None
        while time.monotonic() - signalled < 5:
            try:
                probe = socket.create_connection(("127.0.0.1", port), timeout=1)
                probe.close()
            except ConnectionRefusedError:
                refused_after = time.monotonic() - signalled
                break
            except OSError:
                pass
            time.sleep(0.01)
        if refused_after is None:
            failures.append("new connections were still accepted 5 s after SIGTERM")

        time.sleep(1.0)  # the in-flight request's client is slow: the server must wait for it
        slow.sendall(body[10:])
        slow.settimeout(20)
        answer = b""
        try:
            while chunk := slow.recv(65536):
                answer += chunk
        except OSError:
            pass
        slow.close()
        slow_status = int(answer.split()[1]) if answer.startswith(b"HTTP/") else 0
        slow_id = None
        if slow_status == 201:
            slow_id = json.loads(answer.split(b"\r\n\r\n", 1)[1])["id"]
        else:
            failures.append(f"the in-flight request did not finish: {answer[:200]!r}")

        try:
            code = api.proc.wait(GRACE_S + 5)
        except Exception:  # noqa: BLE001
            code = None
        exited_after = time.monotonic() - signalled
        stop.set()
        for t in threads:
            t.join(timeout=60)
        if code != 0:
            failures.append(f"exit code {code} (expected 0)")
        if exited_after > GRACE_S:
            failures.append(f"exited only after {exited_after:.1f} s")
        bad = {s: n for s, n in statuses.items() if s >= 500}
        if bad:
            failures.append(f"5xx answers during shutdown: {bad}")

        conn = sqlite3.connect(db)
        audits = {r[0] for r in conn.execute("SELECT id FROM audits")}
        # One access event per request, its records as "record_id:case_id" pairs.
        logged = {
            pair.split(":")[0]
            for (records,) in conn.execute("SELECT records FROM access_events WHERE action = 'read'")
            for pair in records.split(";")
        }
        conn.close()
        missing = [a for a in created + ([slow_id] if slow_id else []) if a not in audits]
        if missing:
            failures.append(f"{len(missing)} acknowledged audits are missing")
        unlogged = [a for a in read if a not in logged]
        if unlogged:
            failures.append(f"{len(unlogged)} answered reads are not in the access log")
        log(f"shutdown: SIGTERM under load; new connections refused after "
            f"{(refused_after or 0) * 1000:.0f} ms; in-flight request answered {slow_status}; exit code {code} "
            f"after {exited_after:.2f} s (grace {GRACE_S} s); {len(created)} writes and {len(read)} "
            f"logged reads acknowledged, all present: {not missing and not unlogged}; "
            f"statuses {statuses}, transport errors {transport_errors[0]}")
    for failure in failures:
        log(f"FAILED: {failure}")
    log(f"shutdown: {0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
