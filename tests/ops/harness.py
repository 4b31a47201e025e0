"""What the operations tests share: the qa-api binary run as a real process (so it can be
killed, signalled and restarted), throwaway PostgreSQL clusters made with initdb/pg_ctl, and a
small JSON client on http.client. Standard library only."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JWT_SECRET = "ops-test-secret-ops-test-secret-0123456789"
DEMO_PASSWORD = "demo password 1"


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def target_dir() -> Path:
    """Cargo's target folder, wherever CARGO_TARGET_DIR or a config puts it."""
    if os.environ.get("CARGO_TARGET_DIR"):
        return Path(os.environ["CARGO_TARGET_DIR"])
    try:
        out = subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--no-deps"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout
        return Path(json.loads(out)["target_directory"])
    except (OSError, subprocess.CalledProcessError, ValueError, KeyError):
        return ROOT / "target"


def api_binary(profile: str = "debug") -> Path:
    explicit = os.environ.get("QA_API_BIN")
    path = Path(explicit) if explicit else target_dir() / profile / "qa-api"
    if not path.is_file():
        sys.exit(f"qa-api binary not found at {path}: build it first (make build)")
    return path


# ---------------------------------------------------------------------------------------------
# PostgreSQL


def postgres_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").is_file()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    ) if Path("/usr/lib/postgresql").is_dir() else []
    return versions[-1] if versions else None


