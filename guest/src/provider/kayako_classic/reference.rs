//! Reference data — departments, statuses, priorities, types and staff — read
//! in one round trip (each request marked cacheable, so a caching host serves
//! repeats from memory), and the names a model types resolved to Kayako ids.

use super::client::KayakoSubject as _;
use super::client::{Subject, decode};
use super::wire::{Named, Staff};
use super::{Kayako, xml::Element};
use crate::http::HttpError;
use crate::model::ReferenceItem;
use crate::provider::ReferenceList;
use crate::tool::ToolError;
use crate::tool::list_reference::ReferenceKind;

/// Everything names are resolved against.
#[derive(Clone, Debug, Default)]
pub struct Reference {
    /// `GET /Base/Department`.
    pub departments: Vec<Named>,
    /// `GET /Tickets/TicketStatus`.
    pub statuses: Vec<Named>,
    /// `GET /Tickets/TicketPriority`.
    pub priorities: Vec<Named>,
    /// `GET /Tickets/TicketType`.
    pub types: Vec<Named>,
    /// `GET /Base/Staff`.
    pub staff: Vec<Staff>,
    /// Lists that could not be read (optional ones only).
    pub missing: Vec<&'static str>,
}

/// The lists, in request order: (route, root item, label, required).
const LISTS: [(&str, &str, &str, bool); 5] = [
    ("/Base/Department", "department", "departments", true),
    ("/Tickets/TicketStatus", "ticketstatus", "ticket statuses", true),
    ("/Tickets/TicketPriority", "ticketpriority", "ticket priorities", false),
    ("/Tickets/TicketType", "tickettype", "ticket types", false),
    ("/Base/Staff", "staff", "staff", false),
];

impl Reference {
    /// The requests that read every list, to batch with others.
    pub fn requests(k: &Kayako) -> Vec<crate::http::Request> {
        LISTS.iter().map(|(route, ..)| k.get_reference(route)).collect()
    }

    /// Reads the answers to [`Reference::requests`]; departments and statuses
    /// are required, the others degrade to empty lists.
    pub fn from_results(
        results: impl IntoIterator<Item = Result<crate::http::Response, HttpError>>,
    ) -> Result<Self, ToolError> {
        let mut r = Reference::default();
        let mut results = results.into_iter();
        for (i, (_, item, label, required)) in LISTS.iter().enumerate() {
            let result = results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
            let root: Element = match decode(result, &Subject::api(label)) {
                Ok(root) => root,
                Err(e) if *required => return Err(e),
                Err(_) => {
                    r.missing.push(label);
                    continue;
                }
            };
            match i {
                0 => r.departments = Named::list(&root, item),
                1 => r.statuses = Named::list(&root, item),
                2 => r.priorities = Named::list(&root, item),
                3 => r.types = Named::list(&root, item),
                _ => r.staff = Staff::list(&root),
            }
        }
        Ok(r)
    }

    /// Reads every list in one round trip.
    pub fn load(k: &Kayako) -> Result<Self, ToolError> {
        Self::from_results(k.send_all(Self::requests(k)))
    }

    /// Title of department `id`.
    pub fn department(&self, id: Option<i64>) -> Option<String> {
        title(&self.departments, id)
    }

    /// Title of status `id`.
    pub fn status(&self, id: Option<i64>) -> Option<String> {
        title(&self.statuses, id)
    }

    /// Title of priority `id`.
    pub fn priority(&self, id: Option<i64>) -> Option<String> {
        title(&self.priorities, id)
    }

    /// Title of type `id`.
    pub fn kind(&self, id: Option<i64>) -> Option<String> {
        title(&self.types, id)
    }

    /// Name of staff member `id`.
    pub fn staff_name(&self, id: Option<i64>) -> Option<String> {
        let id = id.filter(|i| *i > 0)?;
        self.staff.iter().find(|s| s.id == id).map(|s| s.name.clone())
    }

    /// Ids of the ticket departments (livechat ones cannot hold tickets).
    pub fn ticket_departments(&self) -> Vec<i64> {
        self.departments
            .iter()
            .filter(|d| d.module.as_deref().is_none_or(|m| m == "tickets"))
            .map(|d| d.id)
            .collect()
    }

    /// A status as typed: `open` (every unresolved one), `closed` (every
    /// resolved one), a title or an id. Returns the matching ids.
    pub fn status_ids(&self, field: &str, raw: &str) -> Result<Vec<i64>, ToolError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "open" | "unresolved" => Ok(self.statuses.iter().filter(|s| !s.resolved).map(|s| s.id).collect()),
            "closed" | "resolved" => Ok(self.statuses.iter().filter(|s| s.resolved).map(|s| s.id).collect()),
            _ => resolve(field, "status", raw, &self.statuses).map(|id| vec![id]),
        }
    }

    /// A staff member as typed: id, email or (part of a) name; `none` is 0.
    pub fn staff_id(&self, field: &str, raw: &str) -> Result<i64, ToolError> {
        let raw = raw.trim();
        if matches!(raw.to_ascii_lowercase().as_str(), "none" | "nobody" | "unassigned") {
            return Ok(0);
        }
        if let Ok(id) = raw.parse() {
            return Ok(id);
        }
        if let Some(s) =
            self.staff.iter().find(|s| s.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(raw)))
        {
            return Ok(s.id);
        }
        let named: Vec<Named> = self
            .staff
            .iter()
            .map(|s| Named { id: s.id, title: s.name.clone(), ..Named::default() })
            .collect();
        resolve(field, "staff member", raw, &named)
    }
}

fn title(items: &[Named], id: Option<i64>) -> Option<String> {
    let id = id?;
    items.iter().find(|n| n.id == id).map(|n| n.title.clone()).or_else(|| (id > 0).then(|| format!("#{id}")))
}

