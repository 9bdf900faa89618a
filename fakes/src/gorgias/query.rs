//! Query-string parsing that keeps repeated keys (`ticket_ids=1&ticket_ids=2`) and brackets.

use super::api_error::ApiError;

/// Decoded `key=value` pairs in request order.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses a raw query string; malformed escapes are kept literally rather than rejected.
    pub(crate) fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (decode(k), decode(v)),
                None => (decode(p), String::new()),
            })
            .collect();
        Self { pairs }
    }

    /// The first value for `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Every key, in request order (repeated keys repeat).
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }

    /// Every value for `key`, in order (repeated keys are how Gorgias takes arrays).
    pub(crate) fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// An optional integer parameter; anything non-numeric is a 400 like the real API's.
    pub(crate) fn id(&self, key: &str) -> Result<Option<u64>, ApiError> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("{key}: Not a valid integer."))),
        }
    }

    /// Integers given as repeated keys, `key[]`, or a comma list.
    pub(crate) fn ids(&self, key: &str) -> Result<Vec<u64>, ApiError> {
        let bracket = format!("{key}[]");
        let mut out = Vec::new();
        for raw in self.all(key).chain(self.all(&bracket)) {
            for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let id = part
                    .parse()
                    .map_err(|_| ApiError::bad_request(format!("{key}: Not a valid integer.")))?;
                out.push(id);
            }
        }
        Ok(out)
    }

    /// An optional boolean parameter (`true`/`false`, also `1`/`0`).
    pub(crate) fn flag(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.get(key).map(str::to_ascii_lowercase).as_deref() {
            None | Some("") => Ok(None),
            Some("true" | "1") => Ok(Some(true)),
            Some("false" | "0") => Ok(Some(false)),
            Some(_) => Err(ApiError::bad_request(format!("{key}: Not a valid boolean."))),
        }
    }
}

/// Percent-decoding with `+` as a space; invalid escapes pass through untouched.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_repeated_keys_and_decodes() {
        let q = Query::parse(Some("ticket_ids=1&ticket_ids=2,3&search=red+jacket%21&x"));
        assert_eq!(q.ids("ticket_ids").unwrap(), vec![1, 2, 3]);
        assert_eq!(q.get("search"), Some("red jacket!"));
        assert_eq!(q.get("x"), Some(""));
        assert_eq!(q.get("created_datetime[gte]"), None);
        let q = Query::parse(Some("created_datetime%5Bgte%5D=2026-01-01&bad=%zz%4"));
        assert_eq!(q.get("created_datetime[gte]"), Some("2026-01-01"));
        assert_eq!(q.get("bad"), Some("%zz%4"));
    }

    #[test]
    fn rejects_bad_numbers_and_flags() {
        let q = Query::parse(Some("customer_id=abc&trashed=maybe&ok=true"));
        assert!(q.id("customer_id").is_err());
        assert!(q.flag("trashed").is_err());
        assert_eq!(q.flag("ok").unwrap(), Some(true));
        assert_eq!(q.id("missing").unwrap(), None);
    }
}
