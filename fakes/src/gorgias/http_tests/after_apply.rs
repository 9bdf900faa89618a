//! Faults that lose the answer of a write that was applied: through the router and on a
//! real socket. The write must be in the data and in the write log either way.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{app, basic, get, send};
use crate::control::{Fault, FaultKind};
use crate::gorgias::fixtures as fx;
use crate::gorgias::options::GorgiasOptions;
use crate::gorgias::server::FakeGorgias;

fn reply() -> serde_json::Value {
    json!({"channel": "email", "via": "api", "from_agent": true, "body_text": "Sent twice?"})
}

fn messages_path() -> String {
    format!("/api/tickets/{}/messages", fx::REFUND_TICKET_ID)
}

async fn message_count(app: &axum::Router) -> u64 {
    get(app, &format!("/api/tickets/{}", fx::REFUND_TICKET_ID)).await.json()["messages_count"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn drop_after_apply_through_the_router_aborts_the_body_but_keeps_the_write() {
    let (app, control) = app();
    control.inject(Fault::new(&messages_path(), FaultKind::DropAfterApply).with_method("POST"));
    let req = Request::builder()
        .method("POST")
        .uri(messages_path())
        .header(header::AUTHORIZATION, basic())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(reply().to_string()))
        .unwrap();
    let resp = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    assert!(axum::body::to_bytes(resp.into_body(), usize::MAX).await.is_err(), "body must abort");
    assert_eq!(message_count(&app).await, fx::REFUND_TICKET_MESSAGES as u64 + 1);
    assert_eq!(control.count_writes("POST", &messages_path()), 1);
    assert_eq!(control.writes()[0].status, 201);
    // Used up: the next write answers normally.
    assert_eq!(send(&app, "POST", &messages_path(), &reply()).await.status, StatusCode::CREATED);
    assert_eq!(control.count_writes("POST", &messages_path()), 2);
}

#[tokio::test]
async fn hang_after_apply_never_answers_but_keeps_the_write() {
    let (app, control) = app();
    control.inject(Fault::new(&messages_path(), FaultKind::HangAfterApply));
    let pending =
        tokio::time::timeout(Duration::from_millis(300), send(&app, "POST", &messages_path(), &reply()))
            .await;
    assert!(pending.is_err(), "a hanging write must not answer");
    assert_eq!(message_count(&app).await, fx::REFUND_TICKET_MESSAGES as u64 + 1);
    assert_eq!(control.writes().len(), 1);
    // A rejected request under the fault is still not a write.
    control.inject(Fault::new(&messages_path(), FaultKind::HangAfterApply));
    let bad =
        tokio::time::timeout(Duration::from_millis(200), send(&app, "POST", &messages_path(), &json!({})))
            .await;
    assert!(bad.is_err());
    assert_eq!(control.writes().len(), 1);
    assert_eq!(control.count("POST", &messages_path()), 2);
}

#[tokio::test]
async fn drop_after_apply_on_a_socket_sends_nothing() {
    let server = FakeGorgias::start(GorgiasOptions::default()).await.unwrap();
    let control = server.control();
    control.inject(Fault::new(&messages_path(), FaultKind::DropAfterApply).exact());
    let body = reply().to_string();
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        messages_path(),
        server.addr(),
        basic(),
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut raw)).await.unwrap();
    assert!(read.is_err() || raw.is_empty(), "no response bytes: {}", String::from_utf8_lossy(&raw));
    assert_eq!(control.count_writes("POST", &messages_path()), 1);
    assert_eq!(control.writes()[0].body.as_deref(), Some(body.as_str()));
}
