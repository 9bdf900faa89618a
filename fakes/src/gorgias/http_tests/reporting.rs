//! `POST /api/reporting/stats` over HTTP: the envelope, cursor paging, errors, filters,
//! and agreement with the tickets the API lists (also after a write).

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{app, get, msg, send};

/// The seeded desk's last 30 days (the test clock stands at 2026-11-20T15:30:12).
fn month(scope: &str, measures: &[&str], extra: Value) -> Value {
    let mut q = json!({
        "scope": scope, "timezone": "UTC",
        "filters": [
            {"member": "periodStart", "operator": "afterDate", "values": ["2026-10-22"]},
            {"member": "periodEnd", "operator": "beforeDate", "values": ["2026-11-21"]},
        ],
        "measures": measures,
    });
    for (k, v) in extra.as_object().into_iter().flatten() {
        if k == "filters" {
            q["filters"].as_array_mut().unwrap().extend(v.as_array().unwrap().iter().cloned());
        } else {
            q[k] = v.clone();
        }
    }
    json!({ "query": q })
}

fn total(v: &Value, measure: &str) -> u64 {
    v["data"].as_array().unwrap().iter().filter_map(|r| r[measure].as_u64()).sum()
}

/// Non-spam, non-trashed tickets the tickets endpoint lists as created in the window
/// (filtered here: the list has no date filters).
async fn listed_created(app: &axum::Router) -> u64 {
    let base = "/api/tickets?limit=100&trashed=false";
    let mut uri = base.to_string();
    let mut n = 0;
    let inside = |t: &&Value| {
        let c = t["created_datetime"].as_str().unwrap_or_default();
        t["spam"] == false && ("2026-10-22".."2026-11-21").contains(&c)
    };
    loop {
        let page = get(app, &uri).await.json();
        n += page["data"].as_array().unwrap().iter().filter(inside).count() as u64;
        match page["meta"]["next_cursor"].as_str() {
            Some(c) => {
                uri =
                    format!("{base}&cursor={}", c.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D"))
            }
            None => return n,
        }
    }
}

#[tokio::test]
async fn envelope_rows_and_consistency_with_the_ticket_list() {
    let (app, _) = app();
    let daily = json!({"time_dimensions": [{"dimension": "createdDatetime", "granularity": "day"}]});
    let r = send(
        &app,
        "POST",
        "/api/reporting/stats",
        &month("tickets-created", &["ticketCount"], daily.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(v["meta"]["next_cursor"], Value::Null);
    let rows = v["data"].as_array().unwrap();
    assert!(rows.len() > 20, "a busy month has tickets most days");
    assert!(rows.iter().all(|r| r["createdDatetime.day"].as_str().unwrap().len() == 10));
    let created = total(&v, "ticketCount");
    assert_eq!(created, listed_created(&app).await);
    // A new ticket shows up in the report at once.
    let body = json!({"customer": {"id": 1001}, "channel": "chat",
                      "messages": [{"channel": "chat", "via": "chat", "from_agent": false, "body_text": "hi"}]});
    assert_eq!(send(&app, "POST", "/api/tickets", &body).await.status, StatusCode::CREATED);
    let again =
        send(&app, "POST", "/api/reporting/stats", &month("tickets-created", &["ticketCount"], daily))
            .await
            .json();
    assert_eq!(total(&again, "ticketCount"), created + 1);
}

#[tokio::test]
async fn realistic_numbers_from_the_seed() {
    let (app, _) = app();
    let stat = |scope: &str, measures: &[&str]| month(scope, measures, json!({}));
    let frt = send(
        &app,
        "POST",
        "/api/reporting/stats",
        &stat("first-response-time", &["medianFirstResponseTime"]),
    )
    .await
    .json();
    let median = frt["data"][0]["medianFirstResponseTime"].as_f64().unwrap();
    assert!((600.0..12.0 * 3600.0).contains(&median), "median first response {median}s");
    let res = send(&app, "POST", "/api/reporting/stats", &stat("resolution-time", &["medianResolutionTime"]))
        .await
        .json();
    let median = res["data"][0]["medianResolutionTime"].as_f64().unwrap();
    assert!((3600.0..5.0 * 86400.0).contains(&median), "median resolution {median}s");
    let csat = send(
        &app,
        "POST",
        "/api/reporting/stats",
        &stat("satisfaction-surveys", &["averageSurveyScore", "responseRate"]),
    )
    .await
    .json();
    let score = csat["data"][0]["averageSurveyScore"].as_f64().unwrap();
    let rate = csat["data"][0]["responseRate"].as_f64().unwrap();
    assert!((3.5..4.8).contains(&score) && (0.3..0.95).contains(&rate), "score {score} rate {rate}");
    let by_agent = month(
        "messages-sent",
        &["messagesCount"],
        json!({"dimensions": ["agentId"], "order": [["messagesCount", "desc"]]}),
    );
    let rows = send(&app, "POST", "/api/reporting/stats", &by_agent).await.json();
    let rows = rows["data"].as_array().unwrap();
    assert!(rows[0]["messagesCount"].as_u64().unwrap() > 10);
    assert!(rows.iter().any(|r| r["messagesCount"].is_null()), "idle agents are listed with null");
}

#[tokio::test]
async fn cursor_paging_walks_every_row() {
    let (app, _) = app();
    let q = month(
        "tickets-created",
        &["ticketCount"],
        json!({"time_dimensions": [{"dimension": "createdDatetime", "granularity": "day"}]}),
    );
    let all = send(&app, "POST", "/api/reporting/stats?limit=10000", &q).await.json()["data"].clone();
    let mut seen = Vec::new();
    let mut uri = "/api/reporting/stats?limit=7".to_string();
    loop {
        let page = send(&app, "POST", &uri, &q).await.json();
        assert!(page["data"].as_array().unwrap().len() <= 7);
        seen.extend(page["data"].as_array().unwrap().iter().cloned());
        match page["meta"]["next_cursor"].as_str() {
            Some(c) => {
                uri = format!(
                    "/api/reporting/stats?limit=7&cursor={}",
                    c.replace('+', "%2B").replace('=', "%3D")
                )
            }
            None => break,
        }
    }
    assert_eq!(Value::Array(seen), all);
    for bad in ["limit=10001", "limit=0", "cursor=bogus"] {
        let r = send(&app, "POST", &format!("/api/reporting/stats?{bad}"), &q).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn errors_use_the_documented_messages() {
    let (app, control) = app();
    let mut long = month("tickets-created", &["ticketCount"], json!({}));
    long["query"]["filters"][0]["values"] = json!(["2025-01-01"]);
    let r = send(&app, "POST", "/api/reporting/stats", &long).await;
    assert_eq!(
        (r.status, msg(&r).as_str()),
        (StatusCode::BAD_REQUEST, "Maximum allowed period size is 366 days")
    );
    let mut no_period = month("tickets-created", &["ticketCount"], json!({}));
    no_period["query"]["filters"] = json!([]);
    let r = send(&app, "POST", "/api/reporting/stats", &no_period).await;
    assert_eq!(msg(&r), "query.filters: periodStart and periodEnd are required");
    let r =
        send(&app, "POST", "/api/reporting/stats", &month("voice-calls", &["ticketCount"], json!({}))).await;
    assert!(r.status == StatusCode::BAD_REQUEST && msg(&r).contains("voice-calls"), "{}", msg(&r));
    let r = send(
        &app,
        "POST",
        "/api/reporting/stats",
        &month("tickets-created", &["ticketCount"], json!({"dimensions": ["storeId"]})),
    )
    .await;
    assert!(msg(&r).contains("storeId"));
    let r = send(
        &app,
        "POST",
        "/api/reporting/stats",
        &month("tickets-created", &["medianResolutionTime"], json!({})),
    )
    .await;
    assert!(msg(&r).contains("medianResolutionTime"));
    assert_eq!(
        send(&app, "POST", "/api/reporting/stats", &json!({"scope": "tickets-created"})).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(get(&app, "/api/reporting/stats").await.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(control.writes().is_empty(), "reporting reads are not writes");
}

#[tokio::test]
async fn member_filters_split_the_total() {
    let (app, _) = app();
    let count = |filter: Value| {
        let app = app.clone();
        async move {
            let body = month("tickets-created", &["ticketCount"], json!({"filters": filter}));
            send(&app, "POST", "/api/reporting/stats", &body).await.json()["data"][0]["ticketCount"]
                .as_u64()
                .unwrap_or(0)
        }
    };
    let all = count(json!([])).await;
    let email = count(json!([{"member": "channel", "operator": "one-of", "values": ["email"]}])).await;
    let not_email =
        count(json!([{"member": "channel", "operator": "not-one-of", "values": ["email"]}])).await;
    assert_eq!(email + not_email, all);
    assert!(email > 0 && not_email > 0);
    let sarah = count(json!([{"member": "agentId", "operator": "one-of", "values": ["2"]}])).await;
    let by_agent = send(
        &app,
        "POST",
        "/api/reporting/stats",
        &month("tickets-created", &["ticketCount"], json!({"dimensions": ["agentId"]})),
    )
    .await
    .json();
    let row = by_agent["data"].as_array().unwrap().iter().find(|r| r["agentId"] == 2).cloned().unwrap();
    assert_eq!(row["ticketCount"].as_u64().unwrap_or(0), sarah);
    assert_eq!(total(&by_agent, "ticketCount"), all, "agent rows (unassigned included) add up");
    let open = count(json!([{"member": "status", "operator": "one-of", "values": ["open"]}])).await;
    let closed = count(json!([{"member": "status", "operator": "one-of", "values": ["closed"]}])).await;
    assert_eq!(open + closed, all);
}
