//! Kayako's answers: XML documents, and errors as a status with a short plain-text body
//! (`SWIFT_RESTServer::DispatchStatus`), never XML. PHP's default `text/html` content type
//! is kept on the error bodies because DispatchStatus only echoes the text.

use axum::http::StatusCode;
use axum::response::Response;

use super::xml::Xml;
use crate::control::faults::{Dialect, typed};

/// The 401 body for a missing or wrong api key, salt or signature.
pub(crate) const ACCESS_DENIED: &str = "Access Denied";
/// The 404 body for an unknown or mask-less ticket id.
pub(crate) const TICKET_NOT_FOUND: &str = "Ticket not Found";
/// The 404 body for an unknown post.
pub(crate) const POST_NOT_FOUND: &str = "Ticket Post not Found";

/// An XML document, 200.
pub(crate) fn xml(body: Xml) -> Response {
    xml_status(StatusCode::OK, body)
}

/// An XML document with another status (201 on create).
pub(crate) fn xml_status(status: StatusCode, body: Xml) -> Response {
    let mut resp = Response::new(axum::body::Body::from(body.finish()));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/xml; charset=UTF-8"),
    );
    resp
}

/// A status with a plain-text body.
pub(crate) fn text(status: StatusCode, body: impl Into<String>) -> Response {
    typed(status, body.into(), "text/html; charset=UTF-8")
}

/// 400 with its text.
pub(crate) fn bad_request(body: impl Into<String>) -> Response {
    text(StatusCode::BAD_REQUEST, body)
}

/// 404 with its text.
pub(crate) fn not_found(body: impl Into<String>) -> Response {
    text(StatusCode::NOT_FOUND, body)
}

/// The text a fault without an explicit body sends for `code`.
pub(crate) fn documented_text(code: u16) -> &'static str {
    match code {
        400 => "Bad Request",
        401 => ACCESS_DENIED,
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

/// The Kayako [`Dialect`]: plain-text errors, XML bodies.
pub(crate) struct Plain;

impl Dialect for Plain {
    fn status(&self, status: StatusCode, body: Option<String>) -> Response {
        let body = body.unwrap_or_else(|| documented_text(status.as_u16()).to_string());
        text(status, body)
    }

    fn huge(&self, _path: &str, bytes: usize) -> Response {
        xml(huge_tickets(bytes))
    }

    fn content_type(&self) -> &'static str {
        "text/xml; charset=UTF-8"
    }

    fn error_text(&self, message: &str) -> String {
        message.to_owned()
    }

    /// Appends the echo inside every `<subject>` CDATA section.
    fn reflect(&self, body: &[u8], echo: &str) -> Vec<u8> {
        const OPEN: &str = "<subject><![CDATA[";
        const CLOSE: &str = "]]></subject>";
        let safe = echo.replace("]]>", "]]]]><![CDATA[>");
        let text = String::from_utf8_lossy(body);
        text.replace(CLOSE, &format!(" {safe}{CLOSE}"))
            .replace("<subject />", &format!("{OPEN}{safe}{CLOSE}"))
            .into_bytes()
    }
}

/// A well-formed `<tickets>` document padded by one subject to about `bytes` bytes.
pub(crate) fn huge_tickets(bytes: usize) -> Xml {
    let frame = |subject: &str| {
        let mut x = Xml::new();
        x.open("tickets", &[]);
        x.open("ticket", &[("id", "1"), ("flagtype", "0")]);
        x.leaf("subject", subject);
        x.close("ticket");
        x.close("tickets");
        x
    };
    let overhead = frame("x").finish().len() - 1;
    frame(&"x".repeat(bytes.saturating_sub(overhead).max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_tickets_has_the_requested_size() {
        assert_eq!(huge_tickets(50_000).finish().len(), 50_000);
    }
}