/// Resolves `raw` (an id, a title, or a part of exactly one title) among `items`.
pub fn resolve(field: &str, what: &str, raw: &str, items: &[Named]) -> Result<i64, ToolError> {
    let raw = raw.trim();
    if let Ok(id) = raw.parse::<i64>()
        && (items.iter().any(|i| i.id == id) || items.is_empty())
    {
        return Ok(id);
    }
    if let Some(i) = items.iter().find(|i| i.title.eq_ignore_ascii_case(raw)) {
        return Ok(i.id);
    }
    let lower = raw.to_lowercase();
    let partial: Vec<&Named> = items.iter().filter(|i| i.title.to_lowercase().contains(&lower)).collect();
    let names = |list: &mut dyn Iterator<Item = &Named>| {
        list.take(15).map(|i| format!("{} (id {})", i.title, i.id)).collect::<Vec<_>>().join(", ")
    };
    match partial.as_slice() {
        [one] => Ok(one.id),
        [] => Err(ToolError::invalid(
            field,
            format!("no {what} matches `{raw}`; choose from: {}", names(&mut items.iter())),
        )),
        many => Err(ToolError::invalid(
            field,
            format!("`{raw}` matches several: {}; use the full name or id", names(&mut many.iter().copied())),
        )),
    }
}

/// `list_reference`: departments answer `teams`, staff `agents`, and
/// statuses, priorities and types together answer `statuses`.
pub fn list(k: &Kayako, kind: ReferenceKind) -> Result<ReferenceList, ToolError> {
    let unsupported = |what: &str| {
        Err(ToolError::invalid(
            "kind",
            format!(
                "Kayako Classic has no {what} list; use agents (staff), teams (departments) or statuses (statuses, priorities and types)"
            ),
        ))
    };
    match kind {
        ReferenceKind::Tags => return unsupported("tag"),
        ReferenceKind::Views => return unsupported("saved view"),
        ReferenceKind::CustomFields => return unsupported("custom field definition"),
        ReferenceKind::Channels => return unsupported("channel"),
        // Predefined replies exist in the staff panel but not in the REST API.
        ReferenceKind::CannedResponses => return unsupported("canned response"),
        ReferenceKind::Categories => return unsupported("category"),
        ReferenceKind::Watchlists => return unsupported("watchlist"),
        ReferenceKind::ResolutionCategories => return unsupported("resolution category"),
        ReferenceKind::Interventions => return unsupported("intervention"),
        ReferenceKind::Escalations => return unsupported("escalation"),
        ReferenceKind::Agents | ReferenceKind::Teams | ReferenceKind::Statuses => {}
    }
    let r = Reference::load(k)?;
    let named = |n: &Named, what: &str, extra: Option<String>| ReferenceItem {
        id: Some(n.id.to_string()),
        name: n.title.clone(),
        detail: Some([Some(what.to_owned()), extra].into_iter().flatten().collect::<Vec<_>>().join(", ")),
        text: None,
    };
    let items: Vec<ReferenceItem> = match kind {
        ReferenceKind::Agents => r
            .staff
            .iter()
            .map(|s| ReferenceItem {
                id: Some(s.id.to_string()),
                name: s.name.clone(),
                detail: Some(
                    [s.email.clone(), s.designation.clone(), (!s.enabled).then(|| "disabled".into())]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", "),
                )
                .filter(|d| !d.is_empty()),
                text: None,
            })
            .collect(),
        ReferenceKind::Teams => r
            .departments
            .iter()
            .map(|d| {
                named(
                    d,
                    "department",
                    d.module.clone().map(|m| {
                        format!(
                            "{m}{}",
                            d.visibility.as_deref().map(|v| format!(", {v}")).unwrap_or_default()
                        )
                    }),
                )
            })
            .collect(),
        _ => r
            .statuses
            .iter()
            .map(|s| named(s, "status", s.resolved.then(|| "resolved".into())))
            .chain(r.priorities.iter().map(|p| named(p, "priority", None)))
            .chain(r.types.iter().map(|t| named(t, "type", None)))
            .collect(),
    };
    let notes = r.missing.iter().map(|m| format!("The {m} list could not be read.")).collect();
    Ok(ReferenceList { items, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses() -> Reference {
        let n = |id, title: &str, resolved| Named { id, title: title.into(), resolved, ..Named::default() };
        Reference {
            statuses: vec![n(1, "Open", false), n(2, "On Hold", false), n(3, "Closed", true)],
            staff: vec![Staff {
                id: 4,
                name: "Sam Ray".into(),
                email: Some("sam@x.test".into()),
                ..Staff::default()
            }],
            ..Reference::default()
        }
    }

    #[test]
    fn statuses_resolve_by_group_title_or_id() {
        let r = statuses();
        assert_eq!(r.status_ids("status", "open").unwrap(), [1, 2]);
        assert_eq!(r.status_ids("status", "closed").unwrap(), [3]);
        assert_eq!(r.status_ids("status", "on hold").unwrap(), [2]);
        assert_eq!(r.status_ids("status", "3").unwrap(), [3]);
        let e = r.status_ids("status", "pending").unwrap_err().to_string();
        assert!(e.contains("no status matches `pending`") && e.contains("On Hold (id 2)"), "{e}");
    }

    #[test]
    fn staff_resolve_by_email_name_or_none() {
        let r = statuses();
        assert_eq!(r.staff_id("assignee", "SAM@x.test").unwrap(), 4);
        assert_eq!(r.staff_id("assignee", "sam").unwrap(), 4);
        assert_eq!(r.staff_id("assignee", "none").unwrap(), 0);
        assert!(r.staff_id("assignee", "zed").is_err());
    }
}
