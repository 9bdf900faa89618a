//! Tags, views, users and teams.

use crate::provider::catalogue::p::{self, CURSOR, LIMIT};
use crate::provider::catalogue::{Body, Endpoint, Kind};

use super::CREATED_ORDER;

const NAME_ORDER: &[&str] = &["created_datetime:asc", "created_datetime:desc", "name:asc", "name:desc"];
const TAG_ORDER: &[&str] = &[
    "created_datetime:asc",
    "created_datetime:desc",
    "name:asc",
    "name:desc",
    "usage:asc,name:asc",
    "usage:desc,name:desc",
];
const VIEW_ITEMS_ORDER: &[&str] = &[
    "created_datetime:asc",
    "created_datetime:desc",
    "updated_datetime:asc",
    "updated_datetime:desc",
    "last_message_datetime:asc",
    "last_message_datetime:desc",
    "last_received_message_datetime:asc",
    "last_received_message_datetime:desc",
    "closed_datetime:asc",
    "closed_datetime:desc",
    "snooze_datetime:asc",
    "snooze_datetime:desc",
    "priority:asc",
    "priority:desc",
];
const DIRECTION: &[&str] = &["prev", "next"];
const SORT_DIR: &[&str] = &["asc", "desc"];
const VISIBILITY: &[&str] = &["public", "shared", "private"];
const VIEW_TYPES: &[&str] = &["ticket-list"];
const UI_LANGUAGES: &[&str] = &["fr", "en"];

