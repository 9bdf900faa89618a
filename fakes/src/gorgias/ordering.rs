//! `order_by=field:asc|desc[,field:dir...]` parsing and a stable multi-key sort.

use std::cmp::Ordering;

use super::api_error::ApiError;
use super::wire_time::Time;

/// A comparable value of one sort field; `Null` sorts before everything else.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SortValue {
    Null,
    Int(i64),
    Text(String),
    Time(Time),
}

impl From<Option<Time>> for SortValue {
    fn from(t: Option<Time>) -> Self {
        t.map_or(SortValue::Null, SortValue::Time)
    }
}

/// One `field:direction` term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SortKey {
    pub field: String,
    pub desc: bool,
}

/// Parses `order_by`, falling back to `default`; a field outside `allowed` is a 400.
pub(crate) fn parse_order_by(
    raw: Option<&str>,
    allowed: &[&str],
    default: &str,
) -> Result<Vec<SortKey>, ApiError> {
    let raw = match raw.map(str::trim) {
        None | Some("") => default,
        Some(r) => r,
    };
    raw.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|term| {
            let (field, dir) = term.split_once(':').unwrap_or((term, "asc"));
            let desc = match dir.trim() {
                "asc" => false,
                "desc" => true,
                _ => return Err(invalid(allowed)),
            };
            let field = field.trim();
            if !allowed.contains(&field) {
                return Err(invalid(allowed));
            }
            Ok(SortKey { field: field.to_string(), desc })
        })
        .collect()
}

fn invalid(allowed: &[&str]) -> ApiError {
    ApiError::bad_request(format!(
        "order_by: Must be one of {} (optionally followed by :asc or :desc).",
        allowed.join(", ")
    ))
}

/// Sorts by the keys in turn, breaking remaining ties by id in the first key's direction,
/// so pages never shuffle between requests.
pub(crate) fn sort_by_keys<T>(
    items: &mut [T],
    keys: &[SortKey],
    value: impl Fn(&T, &str) -> SortValue,
    id: impl Fn(&T) -> u64,
) {
    let id_desc = keys.first().is_some_and(|k| k.desc);
    items.sort_by(|a, b| {
        for key in keys {
            let ord = value(a, &key.field).cmp(&value(b, &key.field));
            let ord = if key.desc { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        let ord = id(a).cmp(&id(b));
        if id_desc { ord.reverse() } else { ord }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_comma_lists_and_rejects_unknown_fields() {
        let keys = parse_order_by(Some("usage:desc,name:asc"), &["usage", "name"], "name").unwrap();
        assert_eq!(keys.len(), 2);
        assert!(keys[0].desc && !keys[1].desc);
        assert!(parse_order_by(Some("colour:asc"), &["name"], "name").is_err());
        assert!(parse_order_by(Some("name:sideways"), &["name"], "name").is_err());
        let default = parse_order_by(None, &["name"], "name:desc").unwrap();
        assert!(default[0].desc);
    }

    #[test]
    fn sorts_with_id_tiebreak() {
        let mut rows = vec![(1, "b"), (2, "a"), (3, "b")];
        let keys = parse_order_by(Some("name:desc"), &["name"], "name").unwrap();
        sort_by_keys(&mut rows, &keys, |r, _| SortValue::Text(r.1.into()), |r| r.0);
        assert_eq!(rows, vec![(3, "b"), (1, "b"), (2, "a")]);
    }
}
