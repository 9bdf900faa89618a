//! Ticket and message writes: what they answer, what later reads see, and what the write
//! log keeps.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{app, get, msg, send, send_with};
use crate::gorgias::fixtures as fx;

fn new_ticket() -> Value {
    json!({
        "customer": {"email": "new.person@example.net", "name": "New Person"},
        "channel": "email", "via": "api", "subject": "Where is my parcel?",
        "priority": "high", "assignee_user": {"id": fx::SARAH_AGENT_ID},
        "assignee_team": {"id": fx::TIER1_TEAM_ID},
        "tags": [{"name": "brand-new-tag"}, {"id": fx::REFUND_TAG_ID}],
        "messages": [{
            "channel": "email", "via": "api", "from_agent": false,
            "sender": {"email": "new.person@example.net"},
            "body_text": "Hello, my parcel has not arrived.",
        }],
    })
}

#[tokio::test]
async fn created_tickets_are_read_back_everywhere() {
    let (app, control) = app();
    let r = send(&app, "POST", "/api/tickets", &new_ticket()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let created = r.json();
    let id = created["id"].as_u64().unwrap();
    assert_eq!(id, 4604, "after the highest fixture id");
    assert_eq!(get(&app, &format!("/api/tickets/{id}")).await.json(), created);
    assert_eq!(
        (created["status"].as_str(), created["priority"].as_str(), created["messages_count"].as_u64()),
        (Some("open"), Some("high"), Some(1))
    );
    assert_eq!(created["assignee_user"]["id"], fx::SARAH_AGENT_ID);
    assert_eq!(created["customer"]["name"], "New Person");
    let tags: Vec<&str> =
        created["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(tags, ["brand-new-tag", "refund"]);
    // The customer referenced by an unknown email now exists.
    let customers = get(&app, "/api/customers?email=new.person@example.net").await.json();
    assert_eq!(customers["data"][0]["id"], created["customer"]["id"]);
    // The newest ticket leads the default list; its message is listed.
    assert_eq!(get(&app, "/api/tickets?limit=1").await.json()["data"][0]["id"], id);
    let messages = get(&app, &format!("/api/tickets/{id}/messages")).await.json();
    assert_eq!(messages["data"][0]["body_text"], "Hello, my parcel has not arrived.");
    assert_eq!(messages["data"][0]["sender"]["email"], "new.person@example.net");
    let tag = get(&app, "/api/tags?search=brand-new-tag").await.json();
    assert_eq!(tag["data"][0]["usage"], 1);
    let total = get(&app, "/api/tickets?limit=1").await.json()["meta"]["total_resources"].as_u64();
    assert_eq!(total, Some(fx::TOTAL_TICKETS as u64 + 1));
    let log = control.writes();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].method.as_str(), log[0].path.as_str(), log[0].status), ("POST", "/api/tickets", 201));
    assert!(log[0].body.as_deref().unwrap().contains("Where is my parcel?"));
}

