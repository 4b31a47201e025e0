//! One codebase on two databases: a diesel `MultiConnection` over PostgreSQL and SQLite, an r2d2
//! pool whose manager picks the backend from the URL scheme, the SQLite settings every pooled
//! connection needs, embedded migrations and a write-transaction helper.

pub mod correlated;
pub mod member_of;
pub mod migrate;
pub mod schema;
pub mod search;
pub mod stored;
pub mod types;

use std::time::Duration;

use std::sync::atomic::{AtomicU64, Ordering};

use diesel::connection::{
    AnsiTransactionManager, Instrumentation, InstrumentationEvent, SimpleConnection,
    TransactionManager,
};
use diesel::pg::PgConnection;
use diesel::r2d2::{Error as PoolError, ManageConnection, R2D2Connection};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations};

use crate::config::DatabaseUrl;

pub use member_of::member_of;

/// A connection to whichever database the service was configured with.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL, the production database.
    Pg(PgConnection),
    /// SQLite, the embedded default.
    Sqlite(SqliteConnection),
}

/// The connection pool shared by all request handlers.
pub type DbPool = r2d2::Pool<ConnectionManager>;

/// A pooled connection.
pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// SQLite settings applied to every new connection. `synchronous=FULL` makes every acknowledged
/// commit durable across a power cut as well as a process crash; `busy_timeout` lets concurrent
/// writers queue instead of failing. Each connection keeps a small page cache (2 MiB) and
/// leaves the rest to the operating system's file cache, which all connections share without
/// counting against the server's memory (memory-mapped reads would: a large database mapped by
/// every pooled connection showed as more than a gigabyte of resident memory). With 4 MiB per
/// connection, sixteen connections writing audits held the server's peak at 120-126 MiB; with
/// 2 MiB it was 83-88 MiB, at the same or better throughput (the bench's submit phase, paired).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -2048;";

/// Refreshes the query planner's statistics: without them both databases choose poor plans for
/// the lists' scope conditions (a sort of every matching row instead of an ordered index scan),
/// measured at 140 ms against 0.4 ms for a team manager's page of 100,000 audits.
pub fn refresh_statistics(conn: &mut DbConn, thorough: bool) -> diesel::QueryResult<()> {
    match conn {
        DbConn::Pg(c) => c.batch_execute("ANALYZE"),
        // `optimize` analyzes the tables whose statistics are missing or stale, cheaply.
        DbConn::Sqlite(c) if thorough => c.batch_execute("ANALYZE"),
        DbConn::Sqlite(c) => c.batch_execute("PRAGMA optimize = 0x10002"),
    }
}

/// r2d2 manager that dispatches on the URL scheme itself: diesel's derived `establish` would try
/// SQLite with any string, turning a mistyped PostgreSQL URL into a new file.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ConnectionManager {
    /// A manager for the given database.
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }
}

/// Statements sent to the database since the process started, for requests.
static STATEMENTS: AtomicU64 = AtomicU64::new(0);

/// Statements sent by background work that runs on its own clock (the access-log indexer, the
/// scheduler's sweeps and the mail sender), counted apart so that the cost of a request
/// measured from outside does not depend on whether that work happened to run beside it.
static BACKGROUND_STATEMENTS: AtomicU64 = AtomicU64::new(0);

std::thread_local! {
    /// Set on threads whose statements count as background work.
    static COUNTS_AS_BACKGROUND: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Statements sent to the database since the process started for requests; exported as a
/// metric so the cost of a workflow can be measured from outside.
pub fn statements_executed() -> u64 {
    STATEMENTS.load(Ordering::Relaxed)
}

/// Statements background work (indexer, scheduler, mail sender) has sent since the process
/// started.
pub fn background_statements_executed() -> u64 {
    BACKGROUND_STATEMENTS.load(Ordering::Relaxed)
}

/// Counts every statement this thread sends from now on as background work. For a thread of
/// its own that only does that work: the request threads are shared and must not call it.
pub fn count_this_thread_as_background() {
    COUNTS_AS_BACKGROUND.with(|flag| flag.set(true));
}

/// Runs `work` with this thread's statements counted as background work, then counts them as
/// before: for background work that borrows a shared thread (the scheduler's sweep on the
/// blocking pool), which goes back to serving requests afterwards, even if `work` panics.
pub fn counting_as_background<T>(work: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            COUNTS_AS_BACKGROUND.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(COUNTS_AS_BACKGROUND.with(|flag| flag.replace(true)));
    work()
}

/// True when a query failed because the connection to the database server is gone (the server
/// restarted, crashed or closed the socket), as opposed to a fault in the query itself. libpq
/// reports a dead socket as `ClosedConnection` (the connection went bad while waiting for the
/// answer) or `UnableToSendCommand` (it was already bad when the query was sent).
pub fn is_connection_lost(error: &DieselError) -> bool {
    matches!(
        error,
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _
        )
    )
}

