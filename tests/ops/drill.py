#!/usr/bin/env python3
"""Crash drill: every acknowledged write survives a crash of the API or of the database.

Eight writers, each on its own HTTP connection, create audits, patch their summaries, save
judgements and add remedial actions, and keep a ledger of every write the API acknowledged
(a 2xx answer read in full). Meanwhile the API process is killed with SIGKILL at random
moments and started again. Then, on PostgreSQL, the database server itself is crash-stopped
(`pg_ctl stop -m immediate`), held down, and started again under the same load. Afterwards
every ledger entry is read back through the API.

It fails when an acknowledged write is missing or changed, when any answer is a 5xx other than
503 with Retry-After, when the API is not ready within 10 s of the database coming back, or
when the restarted API takes longer than 30 s to be ready.

    tests/ops/drill.py --kills 20            # make drill (release binary)
    tests/ops/drill.py --kills 3             # the short form make test runs (debug binary)
"""

from __future__ import annotations

import argparse
import http.client
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402
    Api, Cluster, api_binary, api_env, free_port, log, request, seed_demo, sign_in,
)

WRITERS = 8
AUDITOR = "qa1@demo.test"  # audits any case and records feedback
ALLOWED_4XX = {412}  # a retried patch whose first attempt had committed unacknowledged


class Ledger:
    """Acknowledged writes, and every answer seen."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.audits: dict[str, str] = {}                    # audit id -> case id
        self.summaries: dict[str, str] = {}                 # audit id -> summary
        self.judgements: dict[tuple[str, int], tuple[str, str]] = {}  # (audit, n) -> (grade, evidence)
        self.actions: dict[str, tuple[str, str]] = {}       # action id -> (audit id, description)
        self.feedback: dict[str, tuple[str, str]] = {}      # feedback id -> (case id, summary)
        self.statuses: Counter = Counter()
        self.unavailable_without_retry_after = 0
        self.refused = 0
        self.phase_statuses: Counter = Counter()            # during the database outage

    def acknowledged(self) -> int:
        return (len(self.audits) + len(self.summaries) + len(self.judgements)
                + len(self.actions) + len(self.feedback))


class Writer(threading.Thread):
    def __init__(self, number: int, port: int, token: str, cases: list[str], ledger: Ledger,
                 stop: threading.Event, outage: threading.Event) -> None:
        super().__init__(daemon=True)
        self.number, self.port, self.token, self.cases = number, port, token, cases
        self.ledger, self.stop, self.outage = ledger, stop, outage
        self.conn: http.client.HTTPConnection | None = None
        self.rng = random.Random(number)
        self.serial = 0

    def call(self, method: str, path: str, body=None, headers=None):
        """One request on this writer's connection; None when the server could not be reached."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            status, answer_headers, parsed = request(method, self.port, path, body, self.token,
                                                     headers, conn=self.conn)
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            with self.ledger.lock:
                self.ledger.refused += 1
            time.sleep(0.05)
            return None
        with self.ledger.lock:
            self.ledger.statuses[status] += 1
            if self.outage.is_set():
                self.ledger.phase_statuses[status] += 1
            if status == 503 and "retry-after" not in answer_headers:
                self.ledger.unavailable_without_retry_after += 1
        if status == 503:
            time.sleep(0.1)
        return status, answer_headers, parsed

    def run(self) -> None:
        while not self.stop.is_set():
            self.serial += 1
            tag = f"w{self.number}-{self.serial}"
            case = self.rng.choice(self.cases)
            answer = self.call("POST", "/api/v1/audits", {"kind": "case_file", "case_id": case})
            if not answer or answer[0] != 201:
                continue
            audit = answer[2]["id"]
            with self.ledger.lock:
                self.ledger.audits[audit] = case
            etag = answer[1].get("etag")
            summary = f"Drill summary {tag}"
            answer = self.call("PATCH", f"/api/v1/audits/{audit}", {"summary": summary},
                               {"if-match": etag, "content-type": "application/merge-patch+json"})
            if answer and answer[0] == 200:
                with self.ledger.lock:
                    self.ledger.summaries[audit] = summary
            for n in (1, 2, 3):
                grade = self.rng.choice(["good", "requires_improvement", "outstanding"])
                evidence = f"Drill evidence {tag} standard {n}"
                answer = self.call("PUT", f"/api/v1/audits/{audit}/judgements/{n}",
                                   {"grade": grade, "evidence": evidence})
                if answer and answer[0] == 200:
                    with self.ledger.lock:
                        self.ledger.judgements[(audit, n)] = (grade, evidence)
            description = f"Drill action {tag}"
            answer = self.call("POST", f"/api/v1/audits/{audit}/remedial-actions",
                               {"description": description, "standard_number": 1})
            if answer and answer[0] == 201:
                with self.ledger.lock:
                    self.ledger.actions[answer[2]["id"]] = (audit, description)
            words = f"Drill compliment {tag}"
            answer = self.call("POST", "/api/v1/feedback",
                               {"kind": "compliment", "source_role": "parent", "channel": "email",
                                "received_on": "2026-11-02", "case_id": case, "summary": words})
            if answer and answer[0] == 201:
                with self.ledger.lock:
                    self.ledger.feedback[answer[2]["id"]] = (case, words)


