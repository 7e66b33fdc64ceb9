//! Request parameters every layer reads the same way (the search, the status and the HTTP and
//! CLI front ends): a document number in any spelling, a date. Below search and status, so that
//! neither needs the other for them.

use chrono::NaiveDate;

use crate::error::{Code, Error, Result};
use crate::number;

/// Number keys for the `number` and `cites` filters; an unparseable number is a user error.
pub fn number_param(name: &str, value: &str) -> Result<String> {
    number::key(value).ok_or_else(|| {
        Error::bad_request(
            Code::BadNumber,
            format!("{name}=`{value}` is not a document number like 176/KH-UBND"),
        )
    })
}

/// Parses a date parameter: `YYYY-MM-DD` (or `DD/MM/YYYY`).
pub fn parse_date(name: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value.trim(), "%d/%m/%Y"))
        .map_err(|_| {
            Error::bad_request(
                Code::BadDate,
                format!("{name}=`{value}` is not a date; write YYYY-MM-DD"),
            )
        })
        .and_then(|d| {
            use crate::keys::{in_range, MAX_DATE, MIN_DATE};
            if in_range(d) {
                Ok(d)
            } else {
                Err(Error::bad_request(
                    Code::BadDate,
                    format!("{name}=`{value}` is outside {MIN_DATE} to {MAX_DATE}"),
                ))
            }
        })
}