/// The rows, in catalogue order.
pub const ROWS: &[Endpoint] = &[
    // --- tags ---
    Endpoint::get("list_tags", "tags", "/tags", "List tags, with cursor paging").params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::Enum(TAG_ORDER), "sort order"),
        p::query("search", Kind::String, "case-insensitive match on tag names"),
    ]),
    Endpoint::get("get_tag", "tags", "/tags/{tag_id}", "Get one tag").params(&[p::path("tag_id", "tag id")]),
    Endpoint::post("create_tag", "tags", "/tags", "Create a tag").params(&[
        p::body_req("name", Kind::String, "tag name (case-sensitive, up to 256 characters)"),
        p::body("description", Kind::String, "short description"),
        p::body("decoration", Kind::Object, "{\"color\": \"#RRGGBB\"}"),
    ]),
    Endpoint::put("update_tag", "tags", "/tags/{tag_id}", "Update a tag").params(&[
        p::path("tag_id", "tag id"),
        p::body("name", Kind::String, "new name"),
        p::body("description", Kind::String, "new description, or null"),
        p::body("decoration", Kind::Object, "{\"color\": \"#RRGGBB\"}"),
    ]),
    Endpoint::delete("delete_tag", "tags", "/tags/{tag_id}", "Delete a tag")
        .params(&[p::path("tag_id", "tag id")]),
    Endpoint::delete("delete_tags", "tags", "/tags", "Delete several tags at once")
        .body(Body::Object)
        .params(&[p::body_req("ids", Kind::Integers, "tag ids to delete")]),
    Endpoint::put("merge_tags", "tags", "/tags/{tag_id}/merge", "Merge tags into one destination tag")
        .once()
        .params(&[
            p::path("tag_id", "destination tag id (the one that remains)"),
            p::body_req("source_tags_ids", Kind::Integers, "tags merged into the destination and removed"),
        ]),
    // --- views ---
    Endpoint::get("list_views", "views", "/views", "List views, with cursor paging").params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::Enum(CREATED_ORDER), "sort order"),
    ]),
    Endpoint::get("get_view", "views", "/views/{view_id}", "Get one view")
        .params(&[p::path("view_id", "view id")]),
    Endpoint::post("create_view", "views", "/views", "Create a view").params(&[
        p::body("name", Kind::String, "display name"),
        p::body("type", Kind::Enum(VIEW_TYPES), "object type listed (default ticket-list)"),
        p::body("visibility", Kind::Enum(VISIBILITY), "who sees it (default public)"),
        p::body("filters", Kind::String, "filter expression, e.g. eq(ticket.status, 'open')"),
        p::body("search", Kind::String, "free-text search"),
        p::body("order_by", Kind::String, "ticket attribute to sort by (default updated_datetime)"),
        p::body("order_dir", Kind::Enum(SORT_DIR), "sort direction (default desc)"),
        p::body("fields", Kind::Strings, "columns shown"),
        p::body("decoration", Kind::Object, "{\"emoji\"}"),
        p::body("shared_with_users", Kind::Integers, "user ids it is shared with"),
        p::body("shared_with_teams", Kind::Integers, "team ids it is shared with"),
        p::body("section_id", Kind::Integer, "view section to place it in"),
    ]),
    Endpoint::put("update_view", "views", "/views/{view_id}", "Update a view").params(&[
        p::path("view_id", "view id"),
        p::body("name", Kind::String, "display name"),
        p::body("visibility", Kind::Enum(VISIBILITY), "who sees it"),
        p::body("filters", Kind::String, "filter expression"),
        p::body("search", Kind::String, "free-text search, or null"),
        p::body("order_by", Kind::String, "ticket attribute to sort by"),
        p::body("order_dir", Kind::Enum(SORT_DIR), "sort direction"),
        p::body("fields", Kind::Strings, "columns shown"),
        p::body("decoration", Kind::Object, "{\"emoji\"}"),
        p::body("shared_with_users", Kind::Integers, "user ids it is shared with"),
        p::body("shared_with_teams", Kind::Integers, "team ids it is shared with"),
        p::body("section_id", Kind::Integer, "view section to move it to"),
    ]),
    Endpoint::delete("delete_view", "views", "/views/{view_id}", "Delete a view")
        .params(&[p::path("view_id", "view id")]),
    Endpoint::get("list_view_items", "views", "/views/{view_id}/items", "List the tickets in a saved view")
        .params(&[
            p::path("view_id", "view id"),
            CURSOR,
            LIMIT,
            p::query("direction", Kind::Enum(DIRECTION), "page direction from the cursor"),
            p::query("ignored_item", Kind::Integer, "ticket id to leave out"),
            p::query("order_by", Kind::Enum(VIEW_ITEMS_ORDER), "sort order (overrides the view's)"),
        ]),
    Endpoint::put(
        "search_view_items",
        "views",
        "/views/{view_id}/items",
        "List tickets matching a view definition (may answer 202 with no body)",
    )
    .reads()
    .params(&[
        p::path("view_id", "view id, or 0 for an ad-hoc view given in the body"),
        CURSOR,
        LIMIT,
        p::query("direction", Kind::Enum(DIRECTION), "page direction from the cursor"),
        p::query("ignored_item", Kind::Integer, "ticket id to leave out"),
        p::query("order_by", Kind::Enum(VIEW_ITEMS_ORDER), "sort order"),
        p::body("view", Kind::Object, "view definition {type, filters, search, order_by, order_dir}"),
    ]),
    // --- users ---
    Endpoint::get("list_users", "users", "/users", "List users (agents), with cursor paging").params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::String, "sort order, e.g. name:asc or created_datetime:desc"),
        p::query("email", Kind::String, "only the user with this email"),
        p::query("external_id", Kind::String, "only users with this external id"),
        p::query("search", Kind::String, "free-text match on name and email"),
        p::query("available_first", Kind::Boolean, "put available users first"),
        p::query("roles", Kind::Strings, "only these roles (admin, agent, basic-agent, observer-agent...)"),
    ]),
    Endpoint::get("get_user", "users", "/users/{user_id}", "Get one user (id 0 is the authenticated user)")
        .params(&[p::path("user_id", "user id, or 0 for the caller")]),
    Endpoint::post("create_user", "users", "/users", "Create a user (agent)").params(&[
        p::body_req("email", Kind::String, "login email"),
        p::body_req("name", Kind::String, "full name"),
        p::body("firstname", Kind::String, "first name"),
        p::body("lastname", Kind::String, "last name"),
        p::body("role", Kind::Object, "{\"name\": admin, agent, basic-agent, lite-agent, observer-agent...}"),
        p::body("active", Kind::Boolean, "whether the user can log in (default true)"),
        p::body("bio", Kind::String, "short biography"),
        p::body("country", Kind::String, "ISO 3166-1 alpha-2 code"),
        p::body("external_id", Kind::String, "id in a foreign system"),
        p::body("language", Kind::Enum(UI_LANGUAGES), "interface language"),
        p::body("timezone", Kind::String, "IANA timezone"),
        p::body("meta", Kind::Object, "free-form metadata"),
    ]),
    Endpoint::put("update_user", "users", "/users/{user_id}", "Update a user").params(&[
        p::path("user_id", "user id"),
        p::body("email", Kind::String, "new email (needs password_confirmation)"),
        p::body("name", Kind::String, "full name"),
        p::body("firstname", Kind::String, "first name"),
        p::body("lastname", Kind::String, "last name"),
        p::body("role", Kind::Object, "{\"name\": role}"),
        p::body("active", Kind::Boolean, "whether the user can log in"),
        p::body("bio", Kind::String, "short biography"),
        p::body("country", Kind::String, "ISO 3166-1 alpha-2 code"),
        p::body("external_id", Kind::String, "id in a foreign system"),
        p::body("language", Kind::Enum(UI_LANGUAGES), "interface language"),
        p::body("timezone", Kind::String, "IANA timezone"),
        p::body("meta", Kind::Object, "free-form metadata (replaces the stored value)"),
        p::body("password_confirmation", Kind::String, "current password, required to change email"),
    ]),
    Endpoint::delete("delete_user", "users", "/users/{user_id}", "Delete a user")
        .params(&[p::path("user_id", "user id")]),
    // --- teams ---
    Endpoint::get("list_teams", "teams", "/teams", "List teams, with cursor paging").params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::Enum(NAME_ORDER), "sort order"),
    ]),
    Endpoint::get("get_team", "teams", "/teams/{team_id}", "Get one team with its members")
        .params(&[p::path("team_id", "team id")]),
    Endpoint::post("create_team", "teams", "/teams", "Create a team").params(&[
        p::body_req("name", Kind::String, "team name"),
        p::body("description", Kind::String, "description"),
        p::body("decoration", Kind::Object, "{\"emoji\"}"),
        p::body("members", Kind::Objects, "members as [{\"id\": user id}]"),
    ]),
    Endpoint::put("update_team", "teams", "/teams/{team_id}", "Update a team").params(&[
        p::path("team_id", "team id"),
        p::body("name", Kind::String, "team name"),
        p::body("description", Kind::String, "description, or null"),
        p::body("decoration", Kind::Object, "{\"emoji\"}"),
        p::body("members", Kind::Objects, "the whole member list as [{\"id\": user id}]"),
    ]),
    Endpoint::delete("delete_team", "teams", "/teams/{team_id}", "Delete a team")
        .params(&[p::path("team_id", "team id")]),
];
