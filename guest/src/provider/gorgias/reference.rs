//! Reference data: agents, teams, tags, views, custom fields, channels and
//! statuses, plus resolving the names a model types (an agent, a view) to ids.
//! Requests carry `Cache-Control: max-age=600` so a caching host answers them
//! from memory; without a cache they are simply fetched.

use super::client::GorgiasSubject as _;
use strsim::jaro_winkler;

use super::client::{MAX_LIMIT, Subject, decode};
use super::filters::{Assignee, CHANNELS, PRIORITIES, STATUSES};
use super::{Gorgias, projection, query, wire};
use crate::model::ReferenceItem;
use crate::provider::ReferenceList;
use crate::tool::ToolError;
use crate::tool::list_reference::ReferenceKind;

/// Pages fetched for one reference list (100 items each).
const MAX_PAGES: usize = 10;

/// `list_reference`.
pub fn list(g: &Gorgias, kind: ReferenceKind, search: Option<&str>) -> Result<ReferenceList, ToolError> {
    let mut notes = Vec::new();
    let mut incomplete = |complete: bool, what: &str| {
        if !complete {
            notes.push(format!(
                "Only the first {} {what} were fetched; use `search` to narrow.",
                MAX_PAGES * MAX_LIMIT
            ));
        }
    };
    let items: Vec<ReferenceItem> = match kind {
        ReferenceKind::Agents => {
            let (users, complete) = agents(g)?;
            incomplete(complete, "agents");
            users.iter().map(projection::agent).collect()
        }
        ReferenceKind::Teams => {
            let (teams, complete) = g.all::<wire::Team>("/teams", &[], MAX_PAGES, &Subject::api("teams"))?;
            incomplete(complete, "teams");
            teams.iter().map(projection::team).collect()
        }
        ReferenceKind::Tags => {
            let mut q = vec![("order_by", "usage:desc".to_owned())];
            q.extend(search.map(|s| ("search", s.to_owned())));
            let (tags, complete) = g.all::<wire::Tag>("/tags", &q, MAX_PAGES, &Subject::api("tags"))?;
            incomplete(complete, "tags");
            tags.iter().map(projection::tag).collect()
        }
        ReferenceKind::Views => views(g)?.iter().map(projection::view).collect(),
        ReferenceKind::CustomFields => custom_fields(g)?,
        ReferenceKind::Channels => CHANNELS.iter().map(|c| item(c, None)).collect(),
        ReferenceKind::Statuses => STATUSES
            .iter()
            .map(|s| item(s, Some("status")))
            .chain(PRIORITIES.iter().map(|p| item(p, Some("priority"))))
            .collect(),
        ReferenceKind::CannedResponses => {
            let (list, complete) = macros(g, search)?;
            incomplete(complete, "macros");
            list
        }
        ReferenceKind::Categories
        | ReferenceKind::Watchlists
        | ReferenceKind::ResolutionCategories
        | ReferenceKind::Interventions
        | ReferenceKind::Escalations => {
            return Err(ToolError::invalid(
                "kind",
                format!(
                    "Gorgias has no {} list; use agents, teams, tags, views, custom_fields, channels, statuses or canned_responses (macros)",
                    kind.as_str().replace('_', " ")
                ),
            ));
        }
    };
    Ok(ReferenceList { items, notes })
}

fn item(name: &str, detail: Option<&str>) -> ReferenceItem {
    ReferenceItem { id: None, name: name.to_owned(), detail: detail.map(str::to_owned), text: None }
}

/// Macros (unarchived), most used first, narrowed upstream by `search`,
/// and whether the list is complete.
fn macros(g: &Gorgias, search: Option<&str>) -> Result<(Vec<ReferenceItem>, bool), ToolError> {
    let mut q = vec![("order_by", "usage:desc".to_owned())];
    q.extend(search.map(|s| ("search", s.to_owned())));
    let (list, complete) = g.all::<wire::Macro>("/macros", &q, MAX_PAGES, &Subject::api("macros"))?;
    Ok((
        list.iter().filter(|m| m.archived_datetime.is_none()).map(projection::canned_response).collect(),
        complete,
    ))
}

