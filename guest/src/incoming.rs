//! The `wasi:http/incoming-handler` export: reads the request, lets `mcp`
//! answer it, writes the response. Only byte shuffling lives here.

use wasip2::http::types::{
    Fields, IncomingBody, IncomingRequest, Method, OutgoingBody, OutgoingResponse, ResponseOutparam,
};
use wasip2::io::streams::StreamError;

use crate::bindings::exports::wasi::http::incoming_handler::Guest;
use crate::config::Env;
use crate::export::Component;
use crate::http::wasi::WasiTransport;
use crate::http::{Limits, Transport};
use crate::{mcp, rebinding};

impl Guest for Component {
    fn handle(request: IncomingRequest, out: ResponseOutparam) {
        let method = match request.method() {
            Method::Get => "GET".to_owned(),
            Method::Post => "POST".to_owned(),
            Method::Put => "PUT".to_owned(),
            Method::Delete => "DELETE".to_owned(),
            Method::Options => "OPTIONS".to_owned(),
            Method::Head => "HEAD".to_owned(),
            Method::Patch => "PATCH".to_owned(),
            Method::Connect => "CONNECT".to_owned(),
            Method::Trace => "TRACE".to_owned(),
            Method::Other(m) => m,
        };
        let path = request.path_with_query().unwrap_or_else(|| "/".to_owned());
        let headers: Vec<(String, String)> = {
            let fields = request.headers();
            let entries = fields.entries();
            drop(fields); // a child of the request: gone before the request is.
            entries.into_iter().map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned())).collect()
        };
        let head = mcp::Head { method: &method, path: &path, headers: &headers };
        let env = Env::from_process();
        // Refuse what the head already rules out without reading the body.
        let checked = rebinding::check(&head, request.authority().as_deref(), &env)
            .and_then(|()| mcp::check_head(&head));
        let reply = match checked {
            Err(reply) => reply,
            Ok(()) => match read_body(&request) {
                Some(body) => {
                    let connect =
                        |limits: Limits| -> Box<dyn Transport> { Box::new(WasiTransport::new(limits)) };
                    mcp::handle_body(&head, &body, &env, &connect)
                }
                None => mcp::too_large(),
            },
        };
        drop(request);
        respond(out, reply);
    }
}

/// The body, or `None` when it is larger than [`mcp::MAX_BODY`].
fn read_body(request: &IncomingRequest) -> Option<Vec<u8>> {
    let Ok(body) = request.consume() else { return Some(Vec::new()) };
    let mut buf = Vec::new();
    {
        let Ok(stream) = body.stream() else { return Some(Vec::new()) };
        loop {
            match stream.blocking_read(64 * 1024) {
                Ok(chunk) => {
                    buf.extend_from_slice(&chunk);
                    if buf.len() > mcp::MAX_BODY {
                        return None;
                    }
                }
                Err(StreamError::Closed) => break,
                Err(StreamError::LastOperationFailed(_)) => break,
            }
        }
        // The stream (a child of the body) drops here, before the body.
    }
    drop(IncomingBody::finish(body));
    Some(buf)
}

fn respond(out: ResponseOutparam, reply: mcp::Reply) {
    let entries: Vec<(String, Vec<u8>)> =
        reply.headers.iter().map(|(k, v)| ((*k).to_owned(), v.as_bytes().to_vec())).collect();
    let headers = Fields::from_list(&entries).unwrap_or_else(|_| Fields::new());
    let response = OutgoingResponse::new(headers);
    let _ = response.set_status_code(reply.status);
    let Ok(body) = response.body() else { return };
    ResponseOutparam::set(out, Ok(response));
    if let Ok(stream) = body.write() {
        for chunk in reply.body.chunks(4096) {
            if stream.blocking_write_and_flush(chunk).is_err() {
                break;
            }
        }
    }
    let _ = OutgoingBody::finish(body, None);
}
