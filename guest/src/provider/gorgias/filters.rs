//! Ticket filters in Gorgias terms: validated, turned into the view filter
//! expression Gorgias stores on its own views (e.g. `eq(ticket.status, 'open')
//! && containsAny(ticket.tags.name, ['refund'])`) for server-side filtering,
//! and evaluated locally for strategies the API cannot filter. Pure.

use chrono::NaiveDateTime;

use super::wire;
use crate::tool::ToolError;
use crate::tool::list_tickets::TicketFilters;

/// Gorgias's ticket statuses.
pub const STATUSES: &[&str] = &["open", "closed"];
/// Gorgias's ticket priorities.
pub const PRIORITIES: &[&str] = &["critical", "high", "normal", "low"];
/// Common Gorgias channel slugs (LegacyChannelSlug).
pub const CHANNELS: &[&str] = &[
    "email",
    "chat",
    "phone",
    "sms",
    "api",
    "contact_form",
    "help-center",
    "facebook",
    "facebook-messenger",
    "facebook-mention",
    "instagram-comment",
    "instagram-direct-message",
    "instagram-ad-comment",
    "whatsapp",
    "twitter",
    "twitter-direct-message",
    "yotpo-review",
    "aircall",
    "internal-note",
];

/// Who a ticket must be assigned to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assignee {
    /// This agent id.
    Agent(u64),
    /// Nobody.
    Unassigned,
}

/// Filters after validation and name resolution.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolved {
    /// open or closed.
    pub status: Option<String>,
    /// Assignee.
    pub assignee: Option<Assignee>,
    /// Channel slug.
    pub channel: Option<String>,
    /// Tag name.
    pub tag: Option<String>,
    /// Created at or after.
    pub after: Option<NaiveDateTime>,
    /// Created before.
    pub before: Option<NaiveDateTime>,
    /// Customer id (list_tickets).
    pub customer: Option<u64>,
}

impl Resolved {
    /// Whether any filter is set.
    pub fn any(&self) -> bool {
        *self != Self::default()
    }
}

/// Validates the provider-independent filters. `assignee` is resolved by the
/// caller (it may need the agent list), so it arrives here already resolved.
pub fn validate(f: &TicketFilters, assignee: Option<Assignee>) -> Result<Resolved, ToolError> {
    if let Some(field) = f.unsupported() {
        return Err(ToolError::invalid(
            field,
            "Gorgias ticket lists cannot be filtered by this; use a view or search_tickets",
        ));
    }
    if f.team.is_some() {
        // Gorgias lists and view search take no team filter; say so rather than ignore it.
        return Err(ToolError::invalid(
            "team",
            "Gorgias cannot filter ticket lists by team; use a team's view (list_reference kind=views) or filter by assignee",
        ));
    }
    let status = match f.status.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
        None => None,
        Some(s) if STATUSES.contains(&s.as_str()) => Some(s),
        Some(s) => {
            return Err(ToolError::invalid(
                "status",
                format!("`{s}` is not a Gorgias status; use open or closed"),
            ));
        }
    };
    let channel = match f.channel.as_deref().map(|c| c.trim().to_ascii_lowercase().replace(' ', "-")) {
        None => None,
        Some(c)
            if c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') && !c.is_empty() =>
        {
            Some(c)
        }
        Some(c) => {
            return Err(ToolError::invalid(
                "channel",
                format!("`{c}` is not a channel; e.g. {}", CHANNELS[..6].join(", ")),
            ));
        }
    };
    let tag = f.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    let after = f.created_after.map(|w| w.0);
    let before = f.created_before.map(|w| w.0);
    if let (Some(a), Some(b)) = (after, before)
        && a >= b
    {
        return Err(ToolError::invalid("created_before", "must be later than created_after"));
    }
    Ok(Resolved { status, assignee, channel, tag, after, before, customer: None })
}

/// The view filter expression for `r`, or `None` when nothing filters.
pub fn expression(r: &Resolved) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(s) = &r.status {
        parts.push(format!("eq(ticket.status, {})", quote(s)));
    }
    match r.assignee {
        Some(Assignee::Agent(id)) => parts.push(format!("eq(ticket.assignee_user.id, {id})")),
        Some(Assignee::Unassigned) => parts.push("eq(ticket.assignee_user.id, null)".into()),
        None => {}
    }
    if let Some(c) = &r.channel {
        parts.push(format!("eq(ticket.channel, {})", quote(c)));
    }
    if let Some(t) = &r.tag {
        parts.push(format!("containsAny(ticket.tags.name, [{}])", quote(t)));
    }
    if let Some(a) = r.after {
        parts.push(format!(
            "gte(ticket.created_datetime, {})",
            quote(&a.format("%Y-%m-%dT%H:%M:%S").to_string())
        ));
    }
    if let Some(b) = r.before {
        parts.push(format!(
            "lt(ticket.created_datetime, {})",
            quote(&b.format("%Y-%m-%dT%H:%M:%S").to_string())
        ));
    }
    if let Some(c) = r.customer {
        parts.push(format!("eq(ticket.customer.id, {c})"));
    }
    (!parts.is_empty()).then(|| parts.join(" && "))
}

