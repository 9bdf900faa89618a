//! Reference data — statuses, active categories with their types and items, staff
//! and groups — read in as few round trips as the tree allows (every request marked
//! cacheable), and the names a model types resolved to ULIDs.

use super::Ohd;
use super::client::{Call, STAFF, api_subject, decode};
use super::wire::{List, Named, Status, User};
use crate::http::HttpError;
use crate::tool::ToolError;

/// Priorities, as the API spells them.
pub const PRIORITIES: [&str; 4] = ["critical", "high", "medium", "low"];

/// A type with its items.
#[derive(Clone, Debug, Default)]
pub struct TypeNode {
    /// The type.
    pub kind: Named,
    /// Its items.
    pub items: Vec<Named>,
}

/// An active category with its types.
#[derive(Clone, Debug, Default)]
pub struct CategoryNode {
    /// The category.
    pub category: Named,
    /// Its types (empty when the tree was not read).
    pub types: Vec<TypeNode>,
}

/// Everything names are resolved against.
#[derive(Clone, Debug, Default)]
pub struct Reference {
    /// `GET /statuses`.
    pub statuses: Vec<Status>,
    /// `GET /categories` (active only) and their types and items.
    pub categories: Vec<CategoryNode>,
    /// `GET /staff` (Staff and Admin keys).
    pub staff: Vec<User>,
    /// `GET /groups` (Staff and Admin keys).
    pub groups: Vec<Named>,
    /// Whether staff and groups were refused (a User key).
    pub people_refused: bool,
}

/// A resolved category path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryPath {
    /// Category ULID.
    pub category: String,
    /// Type ULID.
    pub kind: Option<String>,
    /// Item ULID.
    pub item: Option<String>,
}

fn missing() -> Result<crate::http::Response, HttpError> {
    Err(HttpError::Protocol("missing response"))
}

impl Reference {
    /// Reads the lists; `tree` also reads every category's types and items (two more round trips).
    pub fn load(o: &Ohd, tree: bool) -> Result<Self, ToolError> {
        Self::load_with(o, tree, vec![]).map(|(r, _)| r)
    }

    /// Reads the lists together with `extra` calls, whose results are returned.
    pub fn load_with(
        o: &Ohd,
        tree: bool,
        extra: Vec<Call>,
    ) -> Result<(Self, Vec<Result<crate::http::Response, HttpError>>), ToolError> {
        let mut calls = extra;
        let n = calls.len();
        calls.extend(["/statuses", "/categories", "/staff", "/groups"].map(Call::reference));
        let mut results = o.send_all(&calls)?;
        let lists: Vec<_> = results.split_off(n);
        let mut it = lists.into_iter();
        let mut r = Reference {
            statuses: decode::<List<Status>>(
                it.next().unwrap_or_else(missing),
                &api_subject("statuses"),
                STAFF,
            )?
            .data,
            ..Reference::default()
        };
        let categories: Vec<Named> =
            decode::<List<Named>>(it.next().unwrap_or_else(missing), &api_subject("categories"), STAFF)?.data;
        for (i, result) in it.enumerate() {
            match result {
                Ok(resp) if resp.status == 403 => r.people_refused = true,
                other if i == 0 => r.staff = decode::<List<User>>(other, &api_subject("staff"), STAFF)?.data,
                other => r.groups = decode::<List<Named>>(other, &api_subject("groups"), STAFF)?.data,
            }
        }
        r.categories =
            categories.into_iter().map(|category| CategoryNode { category, types: vec![] }).collect();
        if tree {
            r.read_tree(o)?;
        }
        Ok((r, results))
    }

    fn read_tree(&mut self, o: &Ohd) -> Result<(), ToolError> {
        let calls: Vec<Call> = self
            .categories
            .iter()
            .map(|c| Call::reference(format!("/categories/{}/types", c.category.id)))
            .collect();
        for (c, result) in self.categories.iter_mut().zip(o.send_all(&calls)?) {
            let types = decode::<List<Named>>(result, &api_subject("category types"), STAFF)?.data;
            c.types = types.into_iter().map(|kind| TypeNode { kind, items: vec![] }).collect();
        }
        let mut calls = Vec::new();
        for c in &self.categories {
            for t in &c.types {
                calls.push(Call::reference(format!(
                    "/categories/{}/types/{}/items",
                    c.category.id, t.kind.id
                )));
            }
        }
        let mut results = o.send_all(&calls)?.into_iter();
        for c in &mut self.categories {
            for t in &mut c.types {
                t.items = decode::<List<Named>>(
                    results.next().unwrap_or_else(missing),
                    &api_subject("items"),
                    STAFF,
                )?
                .data;
            }
        }
        Ok(())
    }

