//! Reporting aggregations checked against hand-computed numbers on a tiny desk.
//!
//! The week of Monday 2026-03-02 (the period, end exclusive 2026-03-09):
//! - T1 email, agent 2, team 11, tag 301: customer 03-02 10:00, replies 12:00 and
//!   03-03 09:30, customer 03-03 09:00, closed 03-03 10:00. Survey 5 (scored 03-03 12:00).
//! - T2 chat, agent 3: customer 03-02 15:00, reply 15:10, note (agent 2) 15:20,
//!   reply 03-04 08:00; open.
//! - T3 email, unassigned, tags 301+302: customer 03-05 09:00; open.
//! - T4 email, agent 2: customer 03-04 12:00, reply 13:00, closed 14:00. Survey unanswered.
//! - T5 spam (ignored). T6 email, agent 3, created 02-25 10:00, reply 02-25 11:00,
//!   closed 03-06 10:00. Survey 2 (scored 03-07 09:00).

use serde_json::{Value, json};

use super::{Row, run};
use crate::gorgias::store::{Account, Customer, Message, Party, Store, Survey, Ticket, User};
use crate::gorgias::wire_time::{Time, parse};

fn at(s: &str) -> Time {
    parse(s).unwrap()
}

fn user(id: u64) -> User {
    User {
        id,
        email: format!("agent{id}@desk.test"),
        firstname: format!("Agent{id}"),
        lastname: "X".into(),
        role: "agent".into(),
        bio: String::new(),
        country: "US".into(),
        timezone: "UTC".into(),
        created: at("2025-01-01"),
    }
}

/// A message: `Some(agent)` from that agent, `None` from customer 1001; `note` is internal.
fn msg(id: u64, ticket: u64, when: &str, agent: Option<u64>, note: bool) -> Message {
    Message {
        id,
        ticket_id: ticket,
        channel: if note { "internal-note" } else { "email" }.into(),
        via: "helpdesk".into(),
        public: !note,
        from_agent: agent.is_some(),
        sender: agent.map_or(Party::Customer(1001), Party::User),
        receiver: None,
        subject: None,
        body_text: "hi".into(),
        body_html: "hi".into(),
        stripped_text: None,
        stripped_html: None,
        attachments: Vec::new(),
        intents: Vec::new(),
        message_id: None,
        integration_id: None,
        created: at(when),
    }
}

fn ticket(
    id: u64,
    channel: &str,
    agent: Option<u64>,
    closed: Option<&str>,
    messages: Vec<Message>,
) -> Ticket {
    let created = messages[0].created;
    Ticket {
        id,
        external_id: None,
        status: if closed.is_some() { "closed" } else { "open" }.into(),
        priority: "normal".into(),
        channel: channel.into(),
        via: channel.into(),
        spam: false,
        subject: format!("T{id}"),
        customer_id: 1001,
        assignee_user_id: agent,
        assignee_team_id: None,
        tag_ids: Vec::new(),
        is_unread: false,
        custom_fields: Vec::new(),
        created,
        opened: None,
        updated: created,
        closed: closed.map(at),
        trashed: None,
        snoozed: None,
        messages,
    }
}

fn survey(id: u64, ticket: u64, sent: &str, scored: Option<(u8, &str)>) -> Survey {
    Survey {
        id,
        ticket_id: ticket,
        customer_id: 1001,
        score: scored.map(|s| s.0),
        body_text: None,
        created: at(sent),
        sent: at(sent),
        scored: scored.map(|s| at(s.1)),
    }
}

