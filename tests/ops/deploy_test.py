#!/usr/bin/env python3
"""Deployment as written: reads docker-compose.yml and runs what it describes outside
containers (no Docker engine needed): PostgreSQL with a password from a secret file, the
one-off migration, two API instances with the compose file's environment, secrets and health
checks, and Caddy with deploy/Caddyfile terminating TLS in front of them. Under load through
the proxy, each instance in turn is restarted the way `docker compose restart` does it
(SIGTERM, wait, start, wait healthy): not one request may fail."""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, Api, Cluster, answer_challenges, api_binary, free_port, log, request  # noqa: E402


def compose() -> dict:
    with open(ROOT / "docker-compose.yml") as f:
        return yaml.safe_load(f)


def check_compose(doc: dict) -> list[str]:
    """What the file must say, whatever else changes."""
    problems = []
    services = doc.get("services", {})
    for name in ("db", "migrate", "api1", "api2", "proxy"):
        if name not in services:
            problems.append(f"no service {name}")
    for name in ("api1", "api2", "migrate"):
        env = services.get(name, {}).get("environment", {})
        for plain in ("QA_JWT_SECRET", "QA_DATABASE_URL"):
            if plain in env:
                problems.append(f"{name} passes {plain} in the environment; use a secret file")
        for key in ("QA_DATABASE_URL_FILE", "QA_JWT_KEY_FILE"):
            if not str(env.get(key, "")).startswith("/run/secrets/"):
                problems.append(f"{name}: {key} must name a Docker secret")
    if "POSTGRES_PASSWORD" in services.get("db", {}).get("environment", {}):
        problems.append("db passes POSTGRES_PASSWORD in the environment; use POSTGRES_PASSWORD_FILE")
    for name, secret in doc.get("secrets", {}).items():
        if "file" not in secret:
            problems.append(f"secret {name} is not a file")
    return problems


