#!/usr/bin/env python3
"""The data protection officer's searches of the access log at a year of a large council's
traffic (`make bench-access-log`).

Seeds a demo council on SQLite, then writes a simulated year of access events straight into the
database, as the service stores them: one event per request holding its records, and the case
index the background indexer would have built. Then it starts the release server and times the
DPO's searches through the API (`GET /api/v1/access-log?case_id=` and `?user_id=`), the first
page and a page deep in the year, newest first and oldest first.

The traffic: each member of staff works on their own slice of the council's cases; a request is
a list of 50 records (one in five) or a single record's read or change (the rest), spread evenly
over the year. At 50,000,000 entries that is about 4.6 million events: 2,500 entries a case and
33,000 a person over the year.

Usage: access_log_scale.py --bin target/release/qa-api [--entries 50000000] [--work DIR]
"""

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

LIST_SHARE = 0.2
LIST_SIZE = 50
STAFF = 1500
SECRET = "bench-secret-bench-secret-bench-secret-0123"


def uuid7(ms: int, rng: random.Random) -> str:
    """A time-ordered UUID (version 7) for the millisecond `ms`, as the service makes them."""
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rng.getrandbits(12) << 64
    value |= 0b10 << 62
    value |= rng.getrandbits(62)
    return str(uuid.UUID(int=value))