fn desk() -> Store {
    let mut t1 = ticket(
        1,
        "email",
        Some(2),
        Some("2026-03-03T10:00:00"),
        vec![
            msg(11, 1, "2026-03-02T10:00:00", None, false),
            msg(12, 1, "2026-03-02T12:00:00", Some(2), false),
            msg(13, 1, "2026-03-03T09:00:00", None, false),
            msg(14, 1, "2026-03-03T09:30:00", Some(2), false),
        ],
    );
    t1.assignee_team_id = Some(11);
    t1.tag_ids = vec![301];
    let t2 = ticket(
        2,
        "chat",
        Some(3),
        None,
        vec![
            msg(21, 2, "2026-03-02T15:00:00", None, false),
            msg(22, 2, "2026-03-02T15:10:00", Some(3), false),
            msg(23, 2, "2026-03-02T15:20:00", Some(2), true),
            msg(24, 2, "2026-03-04T08:00:00", Some(3), false),
        ],
    );
    let mut t3 = ticket(3, "email", None, None, vec![msg(31, 3, "2026-03-05T09:00:00", None, false)]);
    t3.tag_ids = vec![301, 302];
    let t4 = ticket(
        4,
        "email",
        Some(2),
        Some("2026-03-04T14:00:00"),
        vec![
            msg(41, 4, "2026-03-04T12:00:00", None, false),
            msg(42, 4, "2026-03-04T13:00:00", Some(2), false),
        ],
    );
    let mut t5 = ticket(
        5,
        "email",
        None,
        Some("2026-03-03T11:00:00"),
        vec![msg(51, 5, "2026-03-03T10:00:00", None, false)],
    );
    t5.spam = true;
    let t6 = ticket(
        6,
        "email",
        Some(3),
        Some("2026-03-06T10:00:00"),
        vec![
            msg(61, 6, "2026-02-25T10:00:00", None, false),
            msg(62, 6, "2026-02-25T11:00:00", Some(3), false),
        ],
    );
    Store {
        account: Account { domain: "tiny".into(), created: at("2025-01-01") },
        api_user_id: 1,
        users: vec![user(1), user(2), user(3)],
        teams: Vec::new(),
        tags: Vec::new(),
        views: Vec::new(),
        custom_fields: Vec::new(),
        customers: vec![Customer {
            id: 1001,
            email: "c@x.test".into(),
            firstname: "C".into(),
            lastname: "X".into(),
            external_id: None,
            language: "en".into(),
            timezone: "UTC".into(),
            note: None,
            phone: None,
            data: json!({}),
            integrations: json!({}),
            custom_fields: Vec::new(),
            created: at("2025-01-01"),
            updated: at("2025-01-01"),
        }],
        tickets: vec![t1, t2, t3, t4, t5, t6],
        surveys: vec![
            survey(1, 1, "2026-03-03T11:00:00", Some((5, "2026-03-03T12:00:00"))),
            survey(4, 4, "2026-03-04T15:00:00", None),
            survey(6, 6, "2026-03-06T11:00:00", Some((2, "2026-03-07T09:00:00"))),
        ],
        integrations: Vec::new(),
        macros: Vec::new(),
        ids: Default::default(),
    }
}

