//! Requests to the Kayako Classic REST API and what their answers mean: the
//! documented `index.php?e=/Controller/Action/…` routing, signing (via
//! `signature`), XML decoding, and the mapping from a status and Kayako's
//! plain-text error bodies (`Ticket not Found`) to tool errors.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use serde_json::Value;

use super::Kayako;
use super::xml::{self, Element};
use crate::http::{HttpError, Method, Request, Response};
use crate::provider::catalogue::Endpoint;
use crate::provider::upstream;
use crate::tool::ToolError;
use crate::tool::api::{ApiRequest, ApiResponse};

/// Characters escaped in the `e=` route: everything but unreserved ones and
/// `/`, so routes read as the docs write them (`e=/Tickets/Ticket/ABC-1-2`).
const ROUTE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'_').remove(b'.').remove(b'~');

pub use crate::provider::upstream::Subject;

/// Kayako's subjects: what a "not found" means for each.
pub trait KayakoSubject {
    /// A ticket by the id the caller gave.
    fn ticket(id: &str) -> Subject;
    /// A controller: a 404 there means a wrong API address.
    fn api(what: &str) -> Subject;
}

impl KayakoSubject for Subject {
    fn ticket(id: &str) -> Subject {
        Subject {
            what: format!("Ticket {id}"),
            hint: "There is no ticket with that id; check it (display ids look like ABC-123-45678), or find the ticket with search_tickets.",
        }
    }

    fn api(what: &str) -> Subject {
        Subject {
            what: format!("The Kayako endpoint for {what}"),
            hint: "The configured address does not look like the Kayako Classic REST API; check KAYAKO_API_URL (usually https://your-helpdesk/api/index.php) and that the REST API is enabled.",
        }
    }
}

/// One path segment (an id or a filter), escaped for the route.
pub fn seg(value: &str) -> String {
    utf8_percent_encode(value, ROUTE).to_string()
}

impl Kayako {
    /// A signed request for `route` (e.g. `/Tickets/Ticket/12`) with `params`:
    /// in the query for GET and DELETE, in a form body for POST and PUT.
    pub fn request(&self, method: Method, route: &str, params: &[(&str, String)]) -> Request {
        self.request_signed(method, route, params, self.cfg.signer.fields())
    }

