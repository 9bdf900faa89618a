//! The view filter language Gorgias stores on views, e.g.
//! `eq(ticket.assignee_user.id, '{{current_user.id}}') && eq(ticket.status, 'open')`.

mod eval;
mod fields;
mod lexer;
mod parser;

pub(crate) use eval::{EvalContext, TicketFacts};

use fields::{Field, Kind, Scalar};
use parser::{Func, Literal};

/// A checked clause: a known field, a function allowed on it, a value of the right type.
#[derive(Clone, Debug)]
pub(crate) struct Clause {
    func: Func,
    field: Field,
    operand: Operand,
}

#[derive(Clone, Debug)]
enum Operand {
    One(Scalar),
    Many(Vec<Scalar>),
}

/// A parsed, type-checked filter: a conjunction of clauses (empty matches everything).
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter {
    clauses: Vec<Clause>,
}

impl Filter {
    /// Parses and checks `src`; the error is the short reason shown after
    /// `Invalid view filters: `.
    pub(crate) fn parse(src: &str) -> Result<Filter, String> {
        let clauses = parser::parse(src)?
            .into_iter()
            .map(|call| check(call.func, &call.path, &call.value))
            .collect::<Result<_, _>>()?;
        Ok(Filter { clauses })
    }

    /// Both filters at once (a stored view narrowed by a search request).
    pub(crate) fn and(mut self, other: Filter) -> Filter {
        self.clauses.extend(other.clauses);
        self
    }

    /// Whether a ticket passes every clause.
    pub(crate) fn matches(&self, facts: &TicketFacts<'_>, ctx: &EvalContext) -> bool {
        self.clauses.iter().all(|c| eval::clause_matches(c, facts, ctx))
    }
}

fn check(func: Func, path: &str, value: &Literal) -> Result<Clause, String> {
    let field = Field::from_path(path).ok_or_else(|| format!("unknown field '{path}'"))?;
    let name = func.name();
    let operand = match func {
        Func::Eq | Func::Neq => Operand::One(fields::scalar(field, path, value)?),
        Func::Gt | Func::Gte | Func::Lt | Func::Lte => {
            if !matches!(field.kind(), Kind::Time | Kind::Id) {
                return Err(format!("{name} cannot compare {path}"));
            }
            match fields::scalar(field, path, value)? {
                Scalar::Null => return Err(format!("{name} needs a value, not null")),
                s => Operand::One(s),
            }
        }
        Func::ContainsAny | Func::ContainsAll | Func::NotContains => {
            if matches!(field.kind(), Kind::Time | Kind::Bool) {
                return Err(format!("{name} cannot be used on {path}"));
            }
            match value {
                Literal::List(items) => Operand::Many(
                    items.iter().map(|item| fields::scalar(field, path, item)).collect::<Result<_, _>>()?,
                ),
                single => Operand::One(fields::scalar(field, path, single)?),
            }
        }
    };
    Ok(Clause { func, field, operand })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gorgias::wire_time;

    fn facts() -> TicketFacts<'static> {
        TicketFacts {
            status: "open",
            priority: "high",
            channel: "email",
            via: "email",
            assignee_user_id: Some(2),
            assignee_team_id: None,
            customer_id: 1001,
            customer_email: "Alice.Johnson@example.com",
            tag_names: vec!["refund", "vip"],
            tag_ids: vec![301, 317],
            created: wire_time::parse("2026-11-10T09:00:00").unwrap(),
            updated: wire_time::parse("2026-11-12T09:00:00").unwrap(),
            last_message: wire_time::parse("2026-11-12T09:00:00"),
            closed: None,
            trashed: None,
            spam: false,
        }
    }

    fn run(src: &str) -> bool {
        let f = Filter::parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        f.matches(&facts(), &EvalContext { current_user_id: 2 })
    }

    #[test]
    fn equality_nulls_and_templates() {
        assert!(run("eq(ticket.status, 'open') && eq(ticket.priority, 'HIGH')"));
        assert!(!run("eq(ticket.status, 'closed')"));
        assert!(run("eq(ticket.assignee_user.id, '{{current_user.id}}')"));
        assert!(run("eq(ticket.assignee_user.id, 2) && eq(ticket.assignee_team.id, null)"));
        assert!(run("neq(ticket.assignee_user.id, null)"));
        assert!(run("eq(ticket.customer.email, 'alice.johnson@example.com')"));
        assert!(run("eq(ticket.spam, false) && eq(ticket.trashed_datetime, null)"));
        assert!(run(""));
    }

    #[test]
    fn sets_and_scalars_with_contains() {
        assert!(run("containsAny(ticket.tags.name, ['refund']) && eq(ticket.priority, 'high')"));
        assert!(run("containsAll(ticket.tags.name, ['refund', 'vip'])"));
        assert!(!run("containsAll(ticket.tags.name, ['refund', 'exchange'])"));
        assert!(run("notContains(ticket.tags.name, ['spam'])"));
        assert!(run("containsAny(ticket.tags.id, [1, 317])"));
        assert!(run("eq(ticket.tags.name, 'vip') && neq(ticket.tags.name, 'urgent')"));
        assert!(run("containsAny(ticket.channel, ['chat', 'email'])"));
        assert!(!run("notContains(ticket.channel, ['email'])"));
    }

    #[test]
    fn datetime_comparisons() {
        assert!(run("gte(ticket.created_datetime, '2026-11-01')"));
        assert!(run("lt(ticket.created_datetime, '2026-11-10T09:00:00.000001')"));
        assert!(!run("gt(ticket.created_datetime, '2026-11-10T09:00:00')"));
        assert!(run("lte(ticket.updated_datetime, '2026-11-12T09:00:00Z')"));
        // A null datetime compares false either way.
        assert!(!run("gt(ticket.closed_datetime, '2020-01-01')"));
        assert!(!run("lt(ticket.closed_datetime, '2099-01-01')"));
        assert!(run("gt(ticket.customer.id, 1000)"));
    }

    #[test]
    fn type_errors_are_reported() {
        for (src, reason) in [
            ("eq(ticket.colour, 'red')", "unknown field"),
            ("gt(ticket.status, 'open')", "cannot compare"),
            ("gte(ticket.created_datetime, 'last week')", "not a date"),
            ("eq(ticket.assignee_user.id, 'sarah')", "expects an id"),
            ("eq(ticket.spam, 'maybe')", "true or false"),
            ("eq(ticket.status, ['open'])", "single value"),
            ("containsAny(ticket.closed_datetime, ['2026-01-01'])", "cannot be used"),
            ("gt(ticket.created_datetime, null)", "not null"),
            ("eq(ticket.status, 3)", "expects a string"),
        ] {
            let err = Filter::parse(src).unwrap_err();
            assert!(err.contains(reason), "{src}: {err}");
        }
    }

    #[test]
    fn and_combines_filters() {
        let f = Filter::parse("eq(ticket.status, 'open')")
            .unwrap()
            .and(Filter::parse("eq(ticket.channel, 'chat')").unwrap());
        assert!(!f.matches(&facts(), &EvalContext { current_user_id: 2 }));
    }
}
