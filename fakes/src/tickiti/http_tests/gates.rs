//! Authentication, abilities, role and plan (in Laravel's order, before validation),
//! strict bodies, rate limits and faults.

use axum::http::StatusCode;

use super::{app, post, read};
use crate::control::{Fault, FaultKind, RateLimit};
use crate::tickiti::fixtures as fx;
use crate::tickiti::gate;
use crate::tickiti::options::TickitiOptions;

#[tokio::test]
async fn a_missing_ability_is_named_before_the_body_is_validated() {
    let (app, _) = app();
    let r = post(&app, "tickets/respond", fx::READ_TOKEN, "{}", None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json["required"]["ability"], "tickets:write");
    let r = post(&app, "tickets/respond", fx::AGENT_TOKEN, "{}", None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "write implies read, and the ability is there");
    assert!(r.json["errors"]["ticket_number"].is_array() && r.json["errors"]["from_email"].is_array());
    let r = post(&app, "supervisor/tickets/assign", fx::AGENT_TOKEN, "{}", None).await;
    assert_eq!(r.json["required"]["role"], "admin");
    let r = post(&app, "tickets/show", "wrong", "{}", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = post(&app, "tickets/nope", fx::FULL_TOKEN, "{}", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_plan_gates_reports() {
    let opts = TickitiOptions { plan: vec!["has_escalations"], ..TickitiOptions::default() };
    let (app, _, _) = gate::build(&opts, super::NOW);
    let r = post(&app, "reports/volumes", fx::FULL_TOKEN, "{}", None).await;
    assert_eq!((r.status, r.json["required"]["plan"].as_str()), (StatusCode::FORBIDDEN, Some("has_reports")));
}

#[tokio::test]
async fn unknown_fields_and_wrong_types_are_refused() {
    let (app, _) = app();
    let r = read(&app, "tickets/show", r#"{"ticket_number":"220009","include":"all"}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json["errors"]["include"].is_array(), "{}", r.json);
    let r = read(&app, "tickets/query", r#"{"search_object":{"colour":"red"}}"#).await;
    assert!(r.json["errors"]["search_object.colour"].is_array(), "{}", r.json);
    let r = read(&app, "tickets/responses/query", r#"{"limit":"ten"}"#).await;
    assert!(r.json["errors"]["limit"].is_array(), "{}", r.json);
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after_and_faults_fire() {
    let (app, control) = app();
    control.set_rate_limit(Some(RateLimit { capacity: 1, leak_per_sec: 0.01 }));
    assert_eq!(read(&app, "settings/statuses", "{}").await.status, StatusCode::OK);
    let r = read(&app, "settings/statuses", "{}").await;
    assert_eq!(
        (r.status, r.json["error"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("too_many_requests"))
    );
    control.set_rate_limit(None);
    control.inject(Fault::new(
        "/api/v1/workflow/queues",
        FaultKind::Status { code: 503, body: None, retry_after: None },
    ));
    assert_eq!(read(&app, "workflow/queues", "{}").await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(read(&app, "workflow/queues", "{}").await.status, StatusCode::OK);
}
