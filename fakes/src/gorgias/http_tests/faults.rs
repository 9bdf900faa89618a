//! Fault injection through the router: statuses, hangs, redirects, broken bodies.

use std::time::Duration;

use axum::http::StatusCode;

use super::{app, get, msg, send_with};
use crate::control::{Fault, FaultKind};

fn status(code: u16, retry_after: Option<u64>) -> FaultKind {
    FaultKind::Status { code, body: None, retry_after }
}

#[tokio::test]
async fn status_faults_are_used_up_in_order() {
    let (app, control) = app();
    control.inject(Fault::new("/api/tickets", status(503, None)).with_times(2));
    control.inject(Fault::new("/api/tickets", status(429, Some(7))).with_method("GET"));
    for _ in 0..2 {
        let r = get(&app, "/api/tickets").await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(msg(&r), "An external service had an issue.");
        assert!(r.header("x-gorgias-account-api-call-limit").is_some());
    }
    let r = get(&app, "/api/tickets").await;
    assert_eq!((r.status, r.header("retry-after")), (StatusCode::TOO_MANY_REQUESTS, Some("7")));
    assert_eq!(get(&app, "/api/tickets").await.status, StatusCode::OK);
    // Faults fire before auth and are still recorded.
    control.inject(Fault::new(
        "/api/users",
        FaultKind::Status { code: 500, body: Some("{\"boom\":1}".into()), retry_after: None },
    ));
    let r = send_with(&app, "GET", "/api/users", None, false).await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::INTERNAL_SERVER_ERROR, "{\"boom\":1}"));
    assert_eq!(control.count("GET", "/api/tickets"), 4);
    assert!(!control.requests().last().unwrap().authorized);
}

#[tokio::test]
async fn method_filter_and_clear() {
    let (app, control) = app();
    control.inject(Fault::new("/api/search", status(500, None)).with_method("POST").with_times(5));
    assert_eq!(get(&app, "/api/search").await.status, StatusCode::METHOD_NOT_ALLOWED);
    let r = send_with(&app, "POST", "/api/search", Some("{}"), true).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    control.clear_faults();
    let r = send_with(&app, "POST", "/api/search", Some(r#"{"type":"tag","query":"vip"}"#), true).await;
    assert_eq!(r.status, StatusCode::CREATED);
    control.inject(Fault::new("/api", status(500, None)).with_times(0));
    assert_eq!(get(&app, "/api/account").await.status, StatusCode::OK);
}

#[tokio::test]
async fn hang_never_answers() {
    let (app, control) = app();
    control.inject(Fault::new("/api/tickets/4521", FaultKind::Hang));
    let pending = tokio::time::timeout(Duration::from_millis(300), get(&app, "/api/tickets/4521")).await;
    assert!(pending.is_err(), "a hanging request must not answer");
    assert_eq!(get(&app, "/api/tickets/4521").await.status, StatusCode::OK);
    assert_eq!(control.count("GET", "/api/tickets/4521"), 2);
}

#[tokio::test]
async fn redirects_and_broken_bodies() {
    let (app, control) = app();
    control.inject(Fault::new(
        "/api/account",
        FaultKind::Redirect { location: "https://elsewhere.test/api/account".into() },
    ));
    let r = get(&app, "/api/account").await;
    assert_eq!(
        (r.status, r.header("location")),
        (StatusCode::FOUND, Some("https://elsewhere.test/api/account"))
    );
    control.inject(Fault::new("/api/account", FaultKind::InvalidJson));
    let r = get(&app, "/api/account").await;
    assert_eq!(
        (r.status, r.text.as_str(), r.header("content-type")),
        (StatusCode::OK, "{not json", Some("application/json"))
    );
    control.inject(Fault::new("/api/tickets", FaultKind::Huge { bytes: 3_000_000 }));
    let r = get(&app, "/api/tickets").await;
    assert_eq!(r.text.len(), 3_000_000);
    assert_eq!(r.json()["object"], "list");
    control.inject(Fault::new("/api/account", FaultKind::DropConnection));
    let req = axum::http::Request::builder().uri("/api/account").body(axum::body::Body::empty()).unwrap();
    let resp = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    assert!(axum::body::to_bytes(resp.into_body(), usize::MAX).await.is_err(), "body must abort");
}