/// A single-quoted string literal, with `\` and `'` escaped.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Whether ticket `t` passes `r` (for strategies filtered locally).
pub fn matches(t: &wire::Ticket, r: &Resolved) -> bool {
    let created = t.created_datetime.as_deref().and_then(parse_time);
    r.status.as_deref().is_none_or(|s| t.status.as_deref().is_some_and(|ts| ts.eq_ignore_ascii_case(s)))
        && match r.assignee {
            None => true,
            Some(Assignee::Unassigned) => t.assignee_user.as_ref().and_then(|u| u.id).is_none(),
            Some(Assignee::Agent(id)) => t.assignee_user.as_ref().and_then(|u| u.id) == Some(id),
        }
        && r.channel.as_deref().is_none_or(|c| t.channel.as_deref() == Some(c))
        && r.tag.as_deref().is_none_or(|tag| t.tags.iter().any(|x| x.name.eq_ignore_ascii_case(tag)))
        && r.after.is_none_or(|a| created.is_some_and(|c| c >= a))
        && r.before.is_none_or(|b| created.is_some_and(|c| c < b))
        && r.customer.is_none_or(|id| t.customer.as_ref().and_then(|c| c.id) == Some(id))
}

/// Parses Gorgias datetimes (`2019-11-16T15:59:41.966927`, optional `Z`).
pub fn parse_time(raw: &str) -> Option<NaiveDateTime> {
    let base = raw.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(base, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::params::When;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn expression_joins_every_filter() {
        let r = Resolved {
            status: Some("open".into()),
            assignee: Some(Assignee::Agent(7)),
            channel: Some("email".into()),
            tag: Some("don't reply".into()),
            after: Some(at("2026-11-01 00:00:00")),
            before: Some(at("2026-11-08 00:00:00")),
            customer: Some(3),
        };
        assert_eq!(
            expression(&r).unwrap(),
            "eq(ticket.status, 'open') && eq(ticket.assignee_user.id, 7) && eq(ticket.channel, 'email') && \
             containsAny(ticket.tags.name, ['don\\'t reply']) && gte(ticket.created_datetime, '2026-11-01T00:00:00') && \
             lt(ticket.created_datetime, '2026-11-08T00:00:00') && eq(ticket.customer.id, 3)"
        );
        assert_eq!(expression(&Resolved::default()), None);
        let r = Resolved { assignee: Some(Assignee::Unassigned), ..Default::default() };
        assert_eq!(expression(&r).unwrap(), "eq(ticket.assignee_user.id, null)");
    }

    #[test]
    fn validation_names_bad_fields() {
        let f = TicketFilters { status: Some("pending".into()), ..Default::default() };
        assert!(
            matches!(validate(&f, None), Err(ToolError::InvalidArgument { ref field, .. }) if field == "status")
        );
        let f = TicketFilters { channel: Some("e'mail".into()), ..Default::default() };
        assert!(
            matches!(validate(&f, None), Err(ToolError::InvalidArgument { ref field, .. }) if field == "channel")
        );
        let f = TicketFilters {
            created_after: Some(When(at("2026-11-08 00:00:00"))),
            created_before: Some(When(at("2026-11-01 00:00:00"))),
            ..Default::default()
        };
        assert!(
            matches!(validate(&f, None), Err(ToolError::InvalidArgument { ref field, .. }) if field == "created_before")
        );
        let f = TicketFilters {
            status: Some(" Open ".into()),
            channel: Some("Help Center".into()),
            ..Default::default()
        };
        let r = validate(&f, None).unwrap();
        assert_eq!((r.status.as_deref(), r.channel.as_deref()), (Some("open"), Some("help-center")));
    }

    #[test]
    fn local_matching_follows_the_same_rules() {
        let t: wire::Ticket = serde_json::from_str(
            r#"{"id":1,"status":"open","channel":"email","assignee_user":{"id":7},"tags":[{"name":"Refund"}],
                "customer":{"id":3},"created_datetime":"2026-11-03T10:00:00.123"}"#,
        )
        .unwrap();
        let mut r = Resolved {
            status: Some("open".into()),
            assignee: Some(Assignee::Agent(7)),
            channel: Some("email".into()),
            tag: Some("refund".into()),
            after: Some(at("2026-11-01 00:00:00")),
            before: Some(at("2026-11-08 00:00:00")),
            customer: Some(3),
        };
        assert!(matches(&t, &r));
        r.assignee = Some(Assignee::Unassigned);
        assert!(!matches(&t, &r));
        r.assignee = None;
        r.before = Some(at("2026-11-02 00:00:00"));
        assert!(!matches(&t, &r));
    }
}
