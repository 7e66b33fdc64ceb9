//! A point in time by which work must be done: the HTTP layer answers 503 `timeout` at its
//! request timeout, and the work behind the answer (a search on the blocking pool) checks the
//! same deadline between its phases and stops, instead of running on after the answer is gone.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// When work must stop; [`Deadline::none`] never passes.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    /// No deadline.
    pub fn none() -> Self {
        Deadline(None)
    }

    /// `within` from now.
    pub fn after(within: Duration) -> Self {
        Deadline(Instant::now().checked_add(within))
    }

    /// Whether the deadline has passed.
    pub fn passed(&self) -> bool {
        self.0.is_some_and(|at| Instant::now() >= at)
    }

    /// [`Error::TimedOut`] when the deadline has passed.
    pub fn check(&self) -> Result<()> {
        if self.passed() {
            return Err(Error::TimedOut);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passed_deadline_is_an_error() {
        assert!(Deadline::none().check().is_ok());
        assert!(Deadline::after(Duration::from_secs(60)).check().is_ok());
        assert!(matches!(
            Deadline::after(Duration::ZERO).check(),
            Err(Error::TimedOut)
        ));
    }
}
