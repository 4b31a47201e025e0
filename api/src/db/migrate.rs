//! Migrations safe to roll forward: each runs in its own transaction (diesel's default, which
//! no migration here turns off; both backends roll back DDL), and the service refuses a
//! database that a newer release has migrated further than this build knows, instead of
//! serving it with a schema it does not understand.

use std::collections::BTreeSet;

use diesel::backend::Backend;
use diesel::migration::MigrationSource;
use diesel_migrations::MigrationHarness;

use super::DbConn;

/// Applies `source`'s pending migrations on a concrete connection, after checking that every
/// migration already applied is one `source` knows. Returns how many were applied.
pub fn apply<C, DB, S>(conn: &mut C, source: S) -> Result<usize, String>
where
    C: MigrationHarness<DB>,
    DB: Backend,
    S: MigrationSource<DB>,
{
    let known: BTreeSet<String> = source
        .migrations()
        .map_err(|e| format!("cannot read the embedded migrations: {e}"))?
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    let applied = conn
        .applied_migrations()
        .map_err(|e| format!("cannot read the applied migrations: {e}"))?;
    let unknown: Vec<String> = applied
        .iter()
        .map(|v| v.to_string())
        .filter(|v| !known.contains(v))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "the database has migrations this build of qa-api does not know: {}. A newer \
             release migrated it; run that release (or a later one), or restore the backup \
             taken before the upgrade. Refusing to start.",
            unknown.join(", ")
        ));
    }
    conn.run_pending_migrations(source)
        .map(|done| done.len())
        .map_err(|e| format!("migration failed (its transaction was rolled back): {e}"))
}

/// Applies the migrations of `source` (a folder, in tests) to whichever backend `conn` is.
pub fn apply_source<S>(conn: &mut DbConn, source: S) -> Result<usize, String>
where
    S: MigrationSource<diesel::pg::Pg> + MigrationSource<diesel::sqlite::Sqlite>,
{
    match conn {
        DbConn::Pg(c) => apply(c, source),
        DbConn::Sqlite(c) => apply_sqlite(c, source),
    }
}

/// [`apply`] on SQLite with foreign-key enforcement off while the migrations run: SQLite
/// changes a constraint only by rebuilding the table, and a table others reference cannot be
/// dropped and replaced while enforcement is on, even deferred (SQLite's documented
/// procedure). A migration that rebuilds tables proves, inside its own transaction, that no
/// reference dangles (`pragma_foreign_key_check`); enforcement is back on afterwards, and a
/// final check refuses to go on if anything dangles (after migrations that ran).
pub fn apply_sqlite<S>(
    conn: &mut diesel::sqlite::SqliteConnection,
    source: S,
) -> Result<usize, String>
where
    S: MigrationSource<diesel::sqlite::Sqlite>,
{
    use diesel::connection::SimpleConnection;
    use diesel::RunQueryDsl;
    conn.batch_execute("PRAGMA foreign_keys = OFF")
        .map_err(|e| format!("cannot pause foreign-key enforcement: {e}"))?;
    let result = apply(conn, source);
    conn.batch_execute("PRAGMA foreign_keys = ON")
        .map_err(|e| format!("cannot restore foreign-key enforcement: {e}"))?;
    let applied = result?;
    if applied == 0 {
        // Nothing ran with enforcement off, and with it on nothing can dangle: skip a check
        // that reads every row (half a minute on a million audits) at every start.
        return Ok(0);
    }
    #[derive(diesel::QueryableByName)]
    struct Dangling {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let dangling: Dangling =
        diesel::sql_query("SELECT count(*) AS n FROM pragma_foreign_key_check")
            .get_result(conn)
            .map_err(|e| format!("cannot check foreign keys: {e}"))?;
    if dangling.n > 0 {
        return Err(format!(
            "the database holds {} rows whose references dangle (PRAGMA foreign_key_check              lists them); refusing to start",
            dangling.n
        ));
    }
    Ok(applied)
}

/// Key of the PostgreSQL advisory lock held while migrating (the bytes of "qa-migr").
const MIGRATION_LOCK: i64 = 0x71_61_2d_6d_69_67_72;

/// [`apply`] on PostgreSQL under an advisory lock, so instances started together (two
/// replicas behind a load balancer) migrate one after the other instead of racing to create
/// the same tables; the second finds nothing pending.
pub fn apply_postgres<S>(conn: &mut diesel::pg::PgConnection, source: S) -> Result<usize, String>
where
    S: MigrationSource<diesel::pg::Pg>,
{
    use diesel::connection::SimpleConnection;
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
        .map_err(|e| format!("cannot take the migration lock: {e}"))?;
    let result = apply(conn, source);
    // Closing the session would release it too; a failed unlock must not hide the result.
    let _ = conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
    result
}