class Cluster:
    """A throwaway PostgreSQL cluster on a free port, trust authentication, database `qa`."""

    def __init__(self, host_auth: str = "trust") -> None:
        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("initdb/pg_ctl not found: install PostgreSQL")
        self.dir = Path(tempfile.mkdtemp(prefix="qa-ops-pg-"))
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            # initdb refuses to run as root: the cluster belongs to the postgres user.
            shutil.chown(self.dir, user="postgres")
        # Over TCP as a deployment would (trust or scram-sha-256); the socket is for psql here.
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth-local=trust",
                  f"--auth-host={host_auth}", "-N")
        self.start()
        self.psql("postgres", "CREATE DATABASE qa")

    @property
    def data(self) -> Path:
        return self.dir / "data"

    def url(self, database: str = "qa", user: str = "postgres") -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bin / program), *args]
        return ["runuser", "-u", "postgres", "--", *command] if self.as_postgres else command

    def _run(self, program: str, *args: str) -> str:
        result = subprocess.run(self._command(program, *args), capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{program} {args} failed: {result.stdout}{result.stderr}")
        return result.stdout

    def _ctl(self, *args: str) -> None:
        options = ["-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1",
                   "-l", str(self.dir / "log")]
        self._run("pg_ctl", "-D", str(self.data), *(options if args[0] in ("start", "restart") else []), *args)

    def start(self) -> None:
        self._ctl("start", "-w")

    def stop_immediate(self) -> None:
        """Kills every backend at once, no checkpoint: the server recovers from its WAL."""
        self._ctl("stop", "-m", "immediate", "-w")

    def restart_immediate(self) -> None:
        self._ctl("restart", "-m", "immediate", "-w")

    def psql(self, database: str, sql: str) -> str:
        psql = self.bin / "psql"
        result = subprocess.run(
            [str(psql), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", str(self.dir),
             "-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result.stdout

    def close(self) -> None:
        try:
            subprocess.run(self._command("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"),
                           capture_output=True)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------
# The API as a process


def api_env(database_url: str, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update({
        "QA_DATABASE_URL": database_url,
        "QA_BIND": f"127.0.0.1:{port}",
        "QA_JWT_SECRET": JWT_SECRET,
        "QA_LOG": os.environ.get("QA_OPS_LOG", "warn"),
        "QA_WORKERS": "2",
    })
    env.update(extra)
    return env


def run_cli(binary: Path, env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run([str(binary), *args], env=env, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"qa-api {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


class Api:
    """One `qa-api serve` process."""

    def __init__(self, binary: Path, env: dict[str, str], log_path: Path) -> None:
        self.binary, self.env, self.log_path = binary, env, log_path
        self.port = int(env["QA_BIND"].rsplit(":", 1)[1])
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        log_file = open(self.log_path, "ab")
        self.proc = subprocess.Popen([str(self.binary), "serve"], env=self.env,
                                     stdout=log_file, stderr=subprocess.STDOUT)
        log_file.close()

    def wait_ready(self, timeout: float = 60.0) -> float:
        """Seconds until /health/ready answers 200."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"qa-api exited with {self.proc.returncode}; see {self.log_path}")
            try:
                status, _, _ = request("GET", self.port, "/health/ready", timeout=2)
                if status == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"qa-api not ready after {timeout} s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def terminate(self, timeout: float = 40.0) -> int:
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


# ---------------------------------------------------------------------------------------------
# HTTP


def request(method: str, port: int, path: str, body=None, token: str | None = None,
            headers: dict[str, str] | None = None, timeout: float = 30,
            conn: http.client.HTTPConnection | None = None):
    """Sends one request; returns (status, headers as a lower-cased dict, parsed JSON or text).
    Raises OSError (or http.client.HTTPException) when the server cannot be reached."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    all_headers = dict(headers or {})
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        all_headers.setdefault("content-type", "application/json")
    if token:
        all_headers["authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        raw = response.read()
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
    finally:
        if own:
            conn.close()
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode("utf-8", "replace")
    return response.status, answer_headers, parsed


def sign_in(port: int, email: str, password: str = DEMO_PASSWORD) -> str:
    status, _, body = request("POST", port, "/api/v1/auth/login", {"email": email, "password": password})
    if status != 200:
        raise RuntimeError(f"sign-in of {email} answered {status}: {body}")
    body = answer_challenges(lambda path, sent: request("POST", port, path, sent)[::2], email, body)
    return body["access_token"]


# The authenticator-app keys of the accounts signed in here, and the last time step used: the
# service accepts each code once. Administrators and data protection officers must have one.
SECOND_FACTORS: dict[str, list] = {}


def totp_code(secret: str, step: int) -> str:
    """The 6-digit RFC 6238 code (HMAC-SHA-1, 30-second steps) of one time step."""
    import base64
    import hashlib
    import hmac
    import struct
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def fresh_code(email: str) -> str:
    """A code of the account's app the service has not seen: this step's or the next one's."""
    secret, last = SECOND_FACTORS[email]
    now = int(time.time()) // 30
    while last > now:
        time.sleep(1)
        now = int(time.time()) // 30
    step = max(now, last + 1)
    SECOND_FACTORS[email] = [secret, step]
    return totp_code(secret, step)


def answer_challenges(post, email: str, body: dict) -> dict:
    """Completes a sign-in's second factor as a person with an authenticator app would: sets one
    up where the account must have one, and enters a fresh code. `post(path, body)` answers
    `(status, body)`."""
    while isinstance(body, dict) and body.get("challenge") in ("totp", "totp_enrolment"):
        token = body["challenge_token"]
        if body["challenge"] == "totp_enrolment":
            status, setup = post("/api/v1/auth/totp/enrolment", {"challenge_token": token})
            if status != 200:
                raise RuntimeError(f"setting up {email}'s second factor answered {status}: {setup}")
            SECOND_FACTORS[email] = [setup["secret"], 0]
        status, body = post("/api/v1/auth/challenge", {"challenge_token": token, "code": fresh_code(email)})
        if status != 200:
            raise RuntimeError(f"{email}'s second factor answered {status}: {body}")
    return body


def seed_demo(binary: Path, env: dict[str, str], cases: int = 20) -> None:
    run_cli(binary, env, "seed-demo", "--cases", str(cases), "--audits", "0", "--anchor", "2026-11-25")
