"""Times the exports against the database's own CSV output (`make bench`'s exports step).

Usage: exports.py BASE_URL TOKEN BACKEND DATABASE_URL SERVER_PID OUT.json [REPEATS]

For the `judgements` and `audits` datasets: streams the API's CSV export (counting rows,
keeping nothing), samples the server's resident memory every 20 ms while it runs, then times
the database's own CSV of the same columns in the same order (`COPY ... TO STDOUT` through
psql on PostgreSQL, `sqlite3 -csv` on SQLite). Best of REPEATS (3) each; writes rows,
seconds, rows per second, the ratio to the database and the peak RSS to OUT.json.
"""
import json
import subprocess
import sys
import threading
import time
import urllib.request

base, token, backend, database_url, server_pid, out = sys.argv[1:7]
repeats = int(sys.argv[7]) if len(sys.argv) > 7 else 3

SQL = {
    "judgements": (
        "SELECT j.id, j.audit_id, a.case_id, a.team_id, j.standard_number, j.grade, "
        "j.not_applicable_reason IS NOT NULL, a.status, a.submitted_at, j.updated_at "
        "FROM audit_judgements j JOIN audits a ON a.id = j.audit_id ORDER BY j.audit_id, j.standard_number"
    ),
    "audits": (
        "SELECT id, kind, case_id, team_id, auditor_id, practitioner_id, theme_id, reaudit_of_id, "
        "period_start, period_end, side_by_side, status, overall_grade, submitted_at, "
        "acknowledged_at, moderation_sampled, version, created_at, updated_at "
        "FROM audits ORDER BY id"
    ),
}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def api_export(dataset):
    peak = [rss_kib(server_pid)]
    running = [True]

    def sample():
        while running[0]:
            peak[0] = max(peak[0], rss_kib(server_pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    request = urllib.request.Request(f"{base}/api/v1/exports/{dataset}?format=csv")
    request.add_header("Authorization", f"Bearer {token}")
    started = time.perf_counter()
    lines = 0
    with urllib.request.urlopen(request, timeout=600) as response:
        while True:
            block = response.read(1 << 20)
            if not block:
                break
            lines += block.count(b"\n")
    seconds = time.perf_counter() - started
    running[0] = False
    sampler.join()
    return lines - 1, seconds, peak[0] / 1024


def database_csv(dataset):
    if backend == "postgres":
        command = ["psql", database_url, "-qc", f"COPY ({SQL[dataset]}) TO STDOUT WITH CSV HEADER"]
    else:
        path = database_url.removeprefix("sqlite://")
        command = ["sqlite3", "-csv", "-header", path, SQL[dataset]]
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


results = {}
for dataset in SQL:
    best = None
    for _ in range(repeats):
        rows, seconds, peak = api_export(dataset)
        if best is None or seconds < best[1]:
            best = (rows, seconds, max(peak, best[2]) if best else peak)
        else:
            best = (best[0], best[1], max(best[2], peak))
    db_seconds = min(database_csv(dataset) for _ in range(repeats))
    rows, seconds, peak = best
    results[dataset] = {
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds),
        "database_seconds": round(db_seconds, 3),
        "ratio_to_database": round(seconds / db_seconds, 2),
        "peak_rss_mib": round(peak, 1),
    }
    print(f"  {backend} export {dataset}: {rows} rows in {seconds:.2f} s "
          f"({rows / seconds:,.0f} rows/s), database's own CSV {db_seconds:.2f} s "
          f"(x{seconds / db_seconds:.2f}), peak RSS {peak:.0f} MiB", flush=True)

with open(out, "w") as f:
    json.dump(results, f, indent=2)