/// Runs a query over the tiny desk's week; `extra` is merged into the query.
fn query(scope: &str, measures: &[&str], extra: Value) -> Vec<Row> {
    let mut q = json!({
        "scope": scope,
        "filters": [
            {"member": "periodStart", "operator": "afterDate", "values": ["2026-03-02"]},
            {"member": "periodEnd", "operator": "beforeDate", "values": ["2026-03-09"]},
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
    run(&desk(), &json!({ "query": q })).unwrap()
}

fn rows(r: Vec<Row>) -> Value {
    Value::Array(r.into_iter().map(Value::Object).collect())
}

fn one(scope: &str, measure: &str) -> Value {
    query(scope, &[measure], json!({}))[0][measure].clone()
}

#[test]
fn ticket_counts() {
    assert_eq!(one("tickets-created", "ticketCount"), 4);
    assert_eq!(one("tickets-closed", "ticketCount"), 3);
    assert_eq!(one("tickets-replied", "ticketCount"), 3);
    assert_eq!(one("tickets-open", "ticketCount"), 2);
    assert_eq!(one("one-touch-tickets", "ticketCount"), 2);
    assert_eq!(one("messages-sent", "messagesCount"), 5);
    assert_eq!(one("messages-received", "messagesCount"), 5);
}

#[test]
fn durations_in_seconds() {
    let frt =
        query("first-response-time", &["medianFirstResponseTime", "averageFirstResponseTime"], json!({}));
    assert_eq!(rows(frt), json!([{"medianFirstResponseTime": 3600, "averageFirstResponseTime": 3800}]));
    let res = query("resolution-time", &["medianResolutionTime", "averageResolutionTime"], json!({}));
    assert_eq!(rows(res), json!([{"medianResolutionTime": 86400, "averageResolutionTime": 290400}]));
    let by_agent =
        query("first-response-time", &["medianFirstResponseTime"], json!({"dimensions": ["agentId"]}));
    assert_eq!(
        rows(by_agent),
        json!([
            {"agentId": 1, "medianFirstResponseTime": null},
            {"agentId": 2, "medianFirstResponseTime": 5400},
            {"agentId": 3, "medianFirstResponseTime": 600},
        ])
    );
}

#[test]
fn surveys_score_rate_and_distribution() {
    let r = query(
        "satisfaction-surveys",
        &["averageSurveyScore", "scoredSurveysCount", "responseRate"],
        json!({}),
    );
    assert_eq!(
        rows(r),
        json!([{"averageSurveyScore": 3.5, "scoredSurveysCount": 2, "responseRate": 0.6667}])
    );
    let dist = query("satisfaction-surveys", &["scoredSurveysCount"], json!({"dimensions": ["surveyScore"]}));
    assert_eq!(
        rows(dist),
        json!([
            {"surveyScore": 2, "scoredSurveysCount": 1},
            {"surveyScore": 5, "scoredSurveysCount": 1},
            {"surveyScore": null, "scoredSurveysCount": 0},
        ])
    );
}

#[test]
fn agent_breakdown_pads_idle_agents_and_keeps_unassigned() {
    let r = query("tickets-created", &["ticketCount"], json!({"dimensions": ["agentId"]}));
    assert_eq!(
        rows(r),
        json!([
            {"agentId": 1, "ticketCount": null},
            {"agentId": 2, "ticketCount": 2},
            {"agentId": 3, "ticketCount": 1},
            {"agentId": null, "ticketCount": 1},
        ])
    );
}

#[test]
fn time_buckets() {
    let day = json!({"time_dimensions": [{"dimension": "createdDatetime", "granularity": "day"}]});
    let r = query("tickets-created", &["ticketCount"], day.clone());
    assert_eq!(
        rows(r),
        json!([
            {"createdDatetime.day": "2026-03-02", "ticketCount": 2},
            {"createdDatetime.day": "2026-03-04", "ticketCount": 1},
            {"createdDatetime.day": "2026-03-05", "ticketCount": 1},
        ])
    );
    let open: Vec<Value> =
        query("tickets-open", &["ticketCount"], day).into_iter().map(|r| r["ticketCount"].clone()).collect();
    assert_eq!(open, [3, 2, 2, 3, 2, 2, 2]);
    let replied = query(
        "tickets-replied",
        &["ticketCount"],
        json!({"time_dimensions": [{"dimension": "createdDatetime", "granularity": "day"}]}),
    );
    assert_eq!(
        rows(replied),
        json!([
            {"createdDatetime.day": "2026-03-02", "ticketCount": 2},
            {"createdDatetime.day": "2026-03-03", "ticketCount": 1},
            {"createdDatetime.day": "2026-03-04", "ticketCount": 2},
        ])
    );
    let week = query(
        "tickets-created",
        &["ticketCount"],
        json!({"time_dimensions": [{"dimension": "createdDatetime", "granularity": "week"}]}),
    );
    assert_eq!(rows(week), json!([{"createdDatetime.week": "2026-03-02", "ticketCount": 4}]));
    let hour = query(
        "messages-sent",
        &["messagesCount"],
        json!({"time_dimensions": [{"dimension": "sentDatetime", "granularity": "hour"}]}),
    );
    assert_eq!(hour[0]["sentDatetime.hour"], "2026-03-02T12:00:00");
}

#[test]
fn tags_and_member_filters() {
    let tags = query("tags", &["ticketCount"], json!({"dimensions": ["tagId"]}));
    assert_eq!(rows(tags), json!([{"tagId": 301, "ticketCount": 2}, {"tagId": 302, "ticketCount": 1}]));
    let count = |filter: Value| {
        query("tickets-created", &["ticketCount"], json!({"filters": [filter]}))[0]["ticketCount"].clone()
    };
    assert_eq!(count(json!({"member": "channel", "operator": "one-of", "values": ["email"]})), 3);
    assert_eq!(count(json!({"member": "channel", "operator": "not-one-of", "values": ["email"]})), 1);
    assert_eq!(count(json!({"member": "agentId", "operator": "one-of", "values": ["2"]})), 2);
    assert_eq!(count(json!({"member": "tagId", "operator": "one-of", "values": ["302"]})), 1);
    assert_eq!(count(json!({"member": "teamId", "operator": "one-of", "values": ["11"]})), 1);
    assert_eq!(count(json!({"member": "status", "operator": "one-of", "values": ["closed"]})), 2);
    assert_eq!(count(json!({"member": "priority", "operator": "one-of", "values": ["high"]})), Value::Null);
}

#[test]
fn order_and_timezone() {
    let r = query(
        "tickets-created",
        &["ticketCount"],
        json!({"dimensions": ["channel"], "order": [["ticketCount", "desc"]]}),
    );
    assert_eq!(
        rows(r),
        json!([{"channel": "email", "ticketCount": 3}, {"channel": "chat", "ticketCount": 1}])
    );
    // At UTC+10 the 15:00 chat falls on 03-03 and the period starts ten hours earlier.
    let r = query(
        "tickets-created",
        &["ticketCount"],
        json!({"timezone": "+10:00", "time_dimensions": [{"dimension": "createdDatetime", "granularity": "day"}]}),
    );
    assert_eq!(r[0]["createdDatetime.day"], "2026-03-02");
    assert_eq!(
        r[1],
        json!({"createdDatetime.day": "2026-03-03", "ticketCount": 1}).as_object().unwrap().clone()
    );
}

#[test]
fn invalid_queries_name_the_problem() {
    let err = |q: Value| {
        let e = run(&desk(), &json!({ "query": q.clone() })).unwrap_err();
        assert_eq!(e.status(), 400, "{q}");
    };
    let period = json!([
        {"member": "periodStart", "operator": "afterDate", "values": ["2026-03-02"]},
        {"member": "periodEnd", "operator": "beforeDate", "values": ["2026-03-09"]},
    ]);
    for q in [
        json!({"scope": "nope", "filters": period, "measures": ["ticketCount"]}),
        json!({"scope": "tickets-created", "filters": period, "measures": ["messagesCount"]}),
        json!({"scope": "messages-received", "filters": period, "measures": ["messagesCount"], "dimensions": ["agentId"]}),
        json!({"scope": "tickets-created", "filters": period, "measures": ["ticketCount"],
               "time_dimensions": [{"dimension": "closedDatetime", "granularity": "day"}]}),
        json!({"scope": "tickets-created", "filters": period, "measures": ["ticketCount"],
               "time_dimensions": [{"dimension": "createdDatetime", "granularity": "year"}]}),
        json!({"scope": "tickets-created", "filters": [], "measures": ["ticketCount"]}),
        json!({"scope": "tickets-created", "filters": period, "measures": ["ticketCount"], "order": [["nope", "asc"]]}),
        json!({"scope": "tickets-created", "filters": period, "measures": ["ticketCount"], "timezone": "Mars"}),
    ] {
        err(q);
    }
}