class Proxy:
    def __init__(self, caddyfile: Path, env: dict[str, str], work: Path) -> None:
        self.env, self.work = env, work
        self.log = open(work / "caddy.log", "ab")
        self.proc = subprocess.Popen(["caddy", "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def root_ca(self) -> Path:
        return Path(self.env["XDG_DATA_HOME"]) / "caddy/pki/authorities/local/root.crt"

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def main() -> int:
    if not shutil.which("caddy"):
        if os.environ.get("CI"):
            sys.exit("caddy is missing in CI (.ci/run installs it)")
        log("SKIPPED: caddy is not installed (apt-get install caddy)")
        log("deploy: 0 passed, 0 failed")
        return 0
    doc = compose()
    failures = check_compose(doc)
    services = doc["services"]
    binary = api_binary()
    with tempfile.TemporaryDirectory(prefix="qa-deploy-") as tmp:
        work = Path(tmp)
        # The secret files of the compose file, made as README's Operations section says.
        secret_dir = work / "secrets"
        secret_dir.mkdir()
        password = secrets.token_urlsafe(24)
        cluster = Cluster(host_auth="scram-sha-256")
        try:
            # What the postgres image does with POSTGRES_USER, POSTGRES_PASSWORD_FILE, POSTGRES_DB.
            db_env = services["db"]["environment"]
            (secret_dir / "postgres_password").write_text(password + "\n")
            user, database = db_env["POSTGRES_USER"], db_env["POSTGRES_DB"]
            cluster.psql("postgres", f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
            # The cluster made the database already; the image makes it owned by the user.
            cluster.psql("postgres", f"ALTER DATABASE {database} OWNER TO {user}")
            # The database's health check, pointed at this cluster.
            pg_isready = [str(cluster.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(cluster.port)]
            check = services["db"]["healthcheck"]["test"][1].split()[1:]
            if subprocess.run(pg_isready + check, capture_output=True).returncode != 0:
                failures.append("the database health check fails")
            (secret_dir / "database_url").write_text(
                f"postgres://{user}:{password}@127.0.0.1:{cluster.port}/{database}?sslmode=disable\n")
            (secret_dir / "jwt_secret").write_text(secrets.token_urlsafe(48) + "\n")
            # As the README says: the key is readable by the service's user only (the API
            # refuses a group- or world-readable key).
            (secret_dir / "jwt_secret").chmod(0o600)

            def env_of(service: str, port: int) -> dict[str, str]:
                env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
                for key, value in services[service]["environment"].items():
                    value = str(value).replace("/run/secrets/", f"{secret_dir}/")
                    env[key] = value.replace("0.0.0.0:8080", f"127.0.0.1:{port}")
                env["QA_WORKERS"] = "2"
                return env

            migrate = subprocess.run([str(binary), *services["migrate"]["command"]],
                                     env=env_of("migrate", 0), capture_output=True, text=True)
            if migrate.returncode != 0:
                raise RuntimeError(f"migrate failed: {migrate.stderr}")

            apis: dict[str, Api] = {}
            health = services["api1"]["healthcheck"]["test"][1:]

            def healthy(name: str, timeout: float = 60) -> float:
                """Runs the compose health check against the instance until it passes."""
                command = [part.replace("127.0.0.1:8080", f"127.0.0.1:{apis[name].port}") for part in health]
                started = time.monotonic()
                while time.monotonic() - started < timeout:
                    if subprocess.run(command, capture_output=True).returncode == 0:
                        return time.monotonic() - started
                    time.sleep(0.2)
                raise RuntimeError(f"{name} never became healthy; see {apis[name].log_path}")

            for name in ("api1", "api2"):
                port = free_port()
                apis[name] = Api(binary, env_of(name, port), work / f"{name}.log")
                apis[name].start()
                healthy(name)

            https_port = free_port()
            proxy_env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
            proxy_env.update({k: str(v) for k, v in services["proxy"]["environment"].items()})
            proxy_env.update({
                "QA_SITE_ADDRESS": "localhost",
                "QA_UPSTREAMS": " ".join(f"127.0.0.1:{api.port}" for api in apis.values()),
                "QA_HTTPS_PORT": str(https_port), "QA_HTTP_PORT": str(free_port()),
                "QA_PROXY_BIND": "127.0.0.1",
                "XDG_DATA_HOME": str(work / "caddy-data"), "XDG_CONFIG_HOME": str(work / "caddy-config"),
            })
            proxy = Proxy(ROOT / "deploy" / "Caddyfile", proxy_env, work)
            try:
                failures += run_load(apis, healthy, proxy, https_port, env_of, work)
            finally:
                proxy.stop()
                if os.environ.get("QA_OPS_KEEP_LOGS"):
                    shutil.copytree(work, os.environ["QA_OPS_KEEP_LOGS"], dirs_exist_ok=True,
                                    ignore=shutil.ignore_patterns("secrets", "caddy-data"))
                if failures:
                    for line in (work / "caddy.log").read_text(errors="replace").splitlines():
                        if '"error"' in line or "unhealthy" in line or "no upstreams" in line:
                            log(f"  caddy: {line[:400]}")
                for api in apis.values():
                    api.terminate()
        finally:
            cluster.close()
    for failure in failures:
        log(f"FAILED: {failure}")
    log(f"deploy: {0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


def run_load(apis, healthy, proxy: Proxy, https_port: int, env_of, work: Path) -> list[str]:
    failures: list[str] = []
    started = time.monotonic()
    while not proxy.root_ca().is_file() and time.monotonic() - started < 20:
        time.sleep(0.1)
    context = ssl.create_default_context(cafile=str(proxy.root_ca()))

    def call(conn, method, path, body=None, token=None):
        return request(method, https_port, path, body, token, conn=conn)

    def connect():
        return http.client.HTTPSConnection("localhost", https_port, timeout=30, context=context)

    # Through TLS: the first start created the administrator; sign in as a new one instead.
    admin_email = "deploy-admin@example.test"
    admin_password = "a deployment test password"
    subprocess.run([str(apis["api1"].binary), "create-admin", "--email", admin_email, "--name", "Deploy Admin"],
                   env=env_of("api1", 0), input=admin_password + "\n", text=True, check=True,
                   capture_output=True)
    for _ in range(100):
        try:
            status, _, _ = call(connect(), "GET", "/health/ready")
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(0.1)
    status, _, body = call(connect(), "POST", "/api/v1/auth/login", {"email": admin_email, "password": admin_password})
    if status != 200:
        return [f"sign-in through the proxy answered {status}: {body}"]
    # An administrator signs in with a second factor, set up now as with an authenticator app.
    body = answer_challenges(lambda path, sent: call(connect(), "POST", path, sent)[::2], admin_email, body)
    token = body["access_token"]

    lock = threading.Lock()
    outcomes: dict[str, int] = {}
    bad: list[str] = []
    stop = threading.Event()

    def load(n: int) -> None:
        conn = connect()
        i = 0
        while not stop.is_set():
            i += 1
            try:
                if i % 3 == 0:
                    status, _, body = call(conn, "POST", "/api/v1/org-units",
                                           {"name": f"Team {n}-{i}", "kind": "directorate"}, token)
                    ok = status == 201
                else:
                    status, _, body = call(conn, "GET", "/api/v1/org-units?limit=5", token=token)
                    ok = status == 200
                key = str(status)
            except (OSError, http.client.HTTPException) as error:
                ok, key, body = False, f"transport: {type(error).__name__}", str(error)
                conn.close()
                conn = connect()
            with lock:
                outcomes[key] = outcomes.get(key, 0) + 1
                if not ok:
                    bad.append(f"{key}: {str(body)[:200]}")
            time.sleep(0.01)

    threads = [threading.Thread(target=load, args=(n,), daemon=True) for n in range(6)]
    for t in threads:
        t.start()
    time.sleep(2)
    restarts = []
    for name in ("api1", "api2"):
        api = apis[name]
        t0 = time.monotonic()
        code = api.terminate(timeout=45)
        stopped = time.monotonic() - t0
        api.start()
        ready = healthy(name)
        restarts.append(f"{name}: stopped in {stopped:.1f} s (exit {code}), healthy {ready:.1f} s after start")
        if code != 0:
            failures.append(f"{name} exited {code} on SIGTERM")
        time.sleep(3)  # the proxy's health check puts it back in rotation
    time.sleep(1)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    served = {}
    for name, api in apis.items():
        _, _, metrics = request("GET", api.port, "/metrics")
        served[name] = sum(float(line.rsplit(" ", 1)[1]) for line in str(metrics).splitlines()
                           if line.startswith("qa_http_requests_total") and "org-units" in line)
    total = sum(outcomes.values())
    log(f"deploy: rolling restart under load through Caddy (TLS): {total} requests, "
        f"{len(bad)} failed; {'; '.join(restarts)}; outcomes {outcomes}; "
        f"requests per instance since its restart {served}")
    if bad:
        failures.append(f"{len(bad)} requests failed during the rolling restart: {bad[:5]}")
    if total < 50:
        failures.append(f"only {total} requests were sent")
    if not all(served.values()):
        failures.append(f"an instance served nothing after its restart: {served}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
