//! Evaluates checked filter clauses against the facts of one ticket.

use std::cmp::Ordering;

use super::fields::{Field, Scalar};
use super::parser::Func;
use super::{Clause, Operand};
use crate::gorgias::wire_time::Time;

/// What a filter can see of a ticket, detached from the store so it is easy to test.
#[derive(Clone, Debug, Default)]
pub(crate) struct TicketFacts<'a> {
    pub status: &'a str,
    pub priority: &'a str,
    pub channel: &'a str,
    pub via: &'a str,
    pub assignee_user_id: Option<u64>,
    pub assignee_team_id: Option<u64>,
    pub customer_id: u64,
    pub customer_email: &'a str,
    pub tag_names: Vec<&'a str>,
    pub tag_ids: Vec<u64>,
    pub created: Time,
    pub updated: Time,
    pub last_message: Option<Time>,
    pub closed: Option<Time>,
    pub trashed: Option<Time>,
    pub spam: bool,
}

/// Per-request values templates resolve to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EvalContext {
    pub current_user_id: u64,
}

enum Value {
    One(Scalar),
    Many(Vec<Scalar>),
}

fn text(s: &str) -> Scalar {
    Scalar::Text(s.to_lowercase())
}

fn id(v: Option<u64>) -> Scalar {
    v.map_or(Scalar::Null, Scalar::Id)
}

fn time(v: Option<Time>) -> Scalar {
    v.map_or(Scalar::Null, Scalar::Time)
}

impl TicketFacts<'_> {
    fn value(&self, field: Field) -> Value {
        Value::One(match field {
            Field::Status => text(self.status),
            Field::Priority => text(self.priority),
            Field::Channel => text(self.channel),
            Field::Via => text(self.via),
            Field::AssigneeUser => id(self.assignee_user_id),
            Field::AssigneeTeam => id(self.assignee_team_id),
            Field::Customer => Scalar::Id(self.customer_id),
            Field::CustomerEmail => text(self.customer_email),
            Field::TagNames => return Value::Many(self.tag_names.iter().map(|n| text(n)).collect()),
            Field::TagIds => return Value::Many(self.tag_ids.iter().map(|i| Scalar::Id(*i)).collect()),
            Field::Created => Scalar::Time(self.created),
            Field::Updated => Scalar::Time(self.updated),
            Field::LastMessage => time(self.last_message),
            Field::Closed => time(self.closed),
            Field::Trashed => time(self.trashed),
            Field::Spam => Scalar::Bool(self.spam),
        })
    }
}

fn resolve(s: &Scalar, ctx: &EvalContext) -> Scalar {
    match s {
        Scalar::CurrentUser => Scalar::Id(ctx.current_user_id),
        other => other.clone(),
    }
}

/// Whether the field holds `x` (equality for single values, membership for sets;
/// `null` on a set means the set is empty).
fn holds(value: &Value, x: &Scalar) -> bool {
    match value {
        Value::One(v) => v == x,
        Value::Many(vs) if *x == Scalar::Null => vs.is_empty(),
        Value::Many(vs) => vs.contains(x),
    }
}

/// Evaluates one clause.
pub(crate) fn clause_matches(clause: &Clause, facts: &TicketFacts<'_>, ctx: &EvalContext) -> bool {
    let value = facts.value(clause.field);
    match (&clause.operand, clause.func) {
        (Operand::One(x), Func::Eq) => holds(&value, &resolve(x, ctx)),
        (Operand::One(x), Func::Neq) => !holds(&value, &resolve(x, ctx)),
        (Operand::One(x), Func::Gt | Func::Gte | Func::Lt | Func::Lte) => {
            let Value::One(v) = &value else { return false };
            let x = resolve(x, ctx);
            let ord = match (v, &x) {
                (Scalar::Time(a), Scalar::Time(b)) => a.cmp(b),
                (Scalar::Id(a), Scalar::Id(b)) => a.cmp(b),
                _ => return false,
            };
            match clause.func {
                Func::Gt => ord == Ordering::Greater,
                Func::Gte => ord != Ordering::Less,
                Func::Lt => ord == Ordering::Less,
                _ => ord != Ordering::Greater,
            }
        }
        (Operand::One(x), set_func) => set_matches(set_func, &value, std::slice::from_ref(x), ctx),
        (Operand::Many(xs), set_func) => set_matches(set_func, &value, xs, ctx),
    }
}

fn set_matches(func: Func, value: &Value, xs: &[Scalar], ctx: &EvalContext) -> bool {
    let mut hits = xs.iter().map(|x| holds(value, &resolve(x, ctx)));
    match func {
        Func::ContainsAny => hits.any(|h| h),
        Func::ContainsAll => hits.all(|h| h),
        Func::NotContains => !hits.any(|h| h),
        // Lists with comparison functions are rejected when the filter is checked.
        _ => false,
    }
}