    /// Name of status `id`.
    pub fn status(&self, id: &str) -> String {
        self.statuses.iter().find(|s| s.id == id).map_or_else(|| id.to_owned(), |s| s.name.clone())
    }

    /// Whether status `id` means done (Resolved, Closed).
    pub fn is_done(&self, id: &str) -> bool {
        self.statuses.iter().any(|s| s.id == id && s.is_done())
    }

    /// Name of staff member `id`.
    pub fn staff_name(&self, id: Option<&str>) -> Option<String> {
        let id = id?;
        Some(self.staff.iter().find(|s| s.id == id).map_or_else(|| id.to_owned(), |s| s.name.clone()))
    }

    /// Name of group `id`.
    pub fn group_name(&self, id: Option<&str>) -> Option<String> {
        let id = id?;
        Some(self.groups.iter().find(|g| g.id == id).map_or_else(|| id.to_owned(), |g| g.name.clone()))
    }

    /// Names of category, type and item (ULIDs where the lists lack them).
    pub fn category_names(
        &self,
        c: &str,
        t: Option<&str>,
        i: Option<&str>,
    ) -> (String, Option<String>, Option<String>) {
        let node = self.categories.iter().find(|n| n.category.id == c);
        let kind = t.map(|t| node.and_then(|n| n.types.iter().find(|x| x.kind.id == t)).ok_or(t));
        let item = i.map(|i| {
            kind.as_ref()
                .and_then(|k| k.ok())
                .and_then(|k| k.items.iter().find(|x| x.id == i))
                .map_or_else(|| i.to_owned(), |x| x.name.clone())
        });
        (
            node.map_or_else(|| format!("{c} (inactive category)"), |n| n.category.name.clone()),
            kind.map(|k| k.map_or_else(str::to_owned, |k| k.kind.name.clone())),
            item,
        )
    }

    /// Status ULIDs for a name, or `open` (every active status not done) / `closed` (done ones).
    pub fn status_ids(&self, field: &str, raw: &str) -> Result<Vec<String>, ToolError> {
        match fold(raw).as_str() {
            "open" | "unresolved" => {
                Ok(self.statuses.iter().filter(|s| s.active && !s.is_done()).map(|s| s.id.clone()).collect())
            }
            "closed" | "done" => {
                Ok(self.statuses.iter().filter(|s| s.is_done()).map(|s| s.id.clone()).collect())
            }
            _ => {
                let active: Vec<(String, String)> = self
                    .statuses
                    .iter()
                    .filter(|s| s.active)
                    .map(|s| (s.id.clone(), s.name.clone()))
                    .collect();
                resolve(field, "status", raw, &active).map(|id| vec![id])
            }
        }
    }

    /// A staff member by name, email or ULID; `none` is `None`.
    pub fn staff_id(&self, field: &str, raw: &str) -> Result<Option<String>, ToolError> {
        if is_none(raw) {
            return Ok(None);
        }
        if self.people_refused {
            return Err(ToolError::invalid(
                field,
                "naming staff needs a Staff or Admin key (this key cannot list staff)",
            ));
        }
        if let Some(s) =
            self.staff.iter().find(|s| s.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(raw.trim())))
        {
            return Ok(Some(s.id.clone()));
        }
        let staff: Vec<(String, String)> =
            self.staff.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
        resolve(field, "staff member", raw, &staff).map(Some)
    }

    /// A group by name or ULID; `none` is `None`.
    pub fn group_id(&self, field: &str, raw: &str) -> Result<Option<String>, ToolError> {
        if is_none(raw) {
            return Ok(None);
        }
        if self.people_refused {
            return Err(ToolError::invalid(
                field,
                "naming groups needs a Staff or Admin key (this key cannot list groups)",
            ));
        }
        let groups: Vec<(String, String)> =
            self.groups.iter().map(|g| (g.id.clone(), g.name.clone())).collect();
        resolve(field, "group", raw, &groups).map(Some)
    }

    /// `Category`, `Category / Type` or `Category / Type / Item`, by names or ULIDs.
    pub fn category_path(&self, field: &str, raw: &str) -> Result<CategoryPath, ToolError> {
        let parts: Vec<&str> = raw.split(['/', '>']).map(str::trim).filter(|p| !p.is_empty()).collect();
        let [c, rest @ ..] = parts.as_slice() else {
            return Err(ToolError::invalid(
                field,
                "name a category, e.g. \"Equipment\" or \"Equipment / Laptop / Battery\"",
            ));
        };
        let pairs: Vec<(String, String)> =
            self.categories.iter().map(|n| (n.category.id.clone(), n.category.name.clone())).collect();
        let category = resolve(field, "active category", c, &pairs)?;
        let node = self.categories.iter().find(|n| n.category.id == category);
        let mut path = CategoryPath { category, ..CategoryPath::default() };
        if let (Some(t), Some(node)) = (rest.first(), node) {
            let pairs: Vec<(String, String)> =
                node.types.iter().map(|x| (x.kind.id.clone(), x.kind.name.clone())).collect();
            let kind = resolve(field, &format!("type of {}", node.category.name), t, &pairs)?;
            if let (Some(i), Some(tn)) = (rest.get(1), node.types.iter().find(|x| x.kind.id == kind)) {
                let pairs: Vec<(String, String)> =
                    tn.items.iter().map(|x| (x.id.clone(), x.name.clone())).collect();
                path.item = Some(resolve(field, &format!("item of {}", tn.kind.name), i, &pairs)?);
            }
            path.kind = Some(kind);
        }
        Ok(path)
    }
}