    fn request_signed(
        &self,
        method: Method,
        route: &str,
        params: &[(&str, String)],
        auth: [(&'static str, String); 3],
    ) -> Request {
        let mut path_and_query = format!("{}?e={}", self.up.url.path, utf8_percent_encode(route, ROUTE));
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (k, v) in params.iter().map(|(k, v)| (*k, v)).chain(auth.iter().map(|(k, v)| (*k, v))) {
            form.append_pair(k, v);
        }
        let encoded = form.finish();
        let mut headers = vec![("accept", "text/xml".to_owned())];
        let body = match method {
            Method::Get | Method::Delete => {
                path_and_query.push('&');
                path_and_query.push_str(&encoded);
                None
            }
            Method::Post | Method::Put | Method::Patch => {
                headers.push(("content-type", "application/x-www-form-urlencoded".to_owned()));
                Some(encoded.into_bytes())
            }
        };
        let idempotent = matches!(method, Method::Get | Method::Put | Method::Delete);
        self.up.request(method, path_and_query, headers, body, idempotent)
    }

    /// A GET.
    pub fn get(&self, route: &str) -> Request {
        self.request(Method::Get, route, &[])
    }

    /// A GET of reference data a caching host may keep for ten minutes. It
    /// is signed with a fresh salt like any other request; the host leaves
    /// `salt` and `signature` out of its cache key.
    pub fn get_reference(&self, route: &str) -> Request {
        upstream::cacheable(self.get(route))
    }

    /// Sends requests concurrently.
    pub fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
        self.up.send_all(requests)
    }

    /// Sends one request and parses its XML.
    pub fn fetch(&self, request: Request, subject: &Subject) -> Result<Element, ToolError> {
        decode(self.up.send(request), subject)
    }

    /// Sends a write (see [`crate::provider::write`]).
    pub fn send_write(&self, request: Request, action: &str, check: &str) -> Result<Response, ToolError> {
        self.up.send_write(request, action, check)
    }
}

/// Sends one catalogue operation; body fields travel as form fields, and the
/// XML answer comes back as JSON (`{root: {...}}`).
pub fn call_endpoint(k: &Kayako, endpoint: &Endpoint, req: &ApiRequest) -> Result<ApiResponse, ToolError> {
    let mut params: Vec<(&str, String)> = req.query.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    if let Some(Value::Object(fields)) = &req.body {
        for (name, value) in fields {
            let text = match value {
                Value::Null => continue,
                Value::String(s) => s.clone(),
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            params.push((name.as_str(), text));
        }
    }
    let mut request = k.request(endpoint.method, &req.path, &params);
    request.idempotent = endpoint.idempotent;
    if endpoint.read {
        request = request.read_only();
    }
    let response =
        k.send_write(request, &format!("`{}` on {}", endpoint.id, req.path), "a read of the same record")?;
    if !response.is_success() {
        return Err(failure(&response, &Subject::raw(&req.path)));
    }
    let body = upstream::raw_body(&response.body, |bytes| {
        let root = xml::parse(bytes).ok()?;
        let mut map = serde_json::Map::new();
        map.insert(root.name.clone(), xml::to_json(&root));
        Some(Value::Object(map))
    });
    Ok(ApiResponse { status: response.status, body })
}

/// Parses a 2xx XML body, or maps the failure.
pub fn decode(result: Result<Response, HttpError>, subject: &Subject) -> Result<Element, ToolError> {
    let response = result?;
    if !response.is_success() {
        return Err(failure(&response, subject));
    }
    xml::parse(&response.body).map_err(|e| ToolError::InvalidResponse {
        detail: format!("HTTP {} for {}: {e}", response.status, subject.what.to_lowercase()),
    })
}

/// Kayako's error bodies are short plain text (`Ticket not Found`, `Not
/// Implemented, Call …`). Quoted only when they look like that: one short
/// line, no markup, so an HTML error page never reaches a message.
pub fn plain_message(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    if text.is_empty() || text.len() > 300 || text.contains('<') || text.contains('\n') {
        return None;
    }
    ToolError::api_message(text)
}

/// The tool error for a non-2xx response.
pub fn failure(response: &Response, subject: &Subject) -> ToolError {
    let message = plain_message(&response.body);
    match response.status {
        401 => ToolError::Credentials {
            hint: "Check KAYAKO_API_KEY and KAYAKO_SECRET_KEY (Admin CP → REST API → API Information) and that KAYAKO_API_URL is the helpdesk they belong to.",
        },
        403 => ToolError::Forbidden { message },
        // Kayako says which record is missing in plain text; anything else
        // (a web server's page) means the address is not the API.
        404 if message.as_deref().is_some_and(|m| m.to_ascii_lowercase().contains("not found")) => {
            ToolError::NotFound { what: subject.what.clone(), hint: subject.hint.to_owned() }
        }
        404 => {
            let api = Subject::api("this request");
            ToolError::NotFound { what: api.what, hint: api.hint.to_owned() }
        }
        429 => upstream::rate_limited(response, None),
        status @ 300..=399 => ToolError::Redirected { status },
        status => ToolError::Upstream { status, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::kayako_classic::test_support::kayako;

    fn response(status: u16, body: &[u8]) -> Response {
        Response { status, headers: vec![], body: body.to_vec(), retried: Vec::new() }
    }

    #[test]
    fn gets_carry_the_route_and_signature_in_the_query() {
        let k = kayako("https://support.example.com/api/index.php?");
        let r = k.get(&format!("/Tickets/Ticket/{}", seg("ABC-123-45678")));
        assert!(
            r.path_and_query.starts_with("/api/index.php?e=/Tickets/Ticket/ABC-123-45678&apikey=key-1&salt="),
            "{}",
            r.path_and_query
        );
        assert!(r.path_and_query.contains("&signature=") && r.body.is_none());
        assert!(!r.path_and_query.contains("s3cret"));
        assert_eq!(format!("{r:?}"), "GET /api/index.php");
    }

    #[test]
    fn posts_carry_auth_in_the_form_body() {
        let k = kayako("https://support.example.com/api/index.php/");
        let r = k.request(Method::Post, "/Tickets/TicketSearch", &[("query", "a b&c".into())]);
        assert_eq!(r.path_and_query, "/api/index.php?e=/Tickets/TicketSearch");
        let body = String::from_utf8(r.body.unwrap()).unwrap();
        assert!(
            body.starts_with("query=a+b%26c&apikey=key-1&salt=") && body.contains("&signature="),
            "{body}"
        );
        assert!(!r.idempotent);
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(body.as_bytes()).map(|(a, b)| (a.into_owned(), b.into_owned())).collect();
        let salt = &pairs.iter().find(|(k, _)| k == "salt").unwrap().1;
        let sig = &pairs.iter().find(|(k, _)| k == "signature").unwrap().1;
        assert_eq!(*sig, k.cfg.signer.signature(salt));
    }

    #[test]
    fn reference_gets_are_cacheable_and_freshly_salted() {
        let k = kayako("http://127.0.0.1:9/api/index.php");
        let (a, b) = (k.get_reference("/Base/Department"), k.get_reference("/Base/Department"));
        assert_ne!(a.path_and_query, b.path_and_query, "a fresh salt every time");
        assert!(a.headers.iter().any(|(h, v)| *h == "cache-control" && v == "max-age=600"));
    }

    #[test]
    fn plain_text_errors_map_to_clear_tool_errors() {
        let s = Subject::ticket("ABC-123-45678");
        let e = failure(&response(404, b"Ticket not Found"), &s).to_string();
        assert!(e.starts_with("Ticket ABC-123-45678 was not found."), "{e}");
        let e = failure(&response(404, b"<html>Not Found</html>"), &s).to_string();
        assert!(e.contains("KAYAKO_API_URL"), "{e}");
        let e = failure(&response(400, b"Not Implemented, Call /Tickets/Ticket/ListAll instead."), &s);
        assert!(e.to_string().contains("\"Not Implemented, Call /Tickets/Ticket/ListAll instead.\""));
        assert!(matches!(failure(&response(401, b"Access Denied"), &s), ToolError::Credentials { .. }));
        let e = failure(&response(500, b"<b>Fatal error</b> in /var/www/secret.php"), &s).to_string();
        assert!(!e.contains("secret"), "{e}");
    }

    #[test]
    fn malformed_xml_is_an_invalid_response() {
        let e = decode(Ok(response(200, b"<tickets><ticket>")), &Subject::api("tickets")).unwrap_err();
        assert!(matches!(e, ToolError::InvalidResponse { .. }), "{e}");
    }
}
