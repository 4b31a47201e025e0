//! What a piece of a service's work needs to know of the service it runs for, wherever it is in
//! the code: its clock's offset (a test clock) and whether it sends e-mail. Each piece of work
//! (a request's database work, a scheduler sweep) runs inside [`run`] on its blocking thread,
//! so several services in one process (the test suite) keep their own.

use std::cell::Cell;

/// The service a thread is working for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Service {
    /// The offset of its clock from the system clock, in microseconds.
    pub clock_skew: i64,
    /// Whether it sends notifications by e-mail (`QA_SMTP_URL` is set).
    pub email: bool,
}

thread_local! {
    static CURRENT: Cell<Service> = const { Cell::new(Service { clock_skew: 0, email: false }) };
}

/// The service this thread is working for (the system clock, no e-mail, outside any).
pub fn current() -> Service {
    CURRENT.with(Cell::get)
}

/// Runs `work` for `service`, then puts back what the thread was doing before.
pub fn run<T>(service: Service, work: impl FnOnce() -> T) -> T {
    let previous = CURRENT.with(|c| c.replace(service));
    let out = work();
    CURRENT.with(|c| c.set(previous));
    out
}