/// Whether `raw` means nobody.
pub fn is_none(raw: &str) -> bool {
    matches!(fold(raw).as_str(), "none" | "nobody" | "unassigned" | "")
}

/// Priority as the API spells it (`normal` is `medium`).
pub fn priority(field: &str, raw: &str) -> Result<String, ToolError> {
    match fold(raw).as_str() {
        "normal" | "medium" => Ok("medium".into()),
        "urgent" | "critical" => Ok("critical".into()),
        p if PRIORITIES.contains(&p) => Ok(p.to_owned()),
        _ => Err(ToolError::invalid(
            field,
            format!("`{raw}` is not a priority; use critical, high, medium or low"),
        )),
    }
}

/// Lower case without accents, trimmed: "Amélie" and "amelie" match.
pub fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
}

/// Resolves `raw` (a ULID, a name, or part of exactly one name) among `(id, name)` pairs.
pub fn resolve(field: &str, what: &str, raw: &str, items: &[(String, String)]) -> Result<String, ToolError> {
    let raw = raw.trim();
    if let Some((id, _)) = items.iter().find(|(id, _)| id.eq_ignore_ascii_case(raw)) {
        return Ok(id.clone());
    }
    let want = fold(raw);
    if let Some((id, _)) = items.iter().find(|(_, n)| fold(n) == want) {
        return Ok(id.clone());
    }
    let partial: Vec<&(String, String)> = items.iter().filter(|(_, n)| fold(n).contains(&want)).collect();
    let names = |list: &[&(String, String)]| {
        list.iter().take(15).map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", ")
    };
    match partial.as_slice() {
        [one] => Ok(one.0.clone()),
        [] => Err(ToolError::invalid(
            field,
            format!("no {what} matches `{raw}`; choose from: {}", names(&items.iter().collect::<Vec<_>>())),
        )),
        many => Err(ToolError::invalid(
            field,
            format!("`{raw}` matches several: {}; use the full name", names(many)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(names: &[&str]) -> Vec<(String, String)> {
        names.iter().enumerate().map(|(i, n)| (format!("01J{i}"), (*n).to_owned())).collect()
    }

    #[test]
    fn names_resolve_exactly_partly_or_without_accents() {
        let staff = pairs(&["Amélie Durand", "Tom Becker", "Tomasz Nowak"]);
        assert_eq!(resolve("assignee", "staff member", "amelie durand", &staff).unwrap(), "01J0");
        assert_eq!(resolve("assignee", "staff member", "Durand", &staff).unwrap(), "01J0");
        assert_eq!(resolve("assignee", "staff member", "01j1", &staff).unwrap(), "01J1");
        let e = resolve("assignee", "staff member", "tom", &staff).unwrap_err().to_string();
        assert!(e.contains("matches several"), "{e}");
        let e = resolve("assignee", "staff member", "zed", &staff).unwrap_err().to_string();
        assert!(e.contains("Amélie Durand"), "{e}");
        assert!(is_none("None") && is_none("unassigned") && !is_none("Tom"));
        assert_eq!(priority("priority", "Normal").unwrap(), "medium");
        assert!(priority("priority", "huge").is_err());
    }

    #[test]
    fn category_paths_resolve_level_by_level() {
        let named = |id: &str, name: &str| Named { id: id.into(), name: name.into(), description: None };
        let r = Reference {
            categories: vec![CategoryNode {
                category: named("C1", "Equipment"),
                types: vec![TypeNode { kind: named("T1", "Laptop"), items: vec![named("I1", "Battery")] }],
            }],
            ..Reference::default()
        };
        let p = r.category_path("category", "equipment / laptop / battery").unwrap();
        assert_eq!(
            p,
            CategoryPath { category: "C1".into(), kind: Some("T1".into()), item: Some("I1".into()) }
        );
        assert_eq!(r.category_path("category", "Equipment").unwrap().kind, None);
        assert!(r.category_path("category", "Equipment / Phone").is_err());
        assert_eq!(r.category_names("C1", Some("T1"), Some("I1")).2.as_deref(), Some("Battery"));
    }
}
