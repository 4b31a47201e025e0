"""Turns the raw outputs of bench/run.sh into a table and bench/results.json.

Runs of the sizes measured now replace their earlier runs; runs of other sizes stay as they were.
Each run carries the commit, time and machine it was measured on, so figures from different
commits or machines are never read as one run.
"""
import datetime
import json
import os
import platform
import re
import sys

work, out, connections, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sizes = [int(s) for s in sys.argv[5:]] or [100000]


def read(name, default=""):
    path = os.path.join(work, name)
    return open(path).read() if os.path.exists(path) else default


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(text):
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", text)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket:
        errors += sum(int(x) for x in socket.groups())
    return {
        "requests_per_second": float(rps.group(1)) if rps else None,
        "p50_ms": ms(*p50.groups()) if p50 else None,
        "p99_ms": ms(*p99.groups()) if p99 else None,
        "errors": errors if text else None,
    }


try:
    cpu = [l for l in open("/proc/cpuinfo") if l.startswith("model name")][0].split(":")[1].strip()
except Exception:
    cpu = platform.processor()
machine = {"cpu": cpu, "cores": os.cpu_count(),
           "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
           "kernel": platform.release()}


# Written by run.sh when it built the binaries, so edits made while the bench ran don't count.
commit = read("built-from").strip() or None
pool = int(read("pool", "0").strip() or 0) or None
# Seconds of each load run before the measured ones and not recorded.
warmup = int(read("warmup", "0").strip() or 0)
# How the API and pgbench reached PostgreSQL: `disable` (no TLS) or libpq's sslmode otherwise.
pg_sslmode = read("pg-sslmode", "").strip() or None
measured_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
try:
    earlier = json.load(open(out)).get("runs", {})
except (OSError, ValueError):
    earlier = {}
results = {
    "machine": machine,
    "connections": connections, "seconds": seconds, "pinning": "wrk/pgbench/qa-bench on the last CPU; the API on the CPUs each run's server_cpus names (taskset list)",
    "runs": {},
}
for tag, entry in earlier.items():
    if int(entry.get("audits", 0)) not in sizes:
        # Runs from before runs were labelled were all measured at the commit that wrote them.
        entry.setdefault("commit", None)
        entry.setdefault("measured_at", None)
        entry.setdefault("machine", None)
        # Runs from before the pool was recorded all used the bench's pool of 16 connections.
        entry.setdefault("pool_connections", 16)
        # Runs from before the server's placement was recorded all ran it on CPU 0.
        entry.setdefault("server_cpus", "0")
        # Runs from before the warm-up measured from the server's first request.
        entry.setdefault("warmup_seconds", 0)
        results["runs"][tag] = entry
for size in sizes:
    for backend in ["sqlite", "postgres"]:
        tag = f"{backend}-{size}"
        submit = json.loads(read(f"submit-{tag}.json", "{}") or "{}")
        entry = {
            "audits": size,
            "commit": commit,
            "measured_at": measured_at,
            "machine": machine,
            "pool_connections": pool,
            "server_cpus": read(f"server-cpus-{tag}", "").strip() or None,
            "warmup_seconds": warmup,
            # PostgreSQL's autovacuum setting; when not "on", run.sh vacuumed the access log's
            # tables before the loads.
            "postgres_autovacuum": read(f"autovacuum-{tag}", "").strip() or None,
            "load_average_before": read(f"loadavg-{tag}").strip(),
            "list": wrk(read(f"wrk-list-{tag}.txt")),
            "list_scope": wrk(read(f"wrk-list-scope-{tag}.txt")),
            "read": wrk(read(f"wrk-read-{tag}.txt")),
            "submit": {k: submit.get(k) for k in ["requests_per_second", "audits_per_second", "p50_ms", "p99_ms", "errors", "first_error"]} if submit else None,
            "statements_per_audit": submit.get("statements_per_audit") if submit else None,
            "server_peak_rss_mib": round(int(read(f"peak-kb-{tag}", "0") or 0) / 1024, 1),
            "server_peak_rss_mib_after": {
                phase: round(int(kib) / 1024, 1)
                for phase, kib in (line.split() for line in read(f"peak-phases-{tag}", "").splitlines() if len(line.split()) == 2)
            } or None,
            "seed_seconds": float(read(f"seed-seconds-{tag}", "0") or 0) or None,
            "access_index_catch_up": json.loads(read(f"index-catch-up-{tag}.json", "null") or "null"),
            "reports": json.loads(read(f"reports-{tag}.json", "{}") or "{}").get("reports"),
        }
        if backend == "postgres":
            entry["postgres_sslmode"] = pg_sslmode
            tps = re.search(r"tps = ([\d.]+)", read(f"pgbench-{tag}.txt"))
            entry["pgbench_list_tps"] = float(tps.group(1)) if tps else None
            # Whether pgbench's statement returned the page the API served (run.sh checks).
            matches = read(f"pgbench-matches-api-{tag}", "").strip()
            entry["pgbench_statement_matches_api"] = {"yes": True, "no": False}.get(matches)
            if tps and entry["list"]["requests_per_second"]:
                entry["api_to_pgbench_ratio"] = round(entry["list"]["requests_per_second"] / float(tps.group(1)), 3)
            # The page's statement without the names joined onto it: the ratio's denominator
            # until 2026-12-06, kept so the runs before and after compare.
            page_tps = re.search(r"tps = ([\d.]+)", read(f"pgbench-page-{tag}.txt"))
            if page_tps:
                entry["pgbench_page_only_tps"] = float(page_tps.group(1))
                if entry["list"]["requests_per_second"]:
                    entry["api_to_pgbench_page_only_ratio"] = round(entry["list"]["requests_per_second"] / float(page_tps.group(1)), 3)
        results["runs"][tag] = entry