/// How many times a query has found its server connection gone since the process started. A
/// pooled connection opened (or last checked) before the latest loss may be dead too, though
/// it has not said so yet: the pool checks it once on its next checkout.
static LOSSES: AtomicU64 = AtomicU64::new(0);

/// Every pooled connection's instrumentation: counts statements, and remembers when a query
/// found the server gone, so the pool discards the connection when it comes back instead of
/// handing the dead socket to the next request. In steady state this costs nothing per
/// request: no statement on checkout or return, only a look at what the connection's own
/// queries reported.
#[derive(Debug)]
struct ConnectionWatch {
    lost: bool,
    /// The value of [`LOSSES`] when this connection was opened or last proved alive.
    checked_at: u64,
}

impl ConnectionWatch {
    fn new() -> Self {
        Self {
            lost: false,
            checked_at: LOSSES.load(Ordering::Relaxed),
        }
    }
}

impl Instrumentation for ConnectionWatch {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { .. } => {
                let counter = if COUNTS_AS_BACKGROUND.with(std::cell::Cell::get) {
                    &BACKGROUND_STATEMENTS
                } else {
                    &STATEMENTS
                };
                counter.fetch_add(1, Ordering::Relaxed);
            }
            InstrumentationEvent::FinishQuery {
                error: Some(error), ..
            } if is_connection_lost(error) => {
                self.lost = true;
                LOSSES.fetch_add(1, Ordering::Relaxed);
            }
            _ => {}
        }
    }
}

fn watch(conn: &mut DbConn) -> Option<&mut ConnectionWatch> {
    conn.instrumentation().downcast_mut::<ConnectionWatch>()
}

fn instrument(conn: &mut impl diesel::Connection) {
    conn.set_instrumentation(ConnectionWatch::new());
}

/// Whether a connection must not go back to the pool: its server connection was lost, or (as
/// diesel's own manager decides) it is left inside a transaction or its transaction state is
/// in error.
fn is_broken(conn: &mut DbConn) -> bool {
    let lost = watch(conn).is_some_and(|watch| watch.lost);
    lost || R2D2Connection::is_broken(conn)
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = PoolError;

    fn connect(&self) -> Result<DbConn, PoolError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => {
                let mut conn = PgConnection::establish(url).map_err(PoolError::ConnectionError)?;
                instrument(&mut conn);
                Ok(DbConn::Pg(conn))
            }
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(PoolError::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(PoolError::QueryError)?;
                instrument(&mut conn);
                Ok(DbConn::Sqlite(conn))
            }
        }
    }

    /// Called on every checkout, but only sends a statement when another connection has lost
    /// its server since this one was last known alive (the database restarted, so this idle
    /// socket is probably dead too). A dead one is discarded and the next one tried, so after
    /// a database restart requests get live connections instead of one failure per stale one.
    fn is_valid(&self, conn: &mut DbConn) -> Result<(), PoolError> {
        let losses = LOSSES.load(Ordering::Relaxed);
        if watch(conn).is_some_and(|watch| watch.checked_at >= losses) {
            return Ok(());
        }
        conn.batch_execute("SELECT 1")
            .map_err(PoolError::QueryError)?;
        if let Some(watch) = watch(conn) {
            watch.checked_at = losses;
        }
        Ok(())
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || is_broken(conn)
    }
}

/// Builds the pool, creating the SQLite folder when needed. Connections are opened lazily so the
/// service can start (and report not-ready) while the database is down.
pub fn build_pool(url: &DatabaseUrl, max_size: u32) -> Result<DbPool, String> {
    if let DatabaseUrl::Sqlite(path) = url {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create the folder {}: {e}", parent.display()))?;
        }
    }
    Ok(r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(0))
        .connection_timeout(Duration::from_secs(10))
        // Cheap: see `ConnectionManager::is_valid`, which only pings after a lost connection.
        .test_on_check_out(true)
        .build_unchecked(ConnectionManager::new(url.clone())))
}

/// Runs every pending migration for the connection's backend; refuses a database migrated
/// by a newer release (see [`migrate`]).
pub fn run_migrations(conn: &mut DbConn) -> Result<(), String> {
    let applied = match conn {
        DbConn::Pg(c) => migrate::apply_postgres(c, POSTGRES_MIGRATIONS),
        DbConn::Sqlite(c) => migrate::apply_sqlite(c, SQLITE_MIGRATIONS),
    }?;
    if applied > 0 {
        tracing::info!(applied, "database migrations applied");
    }
    Ok(())
}

