//! Requests to the Gorgias REST API and what their answers mean: URL building,
//! authentication (via `auth`), JSON decoding, paging, and the mapping from an
//! HTTP status to a tool error that tells the model what to do.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Gorgias;
use super::wire;
use crate::http::{HttpError, Method, Request, Response};
use crate::provider::catalogue::Endpoint;
use crate::provider::upstream;
use crate::tool::ToolError;
use crate::tool::api::{ApiRequest, ApiResponse};

/// Largest page the API serves.
pub const MAX_LIMIT: usize = 100;

pub use crate::provider::upstream::Subject;

/// Gorgias's subjects: what a "not found" means for each.
pub trait GorgiasSubject {
    /// A ticket.
    fn ticket(id: &str) -> Subject;
    /// A listing or other API resource: a 404 there means a wrong API address.
    fn api(what: &str) -> Subject;
}

impl GorgiasSubject for Subject {
    fn ticket(id: &str) -> Subject {
        Subject {
            what: format!("Ticket {id}"),
            hint: "Check the number, or find the ticket with search_tickets.",
        }
    }

    fn api(what: &str) -> Subject {
        Subject {
            what: format!("The Gorgias endpoint for {what}"),
            hint: "The configured address does not look like the Gorgias API; check GORGIAS_DOMAIN or GORGIAS_BASE_URL.",
        }
    }
}

impl Gorgias {
    /// A request to `path` (relative to the API root) with `query` pairs.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Request {
        let mut path_and_query = format!("{}{}", self.up.url.path, path);
        if !query.is_empty() {
            let mut q = form_urlencoded::Serializer::new(String::new());
            for (k, v) in query {
                q.append_pair(k, v);
            }
            path_and_query.push('?');
            path_and_query.push_str(&q.finish());
        }
        let mut headers = vec![("accept", "application/json".to_owned())];
        self.cfg.credentials.apply(&mut headers);
        let body = body.map(|b| {
            headers.push(("content-type", "application/json".to_owned()));
            b.to_string().into_bytes()
        });
        // Idempotent unless a write says otherwise.
        self.up.request(method, path_and_query, headers, body, true)
    }

    /// A GET.
    pub fn get(&self, path: &str, query: &[(&str, String)]) -> Request {
        self.request(Method::Get, path, query, None)
    }

    /// A GET of reference data, which hosts may cache for ten minutes.
    pub fn get_reference(&self, path: &str, query: &[(&str, String)]) -> Request {
        upstream::cacheable(self.get(path, query))
    }

    /// Sends requests concurrently.
    pub fn send_all(&self, requests: Vec<Request>) -> Vec<Result<Response, HttpError>> {
        self.up.send_all(requests)
    }

    /// Sends one request and decodes its JSON.
    pub fn fetch<T: DeserializeOwned>(&self, request: Request, subject: &Subject) -> Result<T, ToolError> {
        decode(self.up.send(request), subject)
    }

    /// Every page of a list (sequential: each page names the next), up to
    /// `max_pages`. Returns the items and whether the list was complete.
    pub fn all<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        max_pages: usize,
        subject: &Subject,
    ) -> Result<(Vec<T>, bool), ToolError> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..max_pages {
            let mut q = query.to_vec();
            q.push(("limit", MAX_LIMIT.to_string()));
            q.extend(cursor.take().map(|c| ("cursor", c)));
            let page: wire::List<T> = self.fetch(self.get_reference(path, &q), subject)?;
            items.extend(page.data);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok((items, true)),
            }
        }
        Ok((items, false))
    }
}

/// Sends a write (see [`crate::provider::write`]).
pub fn send_write(g: &Gorgias, request: Request, action: &str, check: &str) -> Result<Response, ToolError> {
    g.up.send_write(request, action, check)
}

/// Sends one catalogue operation and returns its status and JSON.
pub fn call_endpoint(g: &Gorgias, endpoint: &Endpoint, req: &ApiRequest) -> Result<ApiResponse, ToolError> {
    let query: Vec<(&str, String)> = req.query.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let mut request = g.request(endpoint.method, &req.path, &query, req.body.as_ref());
    request.idempotent = endpoint.idempotent;
    if endpoint.read {
        request = request.read_only();
    }
    let response =
        send_write(g, request, &format!("`{}` on {}", endpoint.id, req.path), "a read of the same resource")?;
    if !response.is_success() {
        return Err(failure(&response, &Subject::raw(&req.path)));
    }
    Ok(ApiResponse { status: response.status, body: upstream::raw_body(&response.body, |_| None) })
}

/// Decodes a 2xx JSON body into `T`, or maps the failure.
pub fn decode<T: DeserializeOwned>(
    result: Result<Response, HttpError>,
    subject: &Subject,
) -> Result<T, ToolError> {
    upstream::decode_json(result, subject, failure)
}

/// The tool error for a non-2xx response.
pub fn failure(response: &Response, subject: &Subject) -> ToolError {
    let message = || {
        serde_json::from_slice::<wire::ErrorBody>(&response.body)
            .ok()
            .and_then(|b| b.error.msg)
            .and_then(|m| ToolError::api_message(&m))
    };
    match response.status {
        401 => ToolError::Credentials {
            hint: "Check GORGIAS_EMAIL and GORGIAS_API_KEY (Gorgias → Settings → REST API) and that GORGIAS_DOMAIN is the account the key belongs to.",
        },
        403 => ToolError::Forbidden { message: message() },
        404 => ToolError::NotFound { what: subject.what.clone(), hint: subject.hint.to_owned() },
        429 => upstream::rate_limited(response, Some("x-gorgias-account-api-call-limit")),
        status @ 300..=399 => ToolError::Redirected { status },
        status => ToolError::Upstream { status, message: message() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str, headers: &[(&str, &str)]) -> Response {
        Response {
            status,
            headers: headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            body: body.as_bytes().to_vec(),
            retried: Vec::new(),
        }
    }

    #[test]
    fn statuses_map_to_errors_that_say_what_to_do() {
        let s = Subject::ticket("4521");
        assert!(matches!(failure(&response(401, "", &[]), &s), ToolError::Credentials { .. }));
        let e = failure(&response(404, r#"{"error":{"msg":"Resource not found."}}"#, &[]), &s);
        assert_eq!(
            e.to_string(),
            "Ticket 4521 was not found. Check the number, or find the ticket with search_tickets."
        );
        let e = failure(
            &response(429, "", &[("retry-after", "7"), ("x-gorgias-account-api-call-limit", "40/40")]),
            &s,
        );
        assert!(e.to_string().contains("Wait 7 s") && e.to_string().contains("40/40"));
        let e = failure(&response(400, r#"{"error":{"msg":"limit: Must be at most 100"}}"#, &[]), &s);
        assert!(e.to_string().contains("\"limit: Must be at most 100\""));
        assert!(matches!(
            failure(&response(302, "", &[("location", "https://evil.test/")]), &s),
            ToolError::Redirected { status: 302 }
        ));
    }

    #[test]
    fn raw_non_json_bodies_never_reach_the_message() {
        let e =
            failure(&response(500, "<html>stack trace with secrets</html>", &[]), &Subject::api("tickets"));
        assert!(!e.to_string().contains("secrets"));
    }

    #[test]
    fn decode_reports_shape_errors_without_the_body() {
        let r = decode::<wire::Ticket>(
            Ok(response(200, r#"{"id":"not-a-number","subject":"private text"}"#, &[])),
            &Subject::ticket("1"),
        );
        let e = r.unwrap_err().to_string();
        assert!(e.contains("could not be read") && !e.contains("private text"), "{e}");
    }
}