/// Every agent, and whether the list is complete.
pub fn agents(g: &Gorgias) -> Result<(Vec<wire::User>, bool), ToolError> {
    g.all("/users", &[], MAX_PAGES, &Subject::api("users"))
}

/// Active ticket views.
pub fn views(g: &Gorgias) -> Result<Vec<wire::View>, ToolError> {
    let (views, _) = g.all::<wire::View>("/views", &[], MAX_PAGES, &Subject::api("views"))?;
    Ok(views
        .into_iter()
        .filter(|v| v.deactivated_datetime.is_none() && v.kind.as_deref().is_none_or(|k| k == "ticket-list"))
        .collect())
}

/// The request for one object type's field definitions (the same URL every
/// caller uses, so one cached answer serves them all).
fn definitions_request(g: &Gorgias, object: &str) -> crate::http::Request {
    g.get_reference("/custom-fields", &[("object_type", object.to_owned()), ("limit", MAX_LIMIT.to_string())])
}

/// Ticket field definitions (first page of 100), archived ones included so old
/// values keep their names.
pub fn ticket_field_definitions(g: &Gorgias) -> Result<Vec<wire::CustomField>, ToolError> {
    g.fetch::<wire::List<wire::CustomField>>(definitions_request(g, "Ticket"), &Subject::api("custom fields"))
        .map(|l| l.data)
}

fn custom_fields(g: &Gorgias) -> Result<Vec<ReferenceItem>, ToolError> {
    let request = |object: &str| definitions_request(g, object);
    let mut items = Vec::new();
    for result in g.send_all(vec![request("Ticket"), request("Customer")]) {
        let page: wire::List<wire::CustomField> = decode(result, &Subject::api("custom fields"))?;
        items.extend(
            page.data.iter().filter(|f| f.deactivated_datetime.is_none()).map(projection::custom_field),
        );
    }
    Ok(items)
}

/// Resolves an assignee as typed: `none`, an id, an email or a name.
pub fn assignee(g: &Gorgias, raw: &str) -> Result<Assignee, ToolError> {
    let raw = raw.trim();
    match raw.to_ascii_lowercase().as_str() {
        "none" | "unassigned" | "nobody" => return Ok(Assignee::Unassigned),
        _ => {}
    }
    if let Ok(id) = raw.parse::<u64>() {
        return Ok(Assignee::Agent(id));
    }
    let (users, _) = agents(g)?;
    match_agent(raw, &users)
}