/// Names of the migrations a backend embeds, for the parity test.
pub fn migration_names(backend: &str) -> Vec<String> {
    use diesel::migration::MigrationSource;
    let source = match backend {
        "postgres" => POSTGRES_MIGRATIONS,
        _ => SQLITE_MIGRATIONS,
    };
    MigrationSource::<diesel::sqlite::Sqlite>::migrations(&source)
        .map(|ms| ms.iter().map(|m| m.name().to_string()).collect())
        .unwrap_or_default()
}

/// SQLite lets one connection write at a time, and a connection that finds the write lock taken
/// polls for it, sleeping 1, 2, 5, 10 ... up to 100 ms between tries: a request waiting behind
/// the access-log indexer's batch could sleep long after the lock was free. Within this process
/// writers queue here instead and are handed the turn in order the moment it is released. Other
/// processes on the same file (the command line) still meet SQLite's own lock.
static SQLITE_WRITER: parking_lot::Mutex<()> = parking_lot::Mutex::new(());

thread_local! {
    /// Whether this thread holds [`SQLITE_WRITER`]: a write nested in another on the same
    /// thread must not wait for itself.
    static HOLDS_SQLITE_WRITER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// This thread's turn to write to SQLite, released (fairly, to the longest waiter) on drop.
struct SqliteWriter(Option<parking_lot::MutexGuard<'static, ()>>);

impl SqliteWriter {
    fn enter() -> Self {
        if HOLDS_SQLITE_WRITER.get() {
            return Self(None);
        }
        let guard = SQLITE_WRITER.lock();
        HOLDS_SQLITE_WRITER.set(true);
        Self(Some(guard))
    }
}

impl Drop for SqliteWriter {
    fn drop(&mut self) {
        if let Some(guard) = self.0.take() {
            HOLDS_SQLITE_WRITER.set(false);
            parking_lot::MutexGuard::unlock_fair(guard);
        }
    }
}

/// Runs `work` in a transaction that takes the write lock up front. On SQLite a deferred
/// transaction that reads before it writes fails at once with `SQLITE_BUSY` when another writer
/// got in between, instead of waiting; `BEGIN IMMEDIATE` makes concurrent writers queue.
pub fn write_tx<T, E>(
    conn: &mut DbConn,
    work: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    let _writer = match conn {
        DbConn::Sqlite(inner) => {
            let writer = SqliteWriter::enter();
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            Some(writer)
        }
        DbConn::Pg(_) => {
            <DbConn as Connection>::TransactionManager::begin_transaction(conn)?;
            None
        }
    };
    finish_tx(conn, work)
}

/// Runs `work` in the transaction just begun: commits when it succeeds, else rolls back.
fn finish_tx<T, E>(
    conn: &mut DbConn,
    work: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match work(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            // The work's own error is the one worth reporting; a failed rollback leaves the
            // connection marked broken and the pool discards it.
            let _ = <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
            Err(error)
        }
    }
}

/// Runs read-only `work` against one snapshot of the database, so that its statements agree
/// with each other. Outside a transaction each statement sees the latest commit (PostgreSQL's
/// READ COMMITTED, SQLite's autocommit), and a commit landing between two statements that
/// split one answer between them (indexed rows, then rows not indexed yet) is seen by neither.
/// PostgreSQL takes its snapshot at the first statement under REPEATABLE READ; SQLite's
/// deferred transaction holds the WAL snapshot of its first read until it ends.
pub fn snapshot_tx<T, E>(
    conn: &mut DbConn,
    work: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    let depth = <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()?;
    if depth.is_some() {
        // The enclosing transaction already decides what the statements see.
        return work(conn);
    }
    match conn {
        DbConn::Sqlite(inner) => AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN")?,
        DbConn::Pg(inner) => AnsiTransactionManager::begin_transaction_sql(
            inner,
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        )?,
    }
    finish_tx(conn, work)
}

/// True when the error is a unique-constraint violation (an idempotent insert lost a race).
pub fn is_unique_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// A multi-row `INSERT`, dispatched to the concrete backend: diesel's batch insert is not
/// available through a `MultiConnection`.
#[macro_export]
macro_rules! batch_insert {
    ($conn:expr, $table:expr, $rows:expr) => {{
        use diesel::RunQueryDsl as _;
        match $conn {
            $crate::db::DbConn::Pg(c) => diesel::insert_into($table).values($rows).execute(c),
            $crate::db::DbConn::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Instant;

    fn memory() -> DbConn {
        DbConn::Sqlite(SqliteConnection::establish(":memory:").expect("an in-memory database"))
    }

    #[test]
    fn a_write_inside_another_on_the_same_thread_does_not_wait_for_itself() {
        let (mut outer, mut inner) = (memory(), memory());
        let nested: Result<i32, diesel::result::Error> =
            write_tx(&mut outer, |_| write_tx(&mut inner, |_| Ok(7)));
        assert_eq!(nested.expect("the nested write commits"), 7);
        // The turn was handed back when the outer write ended.
        let other =
            std::thread::spawn(|| write_tx(&mut memory(), |_| Ok::<_, diesel::result::Error>(1)));
        assert_eq!(other.join().expect("no panic").expect("commits"), 1);
    }

    #[test]
    fn a_snapshot_read_inside_a_write_joins_it_and_alone_ends_its_own_transaction() {
        let mut conn = memory();
        let inside: Result<i32, diesel::result::Error> =
            write_tx(&mut conn, |conn| snapshot_tx(conn, |_| Ok(3)));
        assert_eq!(inside.expect("the read joins the write"), 3);
        let alone: Result<i32, diesel::result::Error> = snapshot_tx(&mut conn, |_| Ok(4));
        assert_eq!(alone.expect("a read of its own"), 4);
        let depth =
            <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(&mut conn)
                .transaction_depth()
                .expect("a known status");
        assert_eq!(depth, None, "no transaction is left open");
    }

    #[test]
    fn sqlite_writers_on_other_threads_take_their_turn_after_the_one_writing() {
        let (started, writing) = mpsc::channel();
        let first = std::thread::spawn(move || {
            write_tx(&mut memory(), |_| {
                started.send(()).expect("the test waits");
                std::thread::sleep(std::time::Duration::from_millis(100));
                Ok::<_, diesel::result::Error>(Instant::now())
            })
        });
        writing.recv().expect("the first writer started");
        let second = std::thread::spawn(|| {
            write_tx(&mut memory(), |_| {
                Ok::<_, diesel::result::Error>(Instant::now())
            })
        });
        let first_done = first.join().expect("no panic").expect("commits");
        let second_began = second.join().expect("no panic").expect("commits");
        assert!(
            second_began >= first_done,
            "the second write ran while the first still held the turn"
        );
    }

    /// How a test thread marks its statements.
    #[derive(Clone, Copy)]
    enum Marked {
        Not,
        Thread,
        /// `count` statements inside `counting_as_background`, then one more after it.
        Scoped,
    }

    /// Sends `count` statements on a new thread, marked as background work or not, and answers
    /// how much each counter rose meanwhile.
    fn statements_counted(marked: Marked, count: usize) -> (u64, u64) {
        let before = (statements_executed(), background_statements_executed());
        std::thread::spawn(move || {
            if let Marked::Thread = marked {
                count_this_thread_as_background();
            }
            let mut conn = SqliteConnection::establish(":memory:").expect("a database");
            instrument(&mut conn);
            let mut send = |n: usize| {
                for _ in 0..n {
                    conn.batch_execute("SELECT 1").expect("a statement");
                }
            };
            if let Marked::Scoped = marked {
                counting_as_background(|| send(count));
                send(1);
            } else {
                send(count);
            }
        })
        .join()
        .expect("no panic");
        (
            statements_executed() - before.0,
            background_statements_executed() - before.1,
        )
    }

    #[test]
    fn a_background_threads_statements_are_counted_apart_from_the_others() {
        // Nothing else in this process marks a thread, so the background count is exact; other
        // tests may add to the request count, but never take from it.
        let (_, background) = statements_counted(Marked::Thread, 25);
        assert_eq!(background, 25);
        let (requests, background) = statements_counted(Marked::Not, 25);
        assert_eq!(background, 0);
        assert!(requests >= 25, "{requests} request statements counted");
        // Background work on a shared thread counts apart, and the thread's next statement
        // counts as a request's again.
        let (requests, background) = statements_counted(Marked::Scoped, 25);
        assert_eq!(
            background, 25,
            "only the work's statements count as background"
        );
        assert!(
            requests >= 1,
            "the statement after the work counted as a request's"
        );
    }

    /// The build settings in `.cargo/config.toml` reach the bundled SQLite (a build without
    /// them, or against another SQLite, serves the same answers far slower).
    #[test]
    fn the_bundled_sqlite_is_built_with_the_workspace_settings() {
        #[derive(diesel::QueryableByName)]
        struct CompileOption {
            #[diesel(sql_type = diesel::sql_types::Text)]
            compile_options: String,
        }
        let DbConn::Sqlite(mut conn) = memory() else {
            unreachable!("memory() is SQLite")
        };
        use diesel::RunQueryDsl as _;
        let options: Vec<String> = diesel::sql_query("PRAGMA compile_options")
            .load::<CompileOption>(&mut conn)
            .expect("the compile options")
            .into_iter()
            .map(|o| o.compile_options)
            .collect();
        for wanted in ["DEFAULT_MEMSTATUS=0", "ENABLE_QPSG", "THREADSAFE=2"] {
            assert!(
                options.iter().any(|o| o == wanted),
                "{wanted} in {options:?}"
            );
        }
        assert!(
            !options.iter().any(|o| o == "ENABLE_STAT4"),
            "STAT4 is off: {options:?}"
        );
    }
}
