//! Writes: create and respond, idempotent replay and 409, and the write log.

use axum::http::StatusCode;

use super::{app, post};
use crate::tickiti::fixtures as fx;

fn respond(text: &str) -> String {
    format!(
        r#"{{"ticket_number":"{}","from_email":"{}","content":"<p>{text}</p>"}}"#,
        fx::RETURN_TICKET,
        fx::TOMAS_EMAIL
    )
}

#[tokio::test]
async fn the_same_key_replays_and_a_different_payload_conflicts() {
    let (app, control) = app();
    let a = post(&app, "tickets/respond", fx::AGENT_TOKEN, &respond("Hello"), Some("k-1")).await;
    assert_eq!((a.status, a.replayed), (StatusCode::OK, false));
    let b = post(&app, "tickets/respond", fx::AGENT_TOKEN, &respond("Hello"), Some("k-1")).await;
    assert!(b.replayed);
    assert_eq!(b.json["data"]["response_id"], a.json["data"]["response_id"]);
    let c = post(&app, "tickets/respond", fx::AGENT_TOKEN, &respond("Other"), Some("k-1")).await;
    assert_eq!(
        (c.status, c.json["error"].as_str()),
        (StatusCode::CONFLICT, Some("idempotency_key_conflict"))
    );
    assert_eq!(control.count_writes("POST", "/api/v1/tickets/respond"), 1);
}

#[tokio::test]
async fn create_takes_subject_and_content_inside_data_or_a_template() {
    let (app, _) = app();
    let r = post(
        &app,
        "tickets",
        fx::AGENT_TOKEN,
        r#"{"originator_email_address":"a@b.test","subject":"x"}"#,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "subject belongs inside data");
    let r =
        post(&app, "tickets", fx::AGENT_TOKEN, r#"{"originator_email_address":"a@b.test","data":{}}"#, None)
            .await;
    assert!(r.json["errors"]["data.subject"].is_array(), "{}", r.json);
    let r = post(&app, "tickets", fx::AGENT_TOKEN, r#"{"originator_email_address":"a@b.test","data":{"subject":"S","content":"<p>C</p>"},"queue_name":"Returns"}"#, None).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json["data"]["queue"], "Returns");
    let body = format!(
        r#"{{"originator_email_address":"a@b.test","template_identifier":"{}"}}"#,
        fx::DAMAGED_TEMPLATE
    );
    let r = post(&app, "tickets", fx::AGENT_TOKEN, &body, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
}

#[tokio::test]
async fn respond_checks_the_staff_email_and_puts_on_hold() {
    let (app, _) = app();
    let body = format!(
        r#"{{"ticket_number":"{}","from_email":"someone@else.test","content":"x"}}"#,
        fx::RETURN_TICKET
    );
    let r = post(&app, "tickets/respond", fx::AGENT_TOKEN, &body, None).await;
    assert!(r.json["errors"]["from_email"].is_array());
    let body = format!(
        r#"{{"ticket_number":"{}","from_email":"{}","content":"x","status":"on-hold","on_hold_until":"2030-01-02"}}"#,
        fx::RETURN_TICKET,
        fx::TOMAS_EMAIL
    );
    assert_eq!(post(&app, "tickets/respond", fx::AGENT_TOKEN, &body, None).await.status, StatusCode::OK);
    let show = post(
        &app,
        "tickets/show",
        fx::READ_TOKEN,
        &format!(r#"{{"ticket_number":"{}"}}"#, fx::RETURN_TICKET),
        None,
    )
    .await;
    assert_eq!(show.json["data"]["ticket"]["on_hold_until"], "2030-01-02");
    assert_eq!(show.json["data"]["ticket"]["status"], "On Hold");
}