results["runs"] = dict(sorted(results["runs"].items(), key=lambda kv: (kv[1].get("audits", 0), kv[0] != f"sqlite-{kv[1].get('audits')}")))


def scale_of(backend, workload):
    """The list's p50 and p99 at each size measured, and p99 at 1,000,000 over 100,000 (the
    issue's "under 2x"), with the commits the sizes were measured at."""
    by_size = {
        e["audits"]: e for tag, e in results["runs"].items() if tag.startswith(f"{backend}-") and (e.get(workload) or {}).get("p99_ms")
    }
    row = {
        "p50_ms": {str(n): by_size[n][workload]["p50_ms"] for n in sorted(by_size)},
        "p99_ms": {str(n): by_size[n][workload]["p99_ms"] for n in sorted(by_size)},
        "commits": sorted({by_size[n].get("commit") or "earlier" for n in by_size}),
    }
    if 100000 in by_size and 1000000 in by_size:
        row["p99_1m_over_100k"] = round(by_size[1000000][workload]["p99_ms"] / by_size[100000][workload]["p99_ms"], 2)
    return row


results["scale"] = {backend: {w: scale_of(backend, w) for w in ["list", "list_scope"]} for backend in ["sqlite", "postgres"]}
json.dump(results, open(out, "w"), indent=2)
fmt = lambda v: "-" if v is None else f"{v:.1f}"
print()
print(f"Machine: {cpu}, {results['machine']['cores']} cores; {connections} connections, {seconds} s each; {results['pinning']}")
print(f"{'run':16} {'workload':10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
for tag, entry in results["runs"].items():
    for workload in ["list", "list_scope", "read", "submit"]:
        w = entry[workload]
        if not w:
            continue
        print(f"{tag:16} {workload:10} {fmt(w['requests_per_second']):>9} {fmt(w['p50_ms']):>8} {fmt(w['p99_ms']):>8} {w['errors'] if w['errors'] is not None else '-':>7}")
    extra = f"; API/pgbench = {entry.get('api_to_pgbench_ratio')} (pgbench {entry.get('pgbench_list_tps')} tps)" if "pgbench_list_tps" in entry else ""
    if "pgbench_page_only_tps" in entry:
        extra += f"; against the page's statement alone {entry.get('api_to_pgbench_page_only_ratio')} ({entry['pgbench_page_only_tps']} tps)"
    if entry.get("pgbench_statement_matches_api") is False:
        extra += "; WARNING: pgbench's statement did not return the API's page"
    print(f"{tag:16} peak RSS {entry['server_peak_rss_mib']} MiB; seed {entry['seed_seconds']} s; load {entry['load_average_before']}{extra}")
    tls = f", PostgreSQL sslmode {entry['postgres_sslmode']}" if entry.get("postgres_sslmode") else ""
    vacuum = (f", autovacuum {entry['postgres_autovacuum']} (the access log's tables vacuumed first)"
              if entry.get("postgres_autovacuum") not in (None, "on") else "")
    print(f"{tag:16} measured at {entry.get('commit') or 'an earlier commit'} on {entry.get('measured_at') or 'an earlier day'}, pool of {entry.get('pool_connections')} connections, server on CPU {entry.get('server_cpus') or 'any'}, {entry.get('warmup_seconds', 0)} s warm-up{tls}{vacuum}")
    if entry.get("access_index_catch_up"):
        c = entry["access_index_catch_up"]
        print(f"{tag:16} access-log index: {c['waiting_after_loads']} events waiting after the loads, caught up in {c['seconds']} s ({c['still_waiting']} left)")
    if entry["server_peak_rss_mib_after"]:
        phases = ", ".join(f"{p} {v}" for p, v in entry["server_peak_rss_mib_after"].items())
        print(f"{tag:16} peak RSS after each phase (MiB): {phases}")
print(f"\n{'run':16} {'report':22} {'median s':>9} {'max s':>7} {'first s':>8}  (target: under 1 s; the first call apart)")
for tag, entry in results["runs"].items():
    for name, r in (entry.get("reports") or {}).items():
        first = f"{r['first_s']:.3f}" if "first_s" in r else "-"
        print(f"{tag:16} {name:22} {r['median_s']:>9.3f} {r['max_s']:>7.3f} {first:>8}  {r['statuses']}")
print("\nScale: the list's p50 stays flat as the data grows; p99 at 1,000,000 stays under 2x its 100,000 figure")
print(f"{'backend':9} {'workload':10} {'sizes':22} {'p50 ms':22} {'p99 ms':22} {'p99 1M/100k':>11}  commits")
for backend, workloads in results["scale"].items():
    for workload, row in workloads.items():
        if not row["p99_ms"]:
            continue
        sizes = "/".join(f"{int(n) // 1000}k" for n in row["p50_ms"])
        p50 = "/".join(f"{v:.1f}" for v in row["p50_ms"].values())
        p99 = "/".join(f"{v:.1f}" for v in row["p99_ms"].values())
        ratio = row.get("p99_1m_over_100k")
        print(f"{backend:9} {workload:10} {sizes:22} {p50:22} {p99:22} {'-' if ratio is None else f'{ratio:.2f}':>11}  {', '.join(row['commits'])}")
print(f"\nwritten to {out}")