#[tokio::test]
async fn invalid_tickets_are_rejected_and_not_logged() {
    let (app, control) = app();
    let r = send(&app, "POST", "/api/tickets", &json!({"subject": "x"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let error = &r.json()["error"];
    assert_eq!(error["msg"], "Failed to create ticket");
    for field in ["customer", "channel", "messages"] {
        assert_eq!(error["data"][field], json!(["Missing data for required field."]), "{field}");
    }
    let mut body = new_ticket();
    body["messages"][0].as_object_mut().unwrap().remove("via");
    let r = send(&app, "POST", "/api/tickets", &body).await;
    assert_eq!(r.json()["error"]["data"]["messages.0.via"], json!(["Missing data for required field."]));
    for (field, value) in [
        ("customer", json!({"id": 999_999})),
        ("assignee_user", json!({"id": 999})),
        ("assignee_team", json!({"id": 999})),
        ("tags", json!([{"id": 999_999}])),
        ("status", json!("pending")),
        ("priority", json!("urgent")),
        ("messages", json!([])),
    ] {
        let mut body = new_ticket();
        body[field] = value;
        let r = send(&app, "POST", "/api/tickets", &body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}: {}", r.text);
    }
    let mut body = new_ticket();
    body["messages"][0]["sender"] = json!({"email": "stranger@nowhere.test"});
    assert_eq!(send(&app, "POST", "/api/tickets", &body).await.status, StatusCode::BAD_REQUEST);
    let r = send_with(&app, "POST", "/api/tickets", Some(&new_ticket().to_string()), false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(control.writes().is_empty(), "rejected writes are not applied");
    assert_eq!(control.count("POST", "/api/tickets"), 11);
    assert!(
        get(&app, "/api/customers?email=new.person@example.net").await.json()["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(get(&app, "/api/tags?search=brand-new-tag").await.json()["data"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn updates_close_reopen_assign_and_snooze() {
    let (app, control) = app();
    let path = format!("/api/tickets/{}", fx::REFUND_TICKET_ID);
    let before = get(&app, &path).await.json();
    let r = send(&app, "PUT", &path, &json!({"status": "closed", "priority": "critical"})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    let closed = r.json();
    assert_eq!((closed["status"].as_str(), closed["priority"].as_str()), (Some("closed"), Some("critical")));
    assert!(closed["closed_datetime"].is_string());
    assert!(closed["updated_datetime"].as_str() > before["updated_datetime"].as_str());
    assert_eq!(get(&app, &path).await.json(), closed);
    let r = send(
        &app,
        "PUT",
        &path,
        &json!({"status": "open", "assignee_user": null, "assignee_team": {"id": fx::RETURNS_TEAM_ID},
                "snooze_datetime": "2026-12-01T09:00:00", "subject": "Refund still missing", "external_id": "X-1"}),
    )
    .await;
    let open = r.json();
    assert_eq!(open["closed_datetime"], Value::Null);
    assert_eq!(
        (open["assignee_user"].clone(), open["assignee_team"]["id"].clone()),
        (Value::Null, json!(12))
    );
    assert_eq!(open["snooze_datetime"], "2026-12-01T09:00:00.000000");
    assert_eq!(
        (open["subject"].as_str(), open["external_id"].as_str()),
        (Some("Refund still missing"), Some("X-1"))
    );
    for bad in [
        json!({"assignee_user": {"id": 999}}),
        json!({"assignee_team": {"id": 5}}),
        json!({"status": "gone"}),
    ] {
        assert_eq!(send(&app, "PUT", &path, &bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        send(&app, "PUT", "/api/tickets/999999", &json!({"status": "closed"})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(control.count_writes("PUT", "/api/tickets/"), 2);
}

#[tokio::test]
async fn messages_update_their_ticket() {
    let (app, control) = app();
    let base = format!("/api/tickets/{}", fx::REFUND_TICKET_ID);
    let reply = json!({"channel": "email", "via": "api", "from_agent": true,
                       "sender": {"id": fx::SARAH_AGENT_ID}, "body_text": "Your refund was sent today."});
    let r = send(&app, "POST", &format!("{base}/messages"), &reply).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let m = r.json();
    assert_eq!((m["public"].as_bool(), m["from_agent"].as_bool()), (Some(true), Some(true)));
    assert_eq!(m["receiver"]["id"], fx::ALICE_CUSTOMER_ID);
    assert!(m["body_html"].as_str().unwrap().contains("<p>Your refund was sent today.</p>"));
    let t = get(&app, &base).await.json();
    assert_eq!(t["messages_count"], fx::REFUND_TICKET_MESSAGES + 1);
    assert_eq!(t["last_message_datetime"], m["created_datetime"]);
    assert_eq!(t["updated_datetime"], m["created_datetime"]);
    // An agent message leaves a closed ticket closed; a customer message reopens it.
    send(&app, "PUT", &base, &json!({"status": "closed"})).await;
    send(&app, "POST", &format!("{base}/messages"), &reply).await;
    assert_eq!(get(&app, &base).await.json()["status"], "closed");
    let note = json!({"channel": "internal-note", "via": "helpdesk", "from_agent": true, "body_text": "FYI"});
    let n = send(&app, "POST", &format!("{base}/messages"), &note).await.json();
    assert_eq!((n["public"].as_bool(), n["sender"]["id"].as_u64()), (Some(false), Some(fx::API_USER_ID)));
    let customer = json!({"channel": "email", "via": "email", "from_agent": false,
                          "sender": {"email": fx::ALICE_EMAIL}, "body_text": "Still nothing!"});
    send(&app, "POST", &format!("{base}/messages"), &customer).await;
    let t = get(&app, &base).await.json();
    assert_eq!((t["status"].as_str(), t["closed_datetime"].clone()), (Some("open"), Value::Null));
    assert_eq!(t["messages_count"], fx::REFUND_TICKET_MESSAGES + 4);
    let stranger = json!({"channel": "email", "via": "email", "from_agent": false,
                          "sender": {"email": "who@nowhere.test"}, "body_text": "?"});
    assert_eq!(
        send(&app, "POST", &format!("{base}/messages"), &stranger).await.status,
        StatusCode::BAD_REQUEST
    );
    let r = send(&app, "POST", &format!("{base}/messages"), &json!({"body_text": "x"})).await;
    assert_eq!(r.json()["error"]["data"]["from_agent"], json!(["Missing data for required field."]));
    assert_eq!(
        send(&app, "POST", "/api/tickets/999999/messages", &reply).await.status,
        StatusCode::NOT_FOUND
    );
    // Edit and delete the first reply.
    let mid = m["id"].as_u64().unwrap();
    let one = format!("{base}/messages/{mid}");
    let r = send(&app, "PUT", &one, &json!({"body_text": "Refund sent on Monday."})).await;
    assert_eq!(
        (r.status, r.json()["body_text"].as_str()),
        (StatusCode::ACCEPTED, Some("Refund sent on Monday."))
    );
    assert_eq!(get(&app, &one).await.json()["stripped_text"], "Refund sent on Monday.");
    assert_eq!(send_with(&app, "DELETE", &one, None, true).await.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&app, &one).await.status, StatusCode::NOT_FOUND);
    assert_eq!(send_with(&app, "DELETE", &one, None, true).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, &base).await.json()["messages_count"], fx::REFUND_TICKET_MESSAGES + 3);
    assert_eq!(control.count_writes("POST", &format!("{base}/messages")), 4);
    assert_eq!(control.count_writes("", "/api"), 0, "method must match");
    assert_eq!(control.writes().len(), 7);
}

#[tokio::test]
async fn deleted_tickets_disappear() {
    let (app, control) = app();
    let path = format!("/api/tickets/{}", fx::BOB_TICKET_ID);
    let r = send_with(&app, "DELETE", &path, None, true).await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::NO_CONTENT, ""));
    assert_eq!(get(&app, &path).await.status, StatusCode::NOT_FOUND);
    let bob = get(&app, &format!("/api/tickets?customer_id={}", fx::BOB_CUSTOMER_ID)).await.json();
    assert_eq!(bob["meta"]["total_resources"], fx::BOB_TICKET_COUNT - 1);
    let r = send_with(&app, "DELETE", &path, None, true).await;
    assert_eq!((r.status, msg(&r).as_str()), (StatusCode::NOT_FOUND, "Resource not found."));
    assert_eq!(control.count_writes("DELETE", "/api/tickets"), 1);
}

#[tokio::test]
async fn concurrent_writes_all_land_once() {
    let (app, control) = app();
    let uri = format!("/api/tickets/{}/messages", fx::REFUND_TICKET_ID);
    let mut tasks = Vec::new();
    for i in 0..24 {
        let (app, uri) = (app.clone(), uri.clone());
        tasks.push(tokio::spawn(async move {
            let body =
                json!({"channel": "email", "via": "api", "from_agent": true, "body_text": format!("n{i}")});
            let one = format!("/api/tickets/{}", fx::REFUND_TICKET_ID);
            let reads = get(&app, &one);
            let (w, r) = tokio::join!(send(&app, "POST", &uri, &body), reads);
            (w.status, r.status)
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), (StatusCode::CREATED, StatusCode::OK));
    }
    let t = get(&app, &format!("/api/tickets/{}", fx::REFUND_TICKET_ID)).await.json();
    assert_eq!(t["messages_count"], fx::REFUND_TICKET_MESSAGES + 24);
    assert_eq!(control.count_writes("POST", &uri), 24);
    let ids: std::collections::HashSet<u64> = get(&app, &format!("{uri}?limit=100")).await.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids.len(), fx::REFUND_TICKET_MESSAGES + 24, "message ids are unique");
}
