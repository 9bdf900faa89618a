//! The ticket fields a filter may name, and how literals are typed against them.

use super::parser::Literal;
use crate::gorgias::wire_time::{self, Time};

/// Template that stands for the API user's id.
const CURRENT_USER: &str = "{{current_user.id}}";

/// A filterable ticket field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Status,
    Priority,
    Channel,
    Via,
    AssigneeUser,
    AssigneeTeam,
    Customer,
    CustomerEmail,
    TagNames,
    TagIds,
    Created,
    Updated,
    LastMessage,
    Closed,
    Spam,
    Trashed,
}

/// What values a field holds, which decides the literals and functions it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Id,
    TextSet,
    IdSet,
    Time,
    Bool,
}

impl Field {
    /// Resolves a path such as `ticket.assignee_user.id`.
    pub(crate) fn from_path(path: &str) -> Option<Field> {
        Some(match path {
            "ticket.status" => Field::Status,
            "ticket.priority" => Field::Priority,
            "ticket.channel" => Field::Channel,
            "ticket.via" => Field::Via,
            "ticket.assignee_user.id" => Field::AssigneeUser,
            "ticket.assignee_team.id" => Field::AssigneeTeam,
            "ticket.customer.id" => Field::Customer,
            "ticket.customer.email" => Field::CustomerEmail,
            "ticket.tags.name" => Field::TagNames,
            "ticket.tags.id" => Field::TagIds,
            "ticket.created_datetime" => Field::Created,
            "ticket.updated_datetime" => Field::Updated,
            "ticket.last_message_datetime" => Field::LastMessage,
            "ticket.closed_datetime" => Field::Closed,
            "ticket.spam" => Field::Spam,
            "ticket.trashed_datetime" => Field::Trashed,
            _ => return None,
        })
    }

    pub(crate) fn kind(self) -> Kind {
        match self {
            Field::Status | Field::Priority | Field::Channel | Field::Via | Field::CustomerEmail => {
                Kind::Text
            }
            Field::AssigneeUser | Field::AssigneeTeam | Field::Customer => Kind::Id,
            Field::TagNames => Kind::TextSet,
            Field::TagIds => Kind::IdSet,
            Field::Created | Field::Updated | Field::LastMessage | Field::Closed | Field::Trashed => {
                Kind::Time
            }
            Field::Spam => Kind::Bool,
        }
    }
}

/// A typed value: what a field holds, or what a literal means for that field.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    Null,
    /// Lower-cased, as comparisons are case-insensitive.
    Text(String),
    Id(u64),
    /// `'{{current_user.id}}'`, resolved when the filter runs.
    CurrentUser,
    Time(Time),
    Bool(bool),
}

/// Types `lit` for `field`, explaining what was expected when it does not fit.
pub(crate) fn scalar(field: Field, path: &str, lit: &Literal) -> Result<Scalar, String> {
    let kind = field.kind();
    match (kind, lit) {
        (Kind::Bool, Literal::Null) => Err(format!("{path} cannot be null")),
        (_, Literal::Null) => Ok(Scalar::Null),
        (_, Literal::List(_)) => Err(format!("{path} takes a single value here")),
        (Kind::Text | Kind::TextSet, Literal::Str(s)) => Ok(Scalar::Text(s.to_lowercase())),
        (Kind::Text | Kind::TextSet, _) => Err(format!("{path} expects a string")),
        (Kind::Id | Kind::IdSet, Literal::Str(s)) if s.trim() == CURRENT_USER => Ok(Scalar::CurrentUser),
        (Kind::Id | Kind::IdSet, Literal::Str(s)) => {
            s.trim().parse().map(Scalar::Id).map_err(|_| format!("{path} expects an id, not '{s}'"))
        }
        (Kind::Id | Kind::IdSet, Literal::Num(n)) if *n >= 0.0 && n.fract() == 0.0 => {
            Ok(Scalar::Id(*n as u64))
        }
        (Kind::Id | Kind::IdSet, _) => Err(format!("{path} expects an id")),
        (Kind::Time, Literal::Str(s)) => {
            wire_time::parse(s).map(Scalar::Time).ok_or_else(|| format!("'{s}' is not a date for {path}"))
        }
        (Kind::Time, _) => Err(format!("{path} expects a date string")),
        (Kind::Bool, Literal::Bool(b)) => Ok(Scalar::Bool(*b)),
        (Kind::Bool, Literal::Str(s)) if s == "true" || s == "false" => Ok(Scalar::Bool(s == "true")),
        (Kind::Bool, _) => Err(format!("{path} expects true or false")),
    }
}
