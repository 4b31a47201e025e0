#!/usr/bin/env python3
"""Sign-in under load: bursts of parallel sign-ins, and how the rest of the API fares meanwhile.

Seeds a small demo council into a fresh SQLite database, starts `qa-api serve` (QA_API_BIN, or
--bin), then runs --rounds bursts of --parallel sign-ins at once, each with a different demo
account (the lockout counts an attempt in flight as a failure, so one account per request).
While each burst runs, a probe reads /api/v1/practice-standards every 10 ms with a token taken
beforehand: password hashing that holds database connections shows as the probe waiting.

Prints p50/p99/max of the sign-ins and of the probe, and errors. Timings, not a test: run it on
a quiet machine, and compare two binaries with the same arguments.

    python3 bench/sign_in.py --bin target/release/qa-api --label after
"""

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

DEMO_PASSWORD = "demo password 1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, token=None, timeout=60.0):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        text = error.read()
        status = error.code
    return status, time.perf_counter() - started, text


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]


def summary(name, seconds):
    ms = [s * 1000 for s in seconds]
    return {
        "name": name,
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1) if ms else None,
        "p99_ms": round(percentile(ms, 0.99), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.environ.get("QA_API_BIN", "target/release/qa-api"))
    parser.add_argument("--label", default="")
    parser.add_argument("--parallel", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--pool", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="qa-sign-in-") as tmp:
        database = os.path.join(tmp, "qa.db")
        env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
        env.update({
            "QA_DATABASE_URL": f"sqlite://{database}",
            "QA_JWT_SECRET": "sign-in-bench-secret-0123456789abcdef0123456789",
            "QA_COOKIE_SECURE": "false",
            "QA_POOL_SIZE": str(args.pool),
            "QA_LOG": "warn",
        })
        seeded = subprocess.run([args.bin, "seed-demo", "--cases", "60", "--audits", "30"],
                                env=env, capture_output=True, text=True)
        if seeded.returncode != 0:
            print(seeded.stdout, seeded.stderr, file=sys.stderr)
            return 1
        with sqlite3.connect(database) as db:
            # Administrators and data protection officers go on to a second factor: the figures
            # are of a password sign-in, so they are left out.
            emails = [row[0] for row in db.execute(
                "SELECT email FROM users WHERE active AND roles NOT LIKE '%admin%' "
                "AND roles NOT LIKE '%dpo%' ORDER BY email")]
        if len(emails) < args.parallel + 1:
            print(f"only {len(emails)} demo accounts: lower --parallel", file=sys.stderr)
            return 1
        probe_email, emails = emails[0], emails[1:args.parallel + 1]

        port = free_port()
        env["QA_BIND"] = f"127.0.0.1:{port}"
        server = subprocess.Popen([args.bin, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(200):
                try:
                    if call(port, "GET", "/health/ready", timeout=1)[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.05)
            status, _, body = call(port, "POST", "/api/v1/auth/login", {"email": probe_email, "password": DEMO_PASSWORD})
            if status != 200:
                print(f"probe sign-in failed: {status} {body[:200]!r}", file=sys.stderr)
                return 1
            probe_token = json.loads(body)["access_token"]

            sign_ins, probes, errors = [], [], []
            for _ in range(args.rounds):
                barrier = threading.Barrier(args.parallel + 1)
                done = threading.Event()
                lock = threading.Lock()

                def sign_in(email):
                    barrier.wait()
                    status, seconds, text = call(port, "POST", "/api/v1/auth/login",
                                                 {"email": email, "password": DEMO_PASSWORD})
                    with lock:
                        sign_ins.append(seconds)
                        if status != 200:
                            errors.append(f"sign-in {status}: {text[:120]!r}")

                def probe():
                    barrier.wait()
                    while not done.is_set():
                        status, seconds, _ = call(port, "GET", "/api/v1/practice-standards", token=probe_token)
                        with lock:
                            probes.append(seconds)
                            if status != 200:
                                errors.append(f"probe {status}")
                        time.sleep(0.01)

                workers = [threading.Thread(target=sign_in, args=(email,)) for email in emails]
                prober = threading.Thread(target=probe)
                for thread in [*workers, prober]:
                    thread.start()
                for thread in workers:
                    thread.join()
                done.set()
                prober.join()
                time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=30)

    result = {
        "label": args.label,
        "parallel": args.parallel,
        "rounds": args.rounds,
        "pool": args.pool,
        "sign_in": summary("sign-in", sign_ins),
        "probe": summary("probe during the bursts", probes),
        "errors": len(errors),
    }
    print(json.dumps(result))
    for line in errors[:5]:
        print("  ", line, file=sys.stderr)
    return 0 if not errors else 2


if __name__ == "__main__":
    sys.exit(main())
