//! Where a request's controller route and input come from. Kayako Classic is one PHP entry
//! point, `/api/index.php`, reached three ways: `?e=/Tickets/Ticket/1`, `?/Tickets/Ticket/1`
//! and PATH_INFO `/api/index.php/Tickets/Ticket/1`. Input is `$_GET` for GET and DELETE and
//! `$_POST` (or a JSON body) for POST and PUT; the auth fields are taken from either place.

use std::collections::HashMap;

/// The script every form goes through.
pub(crate) const ENTRY: &str = "/api/index.php";

/// One decoded request: its route segments and its input fields.
#[derive(Clone, Debug, Default)]
pub(crate) struct Call {
    /// Route segments, e.g. `["Tickets", "Ticket", "ListAll", "1", "-1"]`; empty segments dropped.
    pub segments: Vec<String>,
    /// The handler's input (`$_GET` or `$_POST`), first value per key.
    pub input: Fields,
    /// The other source, consulted only for `apikey`, `salt` and `signature`.
    pub other: Fields,
}

/// Form fields by name; a repeated name keeps its first value, as clients send each once.
#[derive(Clone, Debug, Default)]
pub(crate) struct Fields(HashMap<String, String>);

impl Fields {
    /// Decodes `a=1&b=2` (`+` is a space); pairs without `=` get an empty value.
    pub(crate) fn parse(raw: &[u8]) -> Self {
        let mut map = HashMap::new();
        for (k, v) in form_urlencoded::parse(raw) {
            map.entry(k.into_owned()).or_insert_with(|| v.into_owned());
        }
        Self(map)
    }

    /// Reads a flat JSON object; non-string scalars are kept as their JSON text.
    fn from_json(raw: &[u8]) -> Self {
        let Ok(serde_json::Value::Object(obj)) = serde_json::from_slice(raw) else {
            return Self::default();
        };
        let map = obj
            .into_iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect();
        Self(map)
    }

    /// The value of `name`, if sent.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The value of `name` trimmed, `None` when missing or blank.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.get(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// `name` as a number, `None` when missing or not a number.
    pub(crate) fn int(&self, name: &str) -> Option<i64> {
        self.text(name).and_then(|v| v.parse().ok())
    }

    /// Whether a search flag is set: Kayako tests `== '1'`.
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.get(name).map(str::trim) == Some("1")
    }
}

impl Call {
    /// Decodes the route and input; `None` when the path is not the API entry point.
    pub(crate) fn decode(
        method: &str,
        path: &str,
        query: Option<&str>,
        content_type: &str,
        body: &[u8],
    ) -> Option<Self> {
        let query = query.unwrap_or("");
        let route = route_of(path, query)?;
        let query_fields = Fields::parse(query.as_bytes());
        let body_fields = if content_type.contains("application/json") {
            Fields::from_json(body)
        } else {
            Fields::parse(body)
        };
        let segments = route.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
        let (input, other) = match method {
            "POST" | "PUT" => (body_fields, query_fields),
            _ => (query_fields, body_fields),
        };
        Some(Self { segments, input, other })
    }

    /// An auth field from the input, else from the other source.
    pub(crate) fn auth_field(&self, name: &str) -> Option<&str> {
        self.input.get(name).or_else(|| self.other.get(name))
    }

    /// The route as `/Tickets/Ticket/1`, what the request log and faults see.
    pub(crate) fn route(&self) -> String {
        let mut r = String::new();
        for s in &self.segments {
            r.push('/');
            r.push_str(s);
        }
        if r.is_empty() { "/".to_string() } else { r }
    }
}

/// The route from PATH_INFO, `e=`, or a query that starts with `/` (`index.php?/X/Y&k=v`).
fn route_of(path: &str, query: &str) -> Option<String> {
    let rest = path.strip_prefix(ENTRY)?;
    if !rest.is_empty() && !rest.starts_with('/') {
        return None;
    }
    let path_info = percent_decode(rest);
    if path_info.trim_matches('/').is_empty() {
        if let Some(e) = Fields::parse(query.as_bytes()).get("e") {
            return Some(e.to_string());
        }
        if query.starts_with('/') {
            let first = query.split('&').next().unwrap_or("");
            // PHP turns the key's `=`-less pair into `$_GET['/X/Y']`; `+` would be a space.
            return Some(percent_decode(&first.replace('+', " ")));
        }
    }
    Some(path_info)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(path: &str, query: Option<&str>) -> Option<Vec<String>> {
        Call::decode("GET", path, query, "", b"").map(|c| c.segments)
    }

    #[test]
    fn the_three_forms_name_the_same_route() {
        let want = Some(vec!["Tickets".to_string(), "Ticket".to_string(), "7".to_string()]);
        assert_eq!(segs("/api/index.php", Some("e=/Tickets/Ticket/7&apikey=k")), want);
        assert_eq!(segs("/api/index.php", Some("e=%2FTickets%2FTicket%2F7")), want);
        assert_eq!(segs("/api/index.php", Some("/Tickets/Ticket/7&apikey=k")), want);
        assert_eq!(segs("/api/index.php/Tickets/Ticket/7", Some("apikey=k")), want);
        assert_eq!(segs("/api/index.php/Tickets/Ticket/7/", None), want);
        assert_eq!(segs("/other", None), None);
        assert_eq!(segs("/api/index.phpx", None), None);
        assert_eq!(segs("/api/index.php", None), Some(vec![]));
    }

    #[test]
    fn input_follows_the_method_and_auth_reads_both() {
        let post = Call::decode(
            "POST",
            "/api/index.php",
            Some("e=/Tickets/TicketSearch&apikey=q"),
            "application/x-www-form-urlencoded",
            b"query=a+b&salt=s",
        )
        .unwrap();
        assert_eq!(post.input.get("query"), Some("a b"));
        assert_eq!(post.auth_field("apikey"), Some("q"));
        assert_eq!(post.auth_field("salt"), Some("s"));
        let json = Call::decode(
            "POST",
            "/api/index.php/Tickets/TicketSearch",
            None,
            "application/json",
            br#"{"query":"x","contents":1}"#,
        )
        .unwrap();
        assert!(json.input.flag("contents"));
        let get =
            Call::decode("GET", "/api/index.php/Base/Department", Some("count=5"), "", b"count=9").unwrap();
        assert_eq!(get.input.int("count"), Some(5));
    }
}
