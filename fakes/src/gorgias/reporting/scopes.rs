//! The reporting scopes the fake computes: for each, its measures, the time dimension(s)
//! it accepts and the dimensions rows can be broken down by.

/// What a scope counts; decides which records become rows and which time they carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    TicketsCreated,
    TicketsClosed,
    TicketsReplied,
    TicketsOpen,
    FirstResponseTime,
    ResolutionTime,
    MessagesSent,
    MessagesReceived,
    OneTouchTickets,
    SatisfactionSurveys,
    Tags,
}

/// One scope as clients name it, with what a query on it may ask for.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScopeSpec {
    pub name: &'static str,
    pub scope: Scope,
    pub measures: &'static [&'static str],
    /// Accepted time dimension names, the documented one first; all mean the same time.
    pub time_dimensions: &'static [&'static str],
    pub dimensions: &'static [&'static str],
}

const TICKET_COUNT: &[&str] = &["ticketCount"];
const MESSAGES_COUNT: &[&str] = &["messagesCount"];
const TICKET_DIMS: &[&str] = &["agentId", "channel", "teamId"];
const AGENT_CHANNEL: &[&str] = &["agentId", "channel"];

/// Every scope the fake serves.
pub(crate) const SCOPES: [ScopeSpec; 11] = [
    ScopeSpec {
        name: "tickets-created",
        scope: Scope::TicketsCreated,
        measures: TICKET_COUNT,
        time_dimensions: &["createdDatetime"],
        dimensions: TICKET_DIMS,
    },
    ScopeSpec {
        name: "tickets-closed",
        scope: Scope::TicketsClosed,
        measures: TICKET_COUNT,
        time_dimensions: &["closedDatetime"],
        dimensions: TICKET_DIMS,
    },
    ScopeSpec {
        name: "tickets-replied",
        scope: Scope::TicketsReplied,
        measures: TICKET_COUNT,
        time_dimensions: &["createdDatetime", "sentDatetime"],
        dimensions: AGENT_CHANNEL,
    },
    ScopeSpec {
        name: "tickets-open",
        scope: Scope::TicketsOpen,
        measures: TICKET_COUNT,
        time_dimensions: &["createdDatetime"],
        dimensions: TICKET_DIMS,
    },
    ScopeSpec {
        name: "first-response-time",
        scope: Scope::FirstResponseTime,
        measures: &["medianFirstResponseTime", "averageFirstResponseTime"],
        time_dimensions: &["firstAgentMessageDatetime"],
        dimensions: AGENT_CHANNEL,
    },
    ScopeSpec {
        name: "resolution-time",
        scope: Scope::ResolutionTime,
        measures: &["medianResolutionTime", "averageResolutionTime"],
        time_dimensions: &["closedDatetime", "createdDatetime"],
        dimensions: AGENT_CHANNEL,
    },
    ScopeSpec {
        name: "messages-sent",
        scope: Scope::MessagesSent,
        measures: MESSAGES_COUNT,
        time_dimensions: &["sentDatetime"],
        dimensions: AGENT_CHANNEL,
    },
    ScopeSpec {
        name: "messages-received",
        scope: Scope::MessagesReceived,
        measures: MESSAGES_COUNT,
        time_dimensions: &["sentDatetime"],
        dimensions: &["channel"],
    },
    ScopeSpec {
        name: "one-touch-tickets",
        scope: Scope::OneTouchTickets,
        measures: TICKET_COUNT,
        time_dimensions: &["closedDatetime"],
        dimensions: AGENT_CHANNEL,
    },
    ScopeSpec {
        name: "satisfaction-surveys",
        scope: Scope::SatisfactionSurveys,
        measures: &["averageSurveyScore", "scoredSurveysCount", "sentSurveysCount", "responseRate"],
        time_dimensions: &["scoredDatetime", "createdDatetime"],
        dimensions: &["agentId", "channel", "surveyScore"],
    },
    ScopeSpec {
        name: "tags",
        scope: Scope::Tags,
        measures: TICKET_COUNT,
        time_dimensions: &["timestamp"],
        dimensions: &["tagId"],
    },
];

/// The scope called `name`.
pub(crate) fn find(name: &str) -> Option<&'static ScopeSpec> {
    SCOPES.iter().find(|s| s.name == name)
}

/// Every scope name, for error messages.
pub(crate) fn names() -> String {
    SCOPES.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
}
