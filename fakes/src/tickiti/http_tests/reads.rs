//! Ticket reads, perspectives whose rows carry their columns, cursor paging and reports
//! consistent with the data.

use axum::http::StatusCode;
use serde_json::Value;

use super::{app, read};
use crate::tickiti::fixtures as fx;

#[tokio::test]
async fn show_and_responses_follow_the_docs() {
    let (app, _) = app();
    let r = read(&app, "tickets/show", &format!(r#"{{"ticket_number":"{}"}}"#, fx::RETURN_TICKET)).await;
    assert_eq!(r.json["ok"], true);
    assert_eq!(r.json["data"]["ticket"]["subject"], fx::RETURN_SUBJECT);
    let r = read(&app, "tickets/responses", &format!(r#"{{"ticket_number":"{}"}}"#, fx::RETURN_TICKET)).await;
    let list = r.json["data"]["responses"].as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), fx::RETURN_RESPONSES);
    assert!(list[0]["id"].is_string() && list.iter().any(|x| x["is_internal"] == true));
    let r = read(&app, "tickets/show", r#"{"ticket_number":"999999"}"#).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn perspective_rows_carry_exactly_its_columns() {
    let (app, _) = app();
    let body = format!(r#"{{"perspective_id":{},"per_page":5}}"#, fx::RETURNS_PERSPECTIVE_ID);
    let r = read(&app, "tickets/query", &body).await;
    let rows = r.json["data"]["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 5);
    for row in &rows {
        let keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want = ["ticket_number", "subject", "originator_email", "created_at"];
        want.sort_unstable();
        assert_eq!(keys, want);
    }
    assert!(
        r.json["data"]["total"].as_u64().unwrap() > 5 && r.json["data"]["last_page"].as_u64().unwrap() > 1
    );
}

#[tokio::test]
async fn responses_page_by_cursor_without_gaps_or_repeats() {
    let (app, _) = app();
    let mut seen = Vec::new();
    let mut cursor = Value::Null;
    for _ in 0..200 {
        let body = if cursor.is_null() {
            r#"{"limit":250}"#.to_owned()
        } else {
            format!(r#"{{"limit":250,"cursor":{cursor}}}"#)
        };
        let r = read(&app, "tickets/responses/query", &body).await;
        for x in r.json["data"]["responses"].as_array().unwrap() {
            seen.push(x["id"].as_str().unwrap().to_owned());
        }
        cursor = r.json["data"]["next_cursor"].clone();
        if cursor.is_null() {
            break;
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len());
    assert!(seen.len() > 250, "more than one page: {}", seen.len());
}

#[tokio::test]
async fn reports_agree_with_the_data() {
    let (app, _) = app();
    let all = r#"{"filters":{"from":"2020-01-01","to":"2030-01-01"}}"#;
    let v = read(&app, "reports/volumes", all).await.json;
    let created = v["data"]["created"].as_u64().unwrap();
    assert_eq!(created as usize, fx::GENERATED_TICKETS + 3);
    let q = read(
        &app,
        "reports/volumes",
        r#"{"filters":{"from":"2020-01-01","to":"2030-01-01","group_by":"queue"}}"#,
    )
    .await
    .json;
    let sum: u64 = q["data"]["rows"].as_array().unwrap().iter().map(|r| r["created"].as_u64().unwrap()).sum();
    assert_eq!(sum, created);
    let res = read(&app, "reports/resolutions", all).await.json;
    let by_cat: u64 =
        res["data"]["rows"].as_array().unwrap().iter().map(|r| r["resolved"].as_u64().unwrap()).sum();
    assert_eq!(by_cat, res["data"]["resolved"].as_u64().unwrap());
    assert_eq!(res["data"]["resolved"], v["data"]["resolved"]);
    let a = read(&app, "reports/agent-activity", all).await.json;
    assert!(a["data"]["rows"].as_array().unwrap().iter().any(|r| r["internal_notes"].as_u64().unwrap() > 0));
    let bad = read(&app, "reports/volumes", r#"{"filters":{"group_by":"colour"}}"#).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