def verify(port: int, token: str, ledger: Ledger) -> list[str]:
    """Reads every acknowledged write back; returns what is missing or different."""
    lost: list[str] = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for audit, case in ledger.audits.items():
        status, _, body = request("GET", port, f"/api/v1/audits/{audit}", token=token, conn=conn)
        if status != 200:
            lost.append(f"audit {audit}: {status}")
            continue
        if body["case_id"] != case:
            lost.append(f"audit {audit}: case {body['case_id']} != {case}")
        if audit in ledger.summaries and body.get("summary") != ledger.summaries[audit]:
            lost.append(f"audit {audit}: summary {body.get('summary')!r}")
        judged = {j["standard_number"]: j for j in body.get("judgements") or []}
        for n in (1, 2, 3):
            expected = ledger.judgements.get((audit, n))
            if expected is None:
                continue
            got = judged.get(n)
            if not got or (got.get("grade"), got.get("evidence")) != expected:
                lost.append(f"judgement {audit}/{n}: {got!r} != {expected!r}")
    for action, (audit, description) in ledger.actions.items():
        status, _, body = request("GET", port, f"/api/v1/actions/{action}", token=token, conn=conn)
        if status != 200:
            lost.append(f"action {action}: {status}")
        elif body.get("description") != description or body.get("audit_id") != audit:
            lost.append(f"action {action}: {body.get('description')!r}")
    for feedback, (case, words) in ledger.feedback.items():
        status, _, body = request("GET", port, f"/api/v1/feedback/{feedback}", token=token,
                                  conn=conn)
        if status != 200:
            lost.append(f"feedback {feedback}: {status}")
        elif body.get("summary") != words or body.get("case_id") != case:
            lost.append(f"feedback {feedback}: {body.get('summary')!r}")
    conn.close()
    return lost


