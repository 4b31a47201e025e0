//! A throwaway PostgreSQL cluster for tests that restart or crash the database server itself:
//! `initdb` into a temporary folder, `pg_ctl start` on a free port, removed on drop. The shared
//! test server cannot be restarted under the other tests, so these tests bring their own.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

/// A running PostgreSQL cluster owned by one test.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

/// The folder holding `initdb` and `pg_ctl`: on `PATH`, else the newest under
/// `/usr/lib/postgresql/*/bin` (Debian keeps them off `PATH`).
pub fn postgres_bin_dir() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
                // Debian links them into /usr/local/bin: the real folder has the rest too.
                let real = std::fs::canonicalize(dir.join("pg_ctl")).ok()?;
                return real.parent().map(Path::to_path_buf);
            }
        }
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// Whether a test needing its own cluster must be skipped; panics in CI, where nothing may skip.
pub fn skip_cluster() -> bool {
    if postgres_bin_dir().is_some() {
        return false;
    }
    if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false") {
        panic!("initdb/pg_ctl not found in CI: the database-restart tests must run");
    }
    eprintln!("SKIPPED: initdb/pg_ctl not found; install PostgreSQL to run this test");
    true
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl Cluster {
    /// Creates and starts a cluster with trust authentication and a database named `qa`.
    pub fn start() -> Self {
        let bin = postgres_bin_dir().expect("initdb and pg_ctl");
        let dir =
            std::env::temp_dir().join(format!("qa-cluster-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("cluster folder");
        // initdb refuses to run as root: then the cluster belongs to the postgres user.
        let as_postgres = is_root();
        if as_postgres {
            let status = Command::new("chown")
                .args(["postgres"])
                .arg(&dir)
                .status()
                .expect("chown");
            assert!(status.success(), "chown postgres {}", dir.display());
        }
        let cluster = Self {
            dir,
            bin,
            port: free_port(),
            as_postgres,
        };
        cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data(),
                "-U",
                "postgres",
                "--auth=trust",
                "-N",
            ],
        );
        cluster.pg_ctl(&["start", "-w"]);
        let admin = format!(
            "postgres://postgres@127.0.0.1:{}/postgres?sslmode=disable",
            cluster.port
        );
        let mut conn =
            PgConnection::establish(&admin).expect("the new cluster accepts connections");
        diesel::sql_query("CREATE DATABASE qa")
            .execute(&mut conn)
            .expect("create database qa");
        cluster
    }

    fn data(&self) -> String {
        self.dir.join("data").to_string_lossy().into_owned()
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }

    fn run(&self, program: &str, args: &[&str]) {
        let output = self
            .command(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"));
        assert!(
            output.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn pg_ctl(&self, args: &[&str]) {
        let data = self.data();
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").to_string_lossy().into_owned();
        let mut all = vec!["-D", data.as_str()];
        if matches!(args.first(), Some(&"start") | Some(&"restart")) {
            all.extend_from_slice(&["-o", &options, "-l", &log]);
        }
        all.extend_from_slice(args);
        self.run("pg_ctl", &all);
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of the `qa` database (plain text, as the other tests connect).
    pub fn url(&self) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/qa?sslmode=disable",
            self.port
        )
    }

    /// The cluster's folder (its log is `log` in it).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Crash-restarts the server: `pg_ctl restart -m immediate` kills every backend without a
    /// checkpoint (as a crash would) and the server replays its WAL on the way up. Returns
    /// once it accepts connections again.
    pub fn restart_immediate(&self) {
        self.pg_ctl(&["restart", "-m", "immediate", "-w"]);
    }

    /// Stops the server at once (as a crash would), leaving the data folder.
    pub fn stop_immediate(&self) {
        self.pg_ctl(&["stop", "-m", "immediate", "-w"]);
    }

    /// Starts a stopped server and waits until it accepts connections.
    pub fn start_again(&self) {
        self.pg_ctl(&["start", "-w"]);
    }

    /// Waits until the server accepts TCP connections (or the timeout passes).
    pub fn wait_accepting(&self, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
