//! How the server's memory is held: glibc's malloc keeps what is freed for reuse, per arena, and
//! a long-running server pays for that in resident memory it no longer uses.

/// Caps glibc's malloc arenas at two, and fixes the size above which a block gets its own
/// mapping at 1 MiB. By default every thread that allocates may get its own arena (up to eight
/// per core), and each keeps the memory freed into it: with the blocking pool's threads that
/// held a list load's peak at 140 MiB against 117 MiB with two arenas, at the same throughput.
/// And by default glibc raises the mapping threshold to the largest block freed so far, so once
/// a sign-in's password hash (19 MiB of working memory) has been freed, later blocks of that
/// size come from the heap and stay resident: 91 MiB after a round of reports against 66 MiB
/// with the threshold fixed. Call it first thing in `main`, before any other thread exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn cap_malloc_arenas() {
    // SAFETY: `mallopt` only sets allocator parameters; it runs before other threads start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Elsewhere the system allocator's defaults stand.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn cap_malloc_arenas() {}

/// Returns freed heap pages to the system. Building the OpenAPI document and each worker's
/// routes peaks at tens of MiB that are all freed before the first request; without this glibc
/// keeps them resident for the life of the process.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_freed() {
    // SAFETY: `malloc_trim` only releases free memory; it is safe to call from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Elsewhere the system allocator decides when to return memory.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_freed() {}
