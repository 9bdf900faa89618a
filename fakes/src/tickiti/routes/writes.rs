//! The ticket writes: `tickets` (create, subject and content inside `data`, or a template
//! or intervention), `tickets/respond` (public or internal, as a staff email, optionally on
//! hold until a date) and the supervisor's assign / status / queue / subject changes.

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::super::reply;
use super::super::store::{Response as Resp, Store, Ticket};
use super::{number, ticket_json};

fn str_of<'b>(body: &'b Map<String, Value>, field: &str) -> Option<&'b str> {
    body.get(field).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// `tickets`: a new ticket whose first response is the originator's content.
pub(super) fn create(s: &mut Store, body: &Map<String, Value>) -> Response {
    let Some(email) =
        str_of(body, "originator_email_address").filter(|e| e.contains('@') && !e.contains(' '))
    else {
        return reply::invalid_field(
            "originator_email_address",
            "The originator email address must be a valid email address.",
        );
    };
    let data = body.get("data").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut queue_name =
        str_of(body, "queue_name").or_else(|| str_of(&data, "queue_name")).map(str::to_owned);
    let (mut subject, mut content) =
        (str_of(&data, "subject").map(str::to_owned), str_of(&data, "content").map(str::to_owned));
    let mut template = str_of(body, "template_identifier").map(str::to_owned);
    if let Some(name) = str_of(body, "intervention") {
        let Some(i) = s.interventions.iter().find(|i| i.name.eq_ignore_ascii_case(name)) else {
            return reply::invalid_field("intervention", "No intervention has this name.");
        };
        template = Some(i.template.clone());
        queue_name = queue_name.or_else(|| s.queue(i.queue_id).map(|q| q.name.clone()));
    }
    if let Some(id) = &template {
        let Some(t) = s.templates.iter().find(|t| &t.identifier == id) else {
            return reply::invalid_field("template_identifier", "No template has this identifier.");
        };
        subject = subject.or_else(|| Some(t.subject.clone()));
        content = content.or_else(|| Some(t.html.clone()));
    }
    let mut problems = Vec::new();
    if subject.is_none() {
        problems.push((
            "data.subject".to_owned(),
            "The data.subject field is required without a template.".to_owned(),
        ));
    }
    if content.is_none() {
        problems.push((
            "data.content".to_owned(),
            "The data.content field is required without a template.".to_owned(),
        ));
    }
    let queue = match &queue_name {
        None => s.queues.first().cloned(),
        Some(n) => s.queues.iter().find(|q| q.name.eq_ignore_ascii_case(n)).cloned(),
    };
    if queue.is_none() {
        problems.push(("queue_name".to_owned(), "No queue has this name.".to_owned()));
    }
    let (Some(subject), Some(content), Some(queue), true) = (subject, content, queue, problems.is_empty())
    else {
        return reply::invalid(&problems);
    };
    let now = s.now();
    let number = s.tickets.iter().map(|t| t.number).max().unwrap_or(220_000) + 1;
    let id = s.tickets.iter().map(|t| t.id).max().unwrap_or(0) + 1;
    let extra: Vec<(String, String)> = data
        .iter()
        .filter(|(k, _)| !["subject", "content", "queue_name"].contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
        .collect();
    let name = email.split('@').next().unwrap_or(email).replace(['.', '_'], " ");
    s.tickets.push(Ticket {
        id,
        number,
        subject,
        queue_id: queue.id,
        status: "Open".into(),
        assignee: None,
        originator_name: name,
        originator_email: email.to_lowercase(),
        created_at: now,
        updated_at: now,
        resolved_at: None,
        resolution_category_id: None,
        on_hold_until: None,
        data: extra,
    });
    let response_id = s.next_response_id();
    s.responses.push(Resp {
        id: response_id,
        ticket_number: number,
        is_internal: body.get("is_public").and_then(Value::as_bool) == Some(false),
        staff_response: false,
        created_by_email: email.to_lowercase(),
        created_at: now,
        html: content,
        attachments: vec![],
    });
    reply::created(
        json!({ "ticket_id": id, "ticket_number": number, "response_id": response_id, "queue": queue.name, "status": "Open" }),
    )
}

/// `tickets/respond`.
pub(super) fn respond(s: &mut Store, body: &Map<String, Value>) -> Response {
    let Some(n) = number(body, "ticket_number") else {
        return reply::invalid_field("ticket_number", "The ticket number must be 6 digits.");
    };
    let Some(from) = str_of(body, "from_email").map(str::to_owned) else {
        return reply::invalid_field("from_email", "The from email field is required.");
    };
    let mut problems = Vec::new();
    if s.staff_by_email(&from).is_none() {
        problems.push(("from_email".to_owned(), "No staff member has this email address.".to_owned()));
    }
    let content = str_of(body, "content").map(str::to_owned);
    if content.is_none() {
        problems.push(("content".to_owned(), "The content field is required.".to_owned()));
    }
    let status = str_of(body, "status");
    let hold = str_of(body, "on_hold_until").map(str::to_owned);
    if hold.is_some() && status != Some("on-hold") {
        problems.push(("on_hold_until".to_owned(), "on_hold_until needs status on-hold.".to_owned()));
    }
    if s.ticket(n).is_none() {
        return reply::not_found("Ticket");
    }
    let (Some(content), true) = (content, problems.is_empty()) else {
        return reply::invalid(&problems);
    };
    let internal = body.get("is_internal").and_then(Value::as_bool).unwrap_or(false);
    let now = s.now();
    let id = s.next_response_id();
    s.responses.push(Resp {
        id,
        ticket_number: n,
        is_internal: internal,
        staff_response: true,
        created_by_email: from.to_lowercase(),
        created_at: now,
        html: content,
        attachments: vec![],
    });
    let Some(t) = s.tickets.iter_mut().find(|t| t.number == n) else {
        return reply::not_found("Ticket");
    };
    t.updated_at = now;
    let reopened = !internal && t.status == "Resolved";
    match status {
        Some("on-hold") => {
            t.status = "On Hold".into();
            t.on_hold_until = hold;
        }
        Some(_) => {
            t.status = "Open".into();
            t.on_hold_until = None;
        }
        None if reopened => t.status = "Open".into(),
        None => {}
    }
    if t.status != "Resolved" {
        t.resolved_at = None;
    }
    reply::ok(json!({ "ticket_id": t.id, "response_id": id, "reopened": reopened }))
}

/// `supervisor/tickets/{assign,status,queue,subject}`.
pub(super) fn supervise(s: &mut Store, action: &str, body: &Map<String, Value>) -> Response {
    let Some(n) = number(body, "ticket_number").filter(|n| s.ticket(*n).is_some()) else {
        return reply::not_found("Ticket");
    };
    let value = match action {
        "tickets.assign" => str_of(body, "staff_email"),
        "tickets.status" => str_of(body, "status"),
        "tickets.queue" => str_of(body, "queue_name"),
        _ => str_of(body, "subject"),
    }
    .unwrap_or_default()
    .to_owned();
    let now = s.now();
    let staff = s.staff_by_email(&value).map(|m| m.id);
    let queue = s.queues.iter().find(|q| q.name.eq_ignore_ascii_case(&value)).map(|q| q.id);
    let status = s.statuses.iter().find(|x| x.name.eq_ignore_ascii_case(&value)).map(|x| x.name.clone());
    let category = body.get("resolution_category_id").and_then(Value::as_u64);
    if category.is_some_and(|c| !s.resolution_categories.iter().any(|x| x.id == c)) {
        return reply::invalid_field("resolution_category_id", "No resolution category has this id.");
    }
    let hold = str_of(body, "on_hold_until").map(str::to_owned);
    let Some(t) = s.tickets.iter_mut().find(|t| t.number == n) else {
        return reply::not_found("Ticket");
    };
    match action {
        "tickets.assign" if value.eq_ignore_ascii_case("none") => t.assignee = None,
        "tickets.assign" => match staff {
            Some(id) => t.assignee = Some(id),
            None => return reply::invalid_field("staff_email", "No staff member has this email address."),
        },
        "tickets.status" => match status {
            Some(st) => {
                t.resolved_at = (st == "Resolved").then_some(now);
                t.resolution_category_id = if st == "Resolved" { category } else { None };
                t.on_hold_until = if st == "On Hold" { hold } else { None };
                t.status = st;
            }
            None => {
                return reply::invalid_field("status", "Use Open, On Hold, Awaiting Customer or Resolved.");
            }
        },
        "tickets.queue" => match queue {
            Some(q) => t.queue_id = q,
            None => return reply::invalid_field("queue_name", "No queue has this name."),
        },
        _ => t.subject = value,
    }
    t.updated_at = now;
    let t = t.clone();
    reply::ok(json!({ "ticket": ticket_json(s, &t) }))
}
