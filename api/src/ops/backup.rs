//! Backups of the embedded SQLite database that restore: `qa-api backup --to FILE` writes a
//! consistent copy while the service keeps serving, `qa-api restore --from FILE` puts one back.
//! PostgreSQL is backed up with its own tools (`pg_dump`, base backups and WAL archiving; see
//! the README's Operations section): a copy made through a pooled connection would be neither
//! faster nor more consistent than `pg_dump`'s snapshot.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};

use crate::config::DatabaseUrl;

/// Tables whose rows mean a database holds a council's data: the reference data every start
/// seeds (frameworks, standards, grade scales, calendar) does not count.
const DATA_TABLES: [&str; 3] = ["org_units", "users", "cases"];

/// What a backup or restore wrote.
#[derive(Debug)]
pub struct Copied {
    /// The file written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Rows per table of the copy, by table name.
    pub rows: Vec<(String, i64)>,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

fn sqlite_path(url: &DatabaseUrl) -> Result<&Path, String> {
    match url {
        DatabaseUrl::Sqlite(path) => Ok(path),
        DatabaseUrl::Postgres(_) => Err(
            "backup and restore here are for the embedded SQLite database; back up PostgreSQL \
             with pg_dump or a base backup with WAL archiving (README, Operations)"
                .into(),
        ),
    }
}

fn open(path: &Path) -> Result<SqliteConnection, String> {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    // Waits for a writer of the serving process instead of failing at once.
    conn.batch_execute("PRAGMA busy_timeout = 10000;")
        .map_err(|e| e.to_string())?;
    Ok(conn)
}

/// SQL text literal: the only value VACUUM INTO takes that cannot be a bound parameter in every
/// SQLite build.
fn literal(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', "''"))
}

fn tables(conn: &mut SqliteConnection) -> Result<Vec<String>, String> {
    diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )
    .load::<Name>(conn)
    .map(|names| names.into_iter().map(|n| n.name).collect())
    .map_err(|e| e.to_string())
}

fn row_counts(conn: &mut SqliteConnection) -> Result<Vec<(String, i64)>, String> {
    let mut counts = Vec::new();
    for table in tables(conn)? {
        let count = diesel::sql_query(format!("SELECT COUNT(*) AS count FROM \"{table}\""))
            .get_result::<Count>(conn)
            .map_err(|e| e.to_string())?
            .count;
        counts.push((table, count));
    }
    Ok(counts)
}

/// Checks a file is an intact database of this service; answers its row counts.
fn check(path: &Path) -> Result<Vec<(String, i64)>, String> {
    let mut conn = open(path)?;
    let result = diesel::sql_query("PRAGMA integrity_check")
        .load::<Check>(&mut conn)
        .map_err(|e| format!("{} is not a readable SQLite database: {e}", path.display()))?;
    if result.len() != 1 || result[0].integrity_check != "ok" {
        return Err(format!("{} fails SQLite's integrity check", path.display()));
    }
    let counts = row_counts(&mut conn)?;
    if !counts
        .iter()
        .any(|(table, _)| table == "__diesel_schema_migrations")
    {
        return Err(format!(
            "{} is a SQLite database but not one of this service",
            path.display()
        ));
    }
    Ok(counts)
}

fn holds_data(counts: &[(String, i64)]) -> bool {
    counts
        .iter()
        .any(|(table, rows)| DATA_TABLES.contains(&table.as_str()) && *rows > 0)
}

/// Writes a consistent copy of the serving SQLite database to `to` (which must not exist).
/// `VACUUM INTO` reads inside one transaction, so the copy is the database as of one moment
/// even while the service goes on writing (WAL readers and the writer do not block each other),
/// and the copy is compact and self-contained (no -wal file). It is written beside the target
/// and renamed into place once checked, so a failed backup never leaves a half file under the
/// name asked for.
pub fn backup(url: &DatabaseUrl, to: &Path) -> Result<Copied, String> {
    let from = sqlite_path(url)?;
    if !from.is_file() {
        return Err(format!("no database at {}", from.display()));
    }
    if to.exists() {
        return Err(format!("{} exists: choose a new file", to.display()));
    }
    let partial = with_suffix(to, ".partial");
    let _ = std::fs::remove_file(&partial);
    let mut conn = open(from)?;
    conn.batch_execute(&format!("VACUUM INTO {}", literal(&partial)))
        .map_err(|e| format!("backup failed: {e}"))?;
    drop(conn);
    finish(&partial, to)
}

/// Replaces the database with the backup at `from`. Refuses a target holding a council's data
/// (org units, users or cases) unless `force`; stop the service first, as it keeps the file
/// open. The copy is checked, written beside the target and renamed over it, and the target's
/// old -wal and -shm files are removed so none of its old pages come back.
pub fn restore(url: &DatabaseUrl, from: &Path, force: bool) -> Result<Copied, String> {
    let to = sqlite_path(url)?;
    check(from)?;
    if to.is_file() && !force {
        let refuse = |why: String| {
            Err(format!(
                "{why}: refusing to overwrite it; pass --force to replace it with the backup"
            ))
        };
        match check(to) {
            Ok(current) if holds_data(&current) => {
                return refuse(format!(
                    "{} holds data (org units, users or cases)",
                    to.display()
                ))
            }
            Ok(_) => {}
            Err(e) => return refuse(e),
        }
    }
    if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let partial = with_suffix(to, ".restoring");
    let _ = std::fs::remove_file(&partial);
    let mut conn = open(from)?;
    conn.batch_execute(&format!("VACUUM INTO {}", literal(&partial)))
        .map_err(|e| format!("restore failed: {e}"))?;
    drop(conn);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(to, suffix));
    }
    finish(&partial, to)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Checks the written copy, makes it durable and renames it into place.
fn finish(partial: &Path, to: &Path) -> Result<Copied, String> {
    let rows = match check(partial) {
        Ok(rows) => rows,
        Err(e) => {
            let _ = std::fs::remove_file(partial);
            return Err(e);
        }
    };
    std::fs::File::open(partial)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("cannot flush {}: {e}", partial.display()))?;
    std::fs::rename(partial, to).map_err(|e| format!("cannot rename to {}: {e}", to.display()))?;
    if let Some(dir) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        // The rename is durable only once the folder is flushed too.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    Ok(Copied {
        path: to.to_path_buf(),
        bytes,
        rows,
    })
}
