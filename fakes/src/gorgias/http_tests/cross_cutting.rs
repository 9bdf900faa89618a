//! Auth, the usage header, unknown routes and methods, trailing slashes, throttling,
//! latency and the request log.

use std::time::{Duration, Instant};

use axum::http::StatusCode;

use super::{app, get, msg, send_with};
use crate::gorgias::options::RateLimit;

#[tokio::test]
async fn rejects_missing_or_wrong_credentials() {
    let (app, control) = app();
    let r = send_with(&app, "GET", "/api/tickets", None, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(msg(&r), "Authentication failed: invalid email or API key.");
    assert!(r.header("x-gorgias-account-api-call-limit").is_some());
    let req = axum::http::Request::builder()
        .uri("/api/tickets")
        .header("authorization", "Basic YXBpQG5vcnRod2luZC50ZXN0Ondyb25n")
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let log = control.requests();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|r| !r.authorized && r.path == "/api/tickets"));
    assert_eq!(get(&app, "/api/tickets?limit=1").await.status, StatusCode::OK);
    assert!(control.requests()[2].authorized);
}

#[tokio::test]
async fn every_response_carries_the_usage_header() {
    let (app, _) = app();
    for (uri, status) in [("/api/account", 200), ("/api/nope", 404), ("/api/tickets?limit=500", 400)] {
        let r = get(&app, uri).await;
        assert_eq!(r.status.as_u16(), status, "{uri}");
        let usage = r.header("x-gorgias-account-api-call-limit").unwrap();
        let (used, limit) = usage.split_once('/').unwrap();
        assert_eq!(limit, "40");
        assert!(used.parse::<u32>().unwrap() >= 1);
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn unknown_routes_wrong_methods_and_trailing_slashes() {
    let (app, _) = app();
    let r = get(&app, "/api/widgets/9").await;
    assert_eq!((r.status, msg(&r).as_str()), (StatusCode::NOT_FOUND, "Resource not found."));
    let r = send_with(&app, "DELETE", "/api/tags", None, true).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(msg(&r), "The specified HTTP method is not allowed.");
    assert_eq!(get(&app, "/api/tickets/abc").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/api/tickets/999999").await.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/api/tickets/4521/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["id"], 4521);
    assert_eq!(get(&app, "/api/tickets/?limit=2").await.json()["data"].as_array().unwrap().len(), 2);
    let account = get(&app, "/api/account").await.json();
    assert_eq!(account["domain"], "northwind");
    assert_eq!(account["status"]["status"], "active");
}

#[tokio::test]
async fn leaky_bucket_answers_429_with_retry_after() {
    let (app, control) = app();
    control.set_rate_limit(Some(RateLimit { capacity: 3, leak_per_sec: 0.5 }));
    for expected in 1..=3 {
        let r = get(&app, "/api/account").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("x-gorgias-account-api-call-limit"), Some(format!("{expected}/3").as_str()));
    }
    let r = get(&app, "/api/account").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(msg(&r), "Too many requests.");
    assert_eq!(r.header("retry-after"), Some("2"));
    assert_eq!(r.header("x-gorgias-account-api-call-limit"), Some("3/3"));
    control.set_rate_limit(None);
    assert_eq!(get(&app, "/api/account").await.status, StatusCode::OK);
}

#[tokio::test]
async fn latency_is_read_per_request() {
    let (app, control) = app();
    control.set_latency(Duration::from_millis(120));
    let started = Instant::now();
    get(&app, "/api/account").await;
    assert!(started.elapsed() >= Duration::from_millis(120));
    control.set_latency(Duration::ZERO);
    let started = Instant::now();
    get(&app, "/api/account").await;
    assert!(started.elapsed() < Duration::from_millis(120));
}

#[tokio::test]
async fn request_log_keeps_method_path_query_and_body() {
    let (app, control) = app();
    get(&app, "/api/tickets?limit=5&ticket_ids=1").await;
    send_with(&app, "POST", "/api/search", Some(r#"{"type":"tag","query":"ref"}"#), true).await;
    let log = control.requests();
    assert_eq!(log[0].query.as_deref(), Some("limit=5&ticket_ids=1"));
    assert_eq!(log[0].body, None);
    assert_eq!(log[1].method, "POST");
    assert!(log[1].body.as_deref().unwrap().contains("\"ref\""));
    assert_eq!(control.count("get", "/api/tickets"), 1);
    assert_eq!(control.count("GET", "/api/search"), 0);
    assert_eq!(control.request_count(), 2);
    control.reset_requests();
    assert_eq!(control.request_count(), 0);
}

#[tokio::test]
async fn search_takes_every_documented_type() {
    let (app, _control) = app();
    let body = |kind: &str, query: &str| format!(r#"{{"type":"{kind}","query":"{query}"}}"#);
    let r =
        send_with(&app, "POST", "/api/search", Some(&body("customer_channel_email", "alice.johnson")), true)
            .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["data"][0]["email"], crate::gorgias::fixtures::ALICE_EMAIL);
    let alice = r.json()["data"][0]["channels"].clone();
    let phone =
        alice.as_array().and_then(|c| c.iter().find(|c| c["type"] == "phone")).map(|c| c["address"].clone());
    let phone = phone.and_then(|p| p.as_str().map(str::to_owned)).unwrap_or_default();
    assert!(!phone.is_empty(), "{alice}");
    let r = send_with(&app, "POST", "/api/search", Some(&body("customers_by_phone", &phone)), true).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["data"][0]["id"], crate::gorgias::fixtures::ALICE_CUSTOMER_ID);
    let r = send_with(&app, "POST", "/api/search", Some(&body("planets", "x")), true).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
