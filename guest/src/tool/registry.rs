//! The tool list, as data. Order is the order clients display.

use super::{ToolSpec, get_ticket, list_reference, list_tickets, search_tickets};

/// Every tool the component offers.
pub const TOOLS: &[ToolSpec] =
    &[search_tickets::SPEC, get_ticket::SPEC, list_tickets::SPEC, list_reference::SPEC];

/// The tool called `name`.
pub fn find(name: &str) -> Option<&'static ToolSpec> {
    TOOLS.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_verb_noun() {
        let mut names: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        for n in &names {
            assert!(n.contains('_') && n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{n}");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TOOLS.len());
    }

    #[test]
    fn every_schema_is_an_object_schema() {
        for t in TOOLS {
            assert_eq!((t.input_schema)()["type"], "object", "{}", t.name);
            assert_eq!((t.output_schema)()["type"], "object", "{}", t.name);
            assert!(!t.description.is_empty() && t.description.len() < 400, "{}", t.name);
        }
    }

    #[test]
    fn read_tools_are_annotated_read_only_and_idempotent() {
        for t in TOOLS.iter().filter(|t| t.tier == super::super::Tier::Readonly) {
            assert!(
                t.annotations.read_only && t.annotations.idempotent && !t.annotations.destructive,
                "{}",
                t.name
            );
        }
    }
}
