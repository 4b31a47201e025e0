//! How the server's memory is held. Rust's own allocations go to jemalloc, configured here; the
//! bundled SQLite allocates through glibc's malloc, which keeps what is freed for reuse, per
//! arena, and a long-running server pays for that in resident memory it no longer uses.

/// Rust's allocations go to jemalloc (prefixed, so it does not replace `malloc` for C code).
/// glibc's allocator was about 13.5% of the audit list's CPU in a profile, much of it
/// consolidating and unlinking free chunks; with jemalloc the list ran faster in three paired
/// runs out of three (781, 668, 806 against 754, 601, 700 req/s) and a submit's p99 was lower in
/// four out of four.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read when it starts (`_RJEM_MALLOC_CONF` in the environment overrides
/// them). Two arenas, as glibc's are capped below: the server's work runs on one or two cores,
/// and by default jemalloc makes four per core. Dirty pages go back to the system after half a
/// second, not ten, and without an intermediate "muzzy" stage: with the defaults sixteen
/// connections writing audits peaked at 102-106 MiB, with these at 92-96 MiB.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8] = b"narenas:2,dirty_decay_ms:500,muzzy_decay_ms:0\0";

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

/// Returns freed heap pages to the system, from both allocators. Building the OpenAPI document
/// and each worker's routes peaks at tens of MiB that are all freed before the first request.
/// glibc would keep its share resident for the life of the process; jemalloc returns pages only
/// as it next allocates (it runs no thread of its own), so an idle server just started kept
/// them: 65-66 MiB resident against 37-38 MiB with glibc alone.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_freed() {
    // `MALLCTL_ARENAS_ALL` (4096): every arena.
    let purge = c"arena.4096.purge";
    // SAFETY: purging takes no arguments and returns nothing; `malloc_trim` only releases free
    // memory. Both are safe to call from any thread.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            purge.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
        libc::malloc_trim(0);
    }
}

/// Elsewhere the system allocator decides when to return memory.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_freed() {}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use std::ffi::CStr;

    /// Reads one of jemalloc's options as its running value.
    fn option<T: Default + Copy>(name: &CStr) -> T {
        let mut value = T::default();
        let mut len = std::mem::size_of::<T>();
        // SAFETY: `value` is a `T` of `len` bytes, the size jemalloc writes for these options.
        let rc = unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr(),
                (&mut value as *mut T).cast(),
                &mut len,
                std::ptr::null_mut(),
                0,
            )
        };
        assert_eq!(rc, 0, "mallctl {name:?}");
        value
    }

    #[test]
    fn jemalloc_runs_with_the_configuration_the_server_embeds() {
        // Proves the exported symbol is the one jemalloc reads: with a misspelt export name
        // these are jemalloc's defaults (four arenas per core, 10 s, 10 s). It fails too where
        // `_RJEM_MALLOC_CONF` overrides them.
        assert_eq!(option::<u32>(c"opt.narenas"), 2);
        assert_eq!(option::<isize>(c"opt.dirty_decay_ms"), 500);
        assert_eq!(option::<isize>(c"opt.muzzy_decay_ms"), 0);
    }
}
