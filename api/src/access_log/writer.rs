//! Group commit for the access log of reads. Every read of a child's record must be logged
//! before the answer goes out, and a commit costs a disk flush: one writer thread gathers the
//! entries of all requests waiting at that moment into one transaction, flushes once, then lets
//! each request answer. Durability per request is unchanged; the flushes per second are not a
//! ceiling on reads any more.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::{commit, AccessEntry};
use crate::db::DbPool;
use crate::error::{ApiError, ApiResult};

/// Requests' entries waiting in one commit at most.
const MAX_BATCH: usize = 512;

/// When this process's writer last committed requests' entries, in milliseconds since
/// [`since_start`]'s first call (0: not yet), so the indexer knows whether requests are waiting
/// on the log right now.
static LAST_COMMIT_MS: AtomicU64 = AtomicU64::new(0);

/// Milliseconds since the first call, at least 1.
fn since_start() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}

/// Whether requests' entries were committed within `window`: requests are reading records
/// and waiting on the log's commits, so the indexer should leave room for them.
pub fn committed_within(window: Duration) -> bool {
    let last = LAST_COMMIT_MS.load(Ordering::Relaxed);
    last != 0
        && since_start().saturating_sub(last)
            <= u64::try_from(window.as_millis()).unwrap_or(u64::MAX)
}

struct Job {
    entries: Vec<AccessEntry>,
    done: oneshot::Sender<Result<(), Failure>>,
}

/// Why a batch was not committed, kept apart so an unreachable database answers 503 (retry)
/// rather than 500.
#[derive(Debug, Clone)]
enum Failure {
    Unavailable,
    Other(String),
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::Unavailable(_) => Self::Unavailable,
            other => Self::Other(other.to_string()),
        }
    }
}

/// The handle requests use to append entries and wait until they are durable.
#[derive(Clone)]
pub struct AccessLogWriter {
    sender: mpsc::Sender<Job>,
}

impl AccessLogWriter {
    /// Starts the writer thread on the pool.
    pub fn start(pool: DbPool) -> Self {
        let (sender, receiver) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("access-log".into())
            .spawn(move || run(pool, receiver))
            .expect("the access-log writer thread starts");
        Self { sender }
    }

    /// Waits until every entry appended before this call is committed (the writer takes jobs
    /// in order): the service calls it after the server has stopped, so no batch is cut off by
    /// the process exiting. Gives up after `timeout`.
    pub async fn drain(&self, timeout: std::time::Duration) -> bool {
        let (done, wait) = oneshot::channel();
        let marker = Job {
            entries: Vec::new(),
            done,
        };
        if self.sender.send(marker).is_err() {
            return true;
        }
        matches!(tokio::time::timeout(timeout, wait).await, Ok(Ok(_)))
    }

    /// Appends entries and returns once they are committed.
    pub async fn append(&self, entries: Vec<AccessEntry>) -> ApiResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let (done, wait) = oneshot::channel();
        self.sender
            .send(Job { entries, done })
            .map_err(|_| ApiError::Internal("the access-log writer has stopped".into()))?;
        match wait.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(Failure::Unavailable)) => Err(ApiError::unavailable()),
            Ok(Err(Failure::Other(message))) => {
                Err(ApiError::Internal(format!("access log: {message}")))
            }
            Err(_) => Err(ApiError::Internal(
                "the access-log writer dropped a request".into(),
            )),
        }
    }
}

fn run(pool: DbPool, receiver: mpsc::Receiver<Job>) {
    while let Ok(first) = receiver.recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let entries: Vec<AccessEntry> = jobs
            .iter()
            .flat_map(|j| j.entries.iter().cloned())
            .collect();
        let result = if entries.is_empty() {
            // Only drain markers: nothing to commit.
            Ok(())
        } else {
            let written = match pool.get() {
                Ok(mut conn) => commit(&mut conn, &entries)
                    .map_err(ApiError::from)
                    .map_err(Failure::from),
                Err(e) => Err(Failure::from(ApiError::from(e))),
            };
            LAST_COMMIT_MS.store(since_start(), Ordering::Relaxed);
            written
        };
        for job in jobs {
            let _ = job.done.send(result.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_counts_as_recent_for_the_window_and_not_after() {
        LAST_COMMIT_MS.store(since_start(), Ordering::Relaxed);
        assert!(committed_within(Duration::from_secs(3600)));
        // Long ago, as far as a window of no time can tell once a millisecond has passed.
        std::thread::sleep(Duration::from_millis(5));
        assert!(!committed_within(Duration::ZERO));
    }
}