def seed(args) -> str:
    db = os.path.join(args.work, f"access-log-{args.entries}.db")
    if os.path.exists(db):
        print(f"access-log: reusing {db}", file=sys.stderr)
        return db
    partial = db + ".partial"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(partial + suffix):
            os.remove(partial + suffix)
    started = time.monotonic()
    env = dict(os.environ, QA_DATABASE_URL=f"sqlite://{partial}")
    subprocess.run(
        [args.bin, "seed-demo", "--seed", "1", "--cases", "20000", "--audits", "2000",
         "--anchor", "2026-11-25"],
        env=env, check=True, stdout=subprocess.DEVNULL)
    conn = sqlite3.connect(partial)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -4000000")
    cases = [r[0] for r in conn.execute("SELECT id FROM cases ORDER BY id")]
    users = [r[0] for r in conn.execute("SELECT id FROM users ORDER BY id")]
    rng = random.Random(1)
    staff = users + [str(uuid.UUID(int=rng.getrandbits(128), version=4))
                     for _ in range(max(0, STAFF - len(users)))]
    slice_size = max(LIST_SIZE, len(cases) * 40 // len(staff))
    mean_entries = LIST_SHARE * LIST_SIZE + (1 - LIST_SHARE)
    events = int(args.entries / mean_entries)
    end = datetime(2026, 11, 25, tzinfo=timezone.utc)
    start = end - timedelta(days=365)
    span_ms = 365 * 24 * 3600 * 1000
    start_ms = int(start.timestamp() * 1000)
    written = entries = 0
    batch_events, batch_index = [], []

    def flush():
        conn.executemany(
            "INSERT INTO access_events (id, at, user_id, action, record_type, outcome, detail,"
            " records, record_count, indexed) VALUES (?, ?, ?, ?, ?, 'allowed', NULL, ?, ?, 1)",
            batch_events)
        conn.executemany(
            "INSERT OR IGNORE INTO access_case_index (case_id, at, event_id) VALUES (?, ?, ?)",
            batch_index)
        conn.commit()
        batch_events.clear()
        batch_index.clear()

    for n in range(events):
        ms = start_ms + n * span_ms // events
        at = datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
        event_id = uuid7(ms, rng)
        person = rng.randrange(len(staff))
        base = (person * slice_size // 40) % len(cases)
        if rng.random() < LIST_SHARE:
            first = base + rng.randrange(slice_size)
            touched = [cases[(first + k) % len(cases)] for k in range(LIST_SIZE)]
            action, kind = "list", "audit"
        else:
            touched = [cases[(base + rng.randrange(slice_size)) % len(cases)]]
            action, kind = rng.choice([("read", "audit"), ("read", "case"), ("update", "action")])
        records = ";".join(f"{uuid7(ms, rng)}:{case}" for case in touched)
        batch_events.append((event_id, at, staff[person], action, kind, records, len(touched)))
        batch_index.extend((case, at, event_id) for case in set(touched))
        entries += len(touched)
        if len(batch_events) >= 20000:
            flush()
            written += 20000
            if written % 500000 == 0:
                print(f"access-log: {written:,} events, {entries:,} entries, "
                      f"{time.monotonic() - started:.0f} s", file=sys.stderr)
    flush()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    os.rename(partial, db)
    took = time.monotonic() - started
    print(f"access-log: seeded {events:,} events, {entries:,} entries in {took:.0f} s",
          file=sys.stderr)
    with open(db + ".seeded.json", "w") as f:
        json.dump({"events": events, "entries": entries, "seconds": round(took)}, f)
    return db


def call(url: str, token: str):
    request = urllib.request.Request(url, headers={"authorization": f"Bearer {token}"})
    began = time.monotonic()
    with urllib.request.urlopen(request) as response:
        body = json.load(response)
    return time.monotonic() - began, body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--entries", type=int, default=50_000_000)
    parser.add_argument("--work", default="bench/work")
    parser.add_argument("--searches", type=int, default=20)
    parser.add_argument("--port", type=int, default=18097)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    db = seed(args)
    conn = sqlite3.connect(db)
    rng = random.Random(2)
    cases = [r[0] for r in conn.execute("SELECT id FROM cases ORDER BY id")]
    people = [r[0] for r in conn.execute(
        "SELECT DISTINCT user_id FROM access_events WHERE user_id IN (SELECT id FROM users)")]
    seeded = json.load(open(db + ".seeded.json"))
    # A run before this one set up the DPO's authenticator and kept its key in memory only:
    # start again from none, so this run sets up its own.
    conn.execute("DELETE FROM second_factors WHERE user_id IN "
                 "(SELECT id FROM users WHERE email = 'dpo@demo.test')")
    conn.commit()
    conn.close()
    env = dict(os.environ, QA_DATABASE_URL=f"sqlite://{db}", QA_BIND=f"127.0.0.1:{args.port}",
               QA_JWT_SECRET=SECRET, QA_LOG="warn", QA_EXPENSIVE_REQUESTS_PER_MINUTE="10000")
    server = subprocess.Popen([args.bin, "serve"], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/health/ready")
                break
            except OSError:
                time.sleep(0.2)
        login = urllib.request.Request(
            f"{base}/api/v1/auth/login", method="POST",
            headers={"content-type": "application/json"},
            data=json.dumps({"email": "dpo@demo.test", "password": "demo password 1"}).encode())
        # The DPO must have a second factor: set one up and answer it as the ops tests do.
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                        "tests", "ops"))
        from harness import answer_challenges

        def post(path, sent):
            request = urllib.request.Request(
                f"{base}{path}", method="POST", headers={"content-type": "application/json"},
                data=json.dumps(sent).encode())
            try:
                with urllib.request.urlopen(request) as response:
                    return response.status, json.load(response)
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode()

        token = answer_challenges(post, "dpo@demo.test",
                                  json.load(urllib.request.urlopen(login)))["access_token"]
        results = {}
        searches = {
            "case, newest first": lambda: f"case_id={rng.choice(cases)}",
            "case, oldest first": lambda: f"case_id={rng.choice(cases)}&sort=at",
            "case, one month": lambda: f"case_id={rng.choice(cases)}"
                                       "&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z",
            "person, newest first": lambda: f"user_id={rng.choice(people)}",
            "person, oldest first": lambda: f"user_id={rng.choice(people)}&sort=at",
        }
        for name, query in searches.items():
            firsts, deeper, found = [], [], []
            for _ in range(args.searches):
                url = f"{base}/api/v1/access-log?{query()}&limit=100"
                took, page = call(url, token)
                firsts.append(took)
                found.append(len(page["items"]))
                # Four more pages of the same search, as the DPO reads on.
                cursor = page.get("next_cursor")
                for _ in range(4):
                    if not cursor:
                        break
                    took, page = call(f"{url}&cursor={cursor}", token)
                    deeper.append(took)
                    cursor = page.get("next_cursor")
            results[name] = {
                "first_page_p50_ms": round(statistics.median(firsts) * 1000, 1),
                "first_page_max_ms": round(max(firsts) * 1000, 1),
                "later_pages_max_ms": round(max(deeper) * 1000, 1) if deeper else None,
                "entries_on_first_page_min": min(found),
            }
        report = {"entries": seeded["entries"], "events": seeded["events"],
                  "seed_seconds": seeded["seconds"], "searches": results}
        print(json.dumps(report, indent=2))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
