//! Tasks and deadlines from plans: who must do what by when.
//!
//! PLACEHOLDER signature; the full extractor replaces this.

use chrono::NaiveDate;

use crate::document::{Passage, Task};

/// Extracts tasks from the outline; `issued` lets a deadline that omits its year take the
/// document's year.
pub fn extract_tasks(outline: &[Passage], issued: Option<NaiveDate>) -> Vec<Task> {
    let _ = (outline, issued);
    Vec::new()
}