/// Picks the agent `raw` names among `users`, or explains the ambiguity.
pub fn match_agent(raw: &str, users: &[wire::User]) -> Result<Assignee, ToolError> {
    let lower = raw.to_lowercase();
    if let Some(u) = users.iter().find(|u| u.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(raw))) {
        return Ok(Assignee::Agent(u.id));
    }
    let named: Vec<(u32, &wire::User, String)> = users
        .iter()
        .map(|u| {
            let name = projection::agent(u).name;
            (query::name_score(&lower, &name), u, name)
        })
        .filter(|(score, _, _)| *score >= 85)
        .collect();
    let best = named.iter().map(|(s, _, _)| *s).max().unwrap_or(0);
    let top: Vec<&(u32, &wire::User, String)> = named.iter().filter(|(s, _, _)| *s == best).collect();
    match top.as_slice() {
        [(_, u, _)] => Ok(Assignee::Agent(u.id)),
        [] => {
            let mut close: Vec<(f64, String)> = users
                .iter()
                .map(|u| projection::agent(u).name)
                .map(|n| (jaro_winkler(&n.to_lowercase(), &lower), n))
                .collect();
            close.sort_by(|a, b| b.0.total_cmp(&a.0));
            let names: Vec<String> = close.into_iter().take(5).map(|(_, n)| n).collect();
            Err(ToolError::invalid(
                "assignee",
                format!(
                    "no agent matches `{raw}`; closest: {} (list_reference kind=agents lists all)",
                    names.join(", ")
                ),
            ))
        }
        many => Err(ToolError::invalid(
            "assignee",
            format!(
                "`{raw}` matches several agents: {}; use the full name, email or id",
                many.iter().map(|(_, u, n)| format!("{n} (id {})", u.id)).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// Resolves a team as typed: an id, a name, or "none" (`Ok(None)`).
pub fn team(g: &Gorgias, raw: &str) -> Result<Option<u64>, ToolError> {
    let raw = raw.trim();
    if matches!(raw.to_ascii_lowercase().as_str(), "none" | "no team" | "") {
        return Ok(None);
    }
    if let Ok(id) = raw.parse::<u64>() {
        return Ok(Some(id));
    }
    let (teams, _) = g.all::<wire::Team>("/teams", &[], MAX_PAGES, &Subject::api("teams"))?;
    match_team(raw, &teams).map(Some)
}

/// Picks the team `raw` names among `teams`.
pub fn match_team(raw: &str, teams: &[wire::Team]) -> Result<u64, ToolError> {
    let names: Vec<(u64, String)> = teams.iter().map(|t| (t.id, t.name.clone())).collect();
    if let Some((id, _)) = names.iter().find(|(_, n)| n.eq_ignore_ascii_case(raw.trim())) {
        return Ok(*id);
    }
    let matching: Vec<&(u64, String)> =
        names.iter().filter(|(_, n)| query::name_score(raw, n) >= 85).collect();
    match matching.as_slice() {
        [(id, _)] => Ok(*id),
        [] => Err(ToolError::invalid(
            "team",
            format!(
                "no team matches `{raw}`; teams: {}",
                names.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )),
        many => Err(ToolError::invalid(
            "team",
            format!(
                "`{raw}` matches several teams: {}",
                many.iter().map(|(i, n)| format!("{n} (id {i})")).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// Resolves a view as typed: an id or a name.
pub fn view(g: &Gorgias, raw: &str) -> Result<(u64, String), ToolError> {
    if let Ok(id) = raw.trim().parse::<u64>() {
        return Ok((id, format!("view {id}")));
    }
    let list: Vec<(u64, String)> = views(g)?.into_iter().map(|v| (v.id, v.name)).collect();
    query::match_view(raw, &list).cloned().ok_or_else(|| {
        let names: Vec<&str> = list.iter().take(12).map(|(_, n)| n.as_str()).collect();
        ToolError::invalid("view", format!("no view is called `{raw}`; views: {}", names.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Vec<wire::User> {
        serde_json::from_str(
            r#"[{"id":1,"name":"Sarah Chen","email":"sarah.chen@northwind.test"},
                {"id":2,"name":"Sarah Miller","email":"sarah.m@northwind.test"},
                {"id":3,"firstname":"Tom","lastname":"Baker","email":"tom@northwind.test"}]"#,
        )
        .unwrap()
    }

    #[test]
    fn agents_resolve_by_email_full_name_or_unique_part() {
        let u = users();
        assert_eq!(match_agent("SARAH.CHEN@northwind.test", &u), Ok(Assignee::Agent(1)));
        assert_eq!(match_agent("sarah chen", &u), Ok(Assignee::Agent(1)));
        assert_eq!(match_agent("Tom", &u), Ok(Assignee::Agent(3)));
        assert_eq!(match_agent("Sarah Chenn", &u), Ok(Assignee::Agent(1)));
    }

    #[test]
    fn ambiguous_and_unknown_agents_explain_themselves() {
        let u = users();
        let e = match_agent("Sarah", &u).unwrap_err().to_string();
        assert!(
            e.contains("several agents")
                && e.contains("Sarah Chen (id 1)")
                && e.contains("Sarah Miller (id 2)"),
            "{e}"
        );
        let e = match_agent("Zed", &u).unwrap_err().to_string();
        assert!(e.contains("no agent matches `Zed`") && e.contains("closest"), "{e}");
    }
}
