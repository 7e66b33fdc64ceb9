//! Agencies: one normalized display name per agency (`UBND tỉnh Lạng Sơn`, `Sở Tư pháp`).
//!
//! PLACEHOLDER signature; the full normalizer replaces this.

/// Normalizes an agency name as written (`ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN`, `Uỷ ban nhân dân tỉnh
/// Lạng Sơn`, `UBND Tỉnh`) to its display name (`UBND tỉnh Lạng Sơn`).
pub fn normalize_agency(name: &str) -> String {
    name.trim().to_string()
}