def drill(backend: str, kills: int, binary: Path, work: Path) -> dict:
    cluster = Cluster() if backend == "postgres" else None
    try:
        url = cluster.url() if cluster else f"sqlite://{work / backend / 'qa.db'}"
        port = free_port()
        env = api_env(url, port, QA_POOL_SIZE="8")
        seed_demo(binary, env)
        api = Api(binary, env, work / f"{backend}-api.log")
        api.start()
        api.wait_ready()
        token = sign_in(port, AUDITOR)
        _, _, page = request("GET", port, "/api/v1/cases?limit=500", token=token)
        cases = [c["id"] for c in page["items"]]
        ledger, stop, outage = Ledger(), threading.Event(), threading.Event()
        writers = [Writer(i, port, token, cases, ledger, stop, outage) for i in range(WRITERS)]
        for w in writers:
            w.start()
        rng = random.Random(f"{backend}-{kills}")
        recoveries: list[float] = []
        try:
            time.sleep(1.0)
            for _ in range(kills):
                time.sleep(rng.uniform(0.3, 2.0))
                api.kill()
                api.start()
                recoveries.append(api.wait_ready(timeout=30))
            db_figures = {}
            if cluster:
                time.sleep(1.0)
                outage.set()
                down_at = time.monotonic()
                cluster.stop_immediate()
                time.sleep(2.0)  # a real outage: requests arrive while nothing listens
                cluster.start()
                back_at = time.monotonic()
                ready_after = api.wait_ready(timeout=30)
                time.sleep(1.0)
                outage.clear()
                db_figures = {"db_down_s": back_at - down_at, "ready_after_db_back_s": ready_after}
            time.sleep(1.0)
        finally:
            stop.set()
            for w in writers:
                w.join(timeout=60)
        lost = verify(port, token, ledger)
        api.terminate()
    finally:
        if cluster:
            cluster.close()
    bad_5xx = sum(n for s, n in ledger.statuses.items() if s >= 500 and s != 503)
    bad_5xx += ledger.unavailable_without_retry_after
    unexpected_4xx = sum(n for s, n in ledger.statuses.items() if 400 <= s < 500 and s not in ALLOWED_4XX)
    outage_bad = sum(n for s, n in ledger.phase_statuses.items() if not (200 <= s < 300 or s == 503))
    return {
        "backend": backend, "kills": kills, "acknowledged": ledger.acknowledged(),
        "audits": len(ledger.audits), "summaries": len(ledger.summaries),
        "judgements": len(ledger.judgements), "actions": len(ledger.actions),
        "feedback": len(ledger.feedback),
        "lost": lost, "5xx": bad_5xx, "503": ledger.statuses.get(503, 0),
        "unexpected_4xx": unexpected_4xx, "outage_bad": outage_bad,
        "refused": ledger.refused, "statuses": dict(ledger.statuses),
        "restart_ready_max_s": max(recoveries, default=0.0),
        "restart_ready_median_s": statistics.median(recoveries) if recoveries else 0.0,
        **db_figures,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=20, help="API crashes per backend")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--profile", default="debug", help="which build of qa-api (debug or release)")
    args = parser.parse_args()
    binary = api_binary(args.profile)
    log(f"crash drill: {args.kills} SIGKILLs per backend, {WRITERS} writers, binary {binary}")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="qa-drill-") as tmp:
        work = Path(tmp)
        for backend in args.backends.split(","):
            (work / backend).mkdir()
            r = drill(backend, args.kills, binary, work)
            line = (f"drill {r['backend']}: {r['kills']} kills, writes acknowledged {r['acknowledged']} "
                    f"(audits {r['audits']}, summaries {r['summaries']}, judgements {r['judgements']}, "
                    f"actions {r['actions']}, feedback {r['feedback']}), lost {len(r['lost'])}, 5xx {r['5xx']}, "
                    f"503 {r['503']}, refused while down {r['refused']}, "
                    f"API ready after restart max {r['restart_ready_max_s']:.2f} s "
                    f"(median {r['restart_ready_median_s']:.2f} s)")
            if "db_down_s" in r:
                line += (f"; database down {r['db_down_s']:.1f} s, API ready "
                         f"{r['ready_after_db_back_s']:.2f} s after it was back")
            log(line)
            log(f"  statuses: {r['statuses']}")
            problems = []
            if r["lost"]:
                problems.append(f"lost acknowledged writes: {r['lost'][:10]}")
            if r["5xx"]:
                problems.append(f"{r['5xx']} answers were 5xx other than 503 with Retry-After")
            if r["unexpected_4xx"]:
                problems.append(f"{r['unexpected_4xx']} unexpected 4xx answers")
            if r["outage_bad"]:
                problems.append(f"{r['outage_bad']} answers during the database outage were not 2xx/503")
            if r.get("ready_after_db_back_s", 0) >= 10:
                problems.append("not ready within 10 s of the database coming back")
            if r["acknowledged"] == 0:
                problems.append("no write was acknowledged")
            for p in problems:
                log(f"  FAILED: {p}")
            failures += bool(problems)
    total = len(args.backends.split(","))
    log(f"drill: {total - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
