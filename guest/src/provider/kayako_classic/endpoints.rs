//! Every documented Kayako Classic REST operation (classichelp.kayako.com
//! "Kayako REST API": Base, Tickets, Knowledgebase, News, Troubleshooter), one
//! row each. Routes are the documented `e=` paths; body fields travel as a
//! signed form. `list_api_endpoints`, `call_api` and the `raw` toolset are
//! generated from this table. LiveChat has no documented REST controller.

use crate::provider::catalogue::p::{body, body_req, path, path_str};
use crate::provider::catalogue::{Endpoint, Kind, Param};
use crate::tool::Tier::Agent;

const S: Kind = Kind::String;
const I: Kind = Kind::Integer;

const DEPARTMENT: &[Param] = &[
    body("title", S, "department title"),
    body("type", Kind::Enum(&["public", "private"]), "visibility"),
    body("module", Kind::Enum(&["tickets", "livechat"]), "module"),
    body("displayorder", I, "position in lists"),
    body("parentdepartmentid", I, "parent department"),
];
const STAFF: &[Param] = &[
    body("firstname", S, "first name"),
    body("lastname", S, "last name"),
    body("username", S, "login name"),
    body("password", S, "password (create only)"),
    body("staffgroupid", I, "staff group"),
    body("email", S, "email address"),
    body("designation", S, "job title"),
    body("isenabled", I, "1 enabled, 0 disabled"),
];
const USER: &[Param] = &[
    body("fullname", S, "full name"),
    body("usergroupid", I, "user group"),
    body("email", S, "email address"),
    body("password", S, "password (create only)"),
    body("userorganizationid", I, "organization"),
    body("phone", S, "phone number"),
    body("isenabled", I, "1 enabled, 0 disabled"),
];
const ORGANIZATION: &[Param] = &[
    body("name", S, "organization name"),
    body("organizationtype", Kind::Enum(&["restricted", "shared"]), "type"),
    body("address", S, "street address"),
    body("city", S, "city"),
    body("country", S, "country"),
    body("phone", S, "phone number"),
    body("website", S, "web site"),
];
const TICKET_CREATE: &[Param] = &[
    body_req("subject", S, "subject"),
    body_req("fullname", S, "customer's full name"),
    body_req("email", S, "customer's email"),
    body_req("contents", S, "first post"),
    body_req("departmentid", I, "department"),
    body_req("ticketstatusid", I, "status"),
    body_req("ticketpriorityid", I, "priority"),
    body_req("tickettypeid", I, "type"),
    body("userid", I, "customer user id (or staffid / autouserid=1)"),
    body("staffid", I, "staff author, for a ticket opened by staff"),
    body("autouserid", I, "1 to create the user from email"),
    body("ownerstaffid", I, "owner"),
    body("type", Kind::Enum(&["default", "phone"]), "ticket type of creation"),
];
const TICKET_UPDATE: &[Param] = &[
    path_str("ticketid", "ticket id or display id"),
    body("subject", S, "subject"),
    body("fullname", S, "customer's full name"),
    body("email", S, "customer's email"),
    body("departmentid", I, "department"),
    body("ticketstatusid", I, "status"),
    body("ticketpriorityid", I, "priority"),
    body("tickettypeid", I, "type"),
    body("ownerstaffid", I, "owner (0 = unassigned)"),
    body("userid", I, "customer user id"),
];
const KB_CATEGORY: &[Param] = &[
    body("title", S, "title"),
    body("categorytype", I, "1 global, 2 public, 3 private, 4 inherit"),
    body("parentcategoryid", I, "parent category"),
    body("displayorder", I, "position"),
    body("ispublished", I, "1 published"),
];
const ARTICLE: &[Param] = &[
    body("subject", S, "title"),
    body("contents", S, "body (HTML)"),
    body("creatorid", I, "staff author"),
    body("articlestatus", I, "1 published, 2 draft"),
    body("isfeatured", I, "1 featured"),
    body("categories", S, "comma-separated category ids"),
];
const NEWS_ITEM: &[Param] = &[
    body("subject", S, "title"),
    body("contents", S, "body (HTML)"),
    body("staffid", I, "staff author"),
    body("newstype", I, "1 global, 2 public, 3 private"),
    body("newsstatus", I, "1 draft, 2 published"),
    body("newscategoryidlist", S, "comma-separated category ids"),
];
const STEP: &[Param] = &[
    body("categoryid", I, "troubleshooter category"),
    body("subject", S, "title"),
    body("contents", S, "body (HTML)"),
    body("staffid", I, "staff author"),
    body("parentstepidlist", S, "comma-separated parent steps"),
    body("stepstatus", I, "1 published, 2 draft"),
];
const COMMENT: &[Param] = &[
    body_req("contents", S, "comment text"),
    body_req("creatortype", I, "1 staff, 2 user"),
    body("creatorid", I, "author id"),
    body("fullname", S, "author name, when not a known user"),
    body("email", S, "author email"),
    body("parentcommentid", I, "comment replied to"),
];
const ATTACHMENT: &[Param] =
    &[body_req("filename", S, "file name"), body_req("contents", S, "file contents, base64")];
const ID: &[Param] = &[path("id", "record id")];

/// The table.
pub const ENDPOINTS: &[Endpoint] = &[
    // --- base ---
    Endpoint::get("list_departments", "base", "/Base/Department", "List departments"),
    Endpoint::get("get_department", "base", "/Base/Department/{id}", "Get one department").params(ID),
    Endpoint::post("create_department", "base", "/Base/Department", "Create a department").params(DEPARTMENT),
    Endpoint::put("update_department", "base", "/Base/Department/{id}", "Update a department").params(&[path("id", "record id"), body("title", S, "department title"), body("displayorder", I, "position in lists")]),
    Endpoint::delete("delete_department", "base", "/Base/Department/{id}", "Delete a department").params(ID),
    Endpoint::get("list_staff", "base", "/Base/Staff", "List staff users"),
    Endpoint::get("get_staff", "base", "/Base/Staff/{id}", "Get one staff user").params(ID),
    Endpoint::post("create_staff", "base", "/Base/Staff", "Create a staff user").params(STAFF),
    Endpoint::put("update_staff", "base", "/Base/Staff/{id}", "Update a staff user").params(&[path("id", "record id"), body("email", S, "email address"), body("designation", S, "job title"), body("isenabled", I, "1 enabled, 0 disabled")]),
    Endpoint::delete("delete_staff", "base", "/Base/Staff/{id}", "Delete a staff user").params(ID),
    Endpoint::get("list_staff_groups", "base", "/Base/StaffGroup", "List staff groups"),
    Endpoint::get("get_staff_group", "base", "/Base/StaffGroup/{id}", "Get one staff group").params(ID),
    Endpoint::post("create_staff_group", "base", "/Base/StaffGroup", "Create a staff group").params(&[body_req("title", S, "group title"), body_req("isadmin", I, "1 for admins")]),
    Endpoint::put("update_staff_group", "base", "/Base/StaffGroup/{id}", "Update a staff group").params(&[path("id", "record id"), body("title", S, "group title"), body("isadmin", I, "1 for admins")]),
    Endpoint::delete("delete_staff_group", "base", "/Base/StaffGroup/{id}", "Delete a staff group").params(ID),
    Endpoint::get("list_users", "base", "/Base/User/Filter/{marker}/{maxitems}", "List users from id marker, at most maxitems (up to 1000)").params(&[path("marker", "first user id"), path("maxitems", "users to return")]),
    Endpoint::get("get_user", "base", "/Base/User/{id}", "Get one user").params(ID),
    Endpoint::post("create_user", "base", "/Base/User", "Create a user").params(USER),
    Endpoint::put("update_user", "base", "/Base/User/{id}", "Update a user").params(&[path("id", "record id"), body("fullname", S, "full name"), body("email", S, "email address"), body("phone", S, "phone number"), body("isenabled", I, "1 enabled, 0 disabled")]),
    Endpoint::delete("delete_user", "base", "/Base/User/{id}", "Delete a user").params(ID),
    Endpoint::post("search_users", "base", "/Base/UserSearch", "Search users by name, email or organization").params(&[body_req("query", S, "text to find")]).reads(),
    Endpoint::get("list_user_groups", "base", "/Base/UserGroup", "List user groups"),
    Endpoint::get("get_user_group", "base", "/Base/UserGroup/{id}", "Get one user group").params(ID),
    Endpoint::post("create_user_group", "base", "/Base/UserGroup", "Create a user group").params(&[body_req("title", S, "group title"), body_req("grouptype", Kind::Enum(&["guest", "registered"]), "group type")]),
    Endpoint::put("update_user_group", "base", "/Base/UserGroup/{id}", "Update a user group").params(&[path("id", "record id"), body("title", S, "group title")]),
    Endpoint::delete("delete_user_group", "base", "/Base/UserGroup/{id}", "Delete a user group").params(ID),
    Endpoint::get("list_user_organizations", "base", "/Base/UserOrganization", "List user organizations"),
    Endpoint::get("get_user_organization", "base", "/Base/UserOrganization/{id}", "Get one user organization").params(ID),
    Endpoint::post("create_user_organization", "base", "/Base/UserOrganization", "Create a user organization").params(ORGANIZATION),
    Endpoint::put("update_user_organization", "base", "/Base/UserOrganization/{id}", "Update a user organization").params(&[path("id", "record id"), body("name", S, "organization name"), body("phone", S, "phone number"), body("website", S, "web site")]),
    Endpoint::delete("delete_user_organization", "base", "/Base/UserOrganization/{id}", "Delete a user organization").params(ID),
    Endpoint::get("list_custom_field_groups", "base", "/Base/CustomField", "List custom field groups and fields"),
    Endpoint::get("list_custom_field_options", "base", "/Base/CustomField/ListOptions/{id}", "List the options of a custom field").params(ID),
    // --- tickets ---
    Endpoint::get("list_tickets", "tickets", "/Tickets/Ticket/ListAll/{departmentid}/{ticketstatusid}/{ownerstaffid}/{userid}/{count}/{start}/{sortfield}/{sortorder}", "List tickets; ids as CSV, -1 for any (status -1 = unresolved)").params(&[
        path("departmentid", "department ids, CSV (required)"),
        path("ticketstatusid", "status ids, CSV, or -1"),
        path("ownerstaffid", "owner ids, CSV, 0 unassigned, -1 any"),
        path("userid", "user ids, CSV, or -1"),
        path("count", "tickets per page, -1 all"),
        path("start", "offset"),
        path_str("sortfield", "lastactivity, dateline, ticketid, ..."),
        path_str("sortorder", "ASC or DESC"),
    ]),
    Endpoint::get("get_ticket", "tickets", "/Tickets/Ticket/{ticketid}", "Get one ticket with its posts").params(&[path_str("ticketid", "ticket id or display id")]),
    Endpoint::post("create_ticket", "tickets", "/Tickets/Ticket", "Create a ticket with its first post").tier(crate::tool::Tier::Send).params(TICKET_CREATE),
    Endpoint::put("update_ticket", "tickets", "/Tickets/Ticket/{ticketid}", "Update a ticket's fields").tier(Agent).params(TICKET_UPDATE),
    Endpoint::delete("delete_ticket", "tickets", "/Tickets/Ticket/{ticketid}", "Delete a ticket").params(&[path("ticketid", "ticket id")]),
    Endpoint::get("get_ticket_count", "tickets", "/Tickets/TicketCount", "Ticket counts per department, status, owner"),
    Endpoint::post("search_tickets", "tickets", "/Tickets/TicketSearch", "Search tickets; set field flags to 1").params(&[
        body_req("query", S, "text to find"),
        body("ticketid", I, "1: ticket id and mask"),
        body("contents", I, "1: post contents and subject"),
        body("author", I, "1: author name and email"),
        body("email", I, "1: ticket and post emails"),
        body("creatoremail", I, "1: ticket email only"),
        body("fullname", I, "1: customer name"),
        body("notes", I, "1: staff notes"),
        body("usergroup", I, "1: user group"),
        body("userorganization", I, "1: organization"),
        body("user", I, "1: user name and email"),
        body("tags", I, "1: tags"),
    ]).reads(),
    Endpoint::get("list_ticket_posts", "tickets", "/Tickets/TicketPost/ListAll/{ticketid}", "List a ticket's posts (numeric id)").params(&[path("ticketid", "numeric ticket id")]),
    Endpoint::get("get_ticket_post", "tickets", "/Tickets/TicketPost/{ticketid}/{id}", "Get one post").params(&[path("ticketid", "numeric ticket id"), path("id", "post id")]),
    Endpoint::post("create_ticket_post", "tickets", "/Tickets/TicketPost", "Add a post (reply) to a ticket").tier(crate::tool::Tier::Send).params(&[body_req("ticketid", I, "ticket"), body_req("contents", S, "post text"), body("userid", I, "user author"), body("staffid", I, "staff author"), body("isprivate", I, "1 for staff-only")]),
    Endpoint::delete("delete_ticket_post", "tickets", "/Tickets/TicketPost/{ticketid}/{id}", "Delete a post").params(&[path("ticketid", "numeric ticket id"), path("id", "post id")]),
    Endpoint::get("list_ticket_notes", "tickets", "/Tickets/TicketNote/ListAll/{ticketid}", "List a ticket's staff notes").params(&[path("ticketid", "numeric ticket id")]),
    Endpoint::get("get_ticket_note", "tickets", "/Tickets/TicketNote/{ticketid}/{id}", "Get one staff note").params(&[path("ticketid", "numeric ticket id"), path("id", "note id")]),
    Endpoint::post("create_ticket_note", "tickets", "/Tickets/TicketNote", "Add a staff-only note to a ticket").tier(Agent).params(&[body_req("ticketid", I, "ticket"), body_req("contents", S, "note text"), body("staffid", I, "staff author"), body("fullname", S, "author name, without staffid"), body("forstaffid", I, "addressed to"), body("notecolor", I, "1-5")]),
    Endpoint::delete("delete_ticket_note", "tickets", "/Tickets/TicketNote/{ticketid}/{id}", "Delete a staff note").params(&[path("ticketid", "numeric ticket id"), path("id", "note id")]),
    Endpoint::get("list_ticket_attachments", "tickets", "/Tickets/TicketAttachment/ListAll/{ticketid}", "List a ticket's attachments").params(&[path("ticketid", "numeric ticket id")]),
    Endpoint::get("get_ticket_attachment", "tickets", "/Tickets/TicketAttachment/{ticketid}/{id}", "Get one attachment (base64)").params(&[path("ticketid", "numeric ticket id"), path("id", "attachment id")]),
    Endpoint::post("create_ticket_attachment", "tickets", "/Tickets/TicketAttachment", "Attach a file to a post").params(&[body_req("ticketid", I, "ticket"), body_req("ticketpostid", I, "post"), body_req("filename", S, "file name"), body_req("contents", S, "file contents, base64")]),
    Endpoint::delete("delete_ticket_attachment", "tickets", "/Tickets/TicketAttachment/{ticketid}/{id}", "Delete an attachment").params(&[path("ticketid", "numeric ticket id"), path("id", "attachment id")]),
    Endpoint::get("get_ticket_custom_fields", "tickets", "/Tickets/TicketCustomField/{ticketid}", "Get a ticket's custom field values").params(&[path("ticketid", "numeric ticket id")]),
    Endpoint::post("update_ticket_custom_fields", "tickets", "/Tickets/TicketCustomField/{ticketid}", "Set a ticket's custom field values (field name = value)").params(&[path("ticketid", "numeric ticket id")]),
    Endpoint::get("list_ticket_time_tracks", "tickets", "/Tickets/TicketTimeTrack/ListAll/{ticketid}", "List a ticket's time entries").params(&[path("ticketid", "numeric ticket id")]),
    Endpoint::get("get_ticket_time_track", "tickets", "/Tickets/TicketTimeTrack/{ticketid}/{id}", "Get one time entry").params(&[path("ticketid", "numeric ticket id"), path("id", "entry id")]),
    Endpoint::post("create_ticket_time_track", "tickets", "/Tickets/TicketTimeTrack", "Log time on a ticket").params(&[body_req("ticketid", I, "ticket"), body_req("contents", S, "note"), body_req("staffid", I, "staff author"), body_req("worktimeline", I, "unix time worked"), body_req("billtimeline", I, "unix time billed"), body_req("timespent", I, "seconds worked"), body_req("timebillable", I, "seconds billable")]),
    Endpoint::delete("delete_ticket_time_track", "tickets", "/Tickets/TicketTimeTrack/{ticketid}/{id}", "Delete a time entry").params(&[path("ticketid", "numeric ticket id"), path("id", "entry id")]),
    Endpoint::get("list_ticket_statuses", "tickets", "/Tickets/TicketStatus", "List ticket statuses"),
    Endpoint::get("get_ticket_status", "tickets", "/Tickets/TicketStatus/{id}", "Get one ticket status").params(ID),
    Endpoint::get("list_ticket_priorities", "tickets", "/Tickets/TicketPriority", "List ticket priorities"),
    Endpoint::get("get_ticket_priority", "tickets", "/Tickets/TicketPriority/{id}", "Get one ticket priority").params(ID),
    Endpoint::get("list_ticket_types", "tickets", "/Tickets/TicketType", "List ticket types"),
    Endpoint::get("get_ticket_type", "tickets", "/Tickets/TicketType/{id}", "Get one ticket type").params(ID),
    Endpoint::get("list_ticket_filters", "tickets", "/Tickets/TicketFilter", "List saved ticket filters"),
    // --- knowledgebase ---
    Endpoint::get("list_kb_categories", "knowledgebase", "/Knowledgebase/Category", "List knowledgebase categories"),
    Endpoint::get("get_kb_category", "knowledgebase", "/Knowledgebase/Category/{id}", "Get one category").params(ID),
    Endpoint::post("create_kb_category", "knowledgebase", "/Knowledgebase/Category", "Create a category").params(KB_CATEGORY),
    Endpoint::put("update_kb_category", "knowledgebase", "/Knowledgebase/Category/{id}", "Update a category").params(&[path("id", "record id"), body("title", S, "title"), body("displayorder", I, "position")]),
    Endpoint::delete("delete_kb_category", "knowledgebase", "/Knowledgebase/Category/{id}", "Delete a category").params(ID),
    Endpoint::get("list_kb_articles", "knowledgebase", "/Knowledgebase/Article", "List articles"),
    Endpoint::get("list_kb_category_articles", "knowledgebase", "/Knowledgebase/Article/ListAll/{categoryid}", "List a category's articles").params(&[path("categoryid", "category")]),
    Endpoint::get("get_kb_article", "knowledgebase", "/Knowledgebase/Article/{id}", "Get one article").params(ID),
    Endpoint::post("create_kb_article", "knowledgebase", "/Knowledgebase/Article", "Create an article").params(ARTICLE),
    Endpoint::put("update_kb_article", "knowledgebase", "/Knowledgebase/Article/{id}", "Update an article").params(&[path("id", "record id"), body("subject", S, "title"), body("contents", S, "body (HTML)"), body("editedstaffid", I, "editor")]),
    Endpoint::delete("delete_kb_article", "knowledgebase", "/Knowledgebase/Article/{id}", "Delete an article").params(ID),
    Endpoint::get("list_kb_comments", "knowledgebase", "/Knowledgebase/Comment/ListAll/{articleid}", "List an article's comments").params(&[path("articleid", "article")]),
    Endpoint::get("get_kb_comment", "knowledgebase", "/Knowledgebase/Comment/{id}", "Get one comment").params(ID),
    Endpoint::post("create_kb_comment", "knowledgebase", "/Knowledgebase/Comment", "Comment on an article").params(COMMENT),
    Endpoint::delete("delete_kb_comment", "knowledgebase", "/Knowledgebase/Comment/{id}", "Delete a comment").params(ID),
    Endpoint::get("list_kb_attachments", "knowledgebase", "/Knowledgebase/Attachment/ListAll/{articleid}", "List an article's attachments").params(&[path("articleid", "article")]),
    Endpoint::get("get_kb_attachment", "knowledgebase", "/Knowledgebase/Attachment/{articleid}/{id}", "Get one attachment (base64)").params(&[path("articleid", "article"), path("id", "attachment")]),
    Endpoint::post("create_kb_attachment", "knowledgebase", "/Knowledgebase/Attachment", "Attach a file to an article").params(&[body_req("kbarticleid", I, "article"), body_req("filename", S, "file name"), body_req("contents", S, "file contents, base64")]),
    Endpoint::delete("delete_kb_attachment", "knowledgebase", "/Knowledgebase/Attachment/{articleid}/{id}", "Delete an attachment").params(&[path("articleid", "article"), path("id", "attachment")]),
    // --- news ---
    Endpoint::get("list_news_categories", "news", "/News/Category", "List news categories"),
    Endpoint::get("get_news_category", "news", "/News/Category/{id}", "Get one news category").params(ID),
    Endpoint::post("create_news_category", "news", "/News/Category", "Create a news category").params(&[body_req("title", S, "title"), body_req("visibilitytype", Kind::Enum(&["public", "private"]), "who sees it")]),
    Endpoint::put("update_news_category", "news", "/News/Category/{id}", "Update a news category").params(&[path("id", "record id"), body("title", S, "title")]),
    Endpoint::delete("delete_news_category", "news", "/News/Category/{id}", "Delete a news category").params(ID),
    Endpoint::get("list_news_items", "news", "/News/NewsItem", "List news items"),
    Endpoint::get("list_news_category_items", "news", "/News/NewsItem/ListAll/{categoryid}", "List a category's news items").params(&[path("categoryid", "category")]),
    Endpoint::get("get_news_item", "news", "/News/NewsItem/{id}", "Get one news item").params(ID),
    Endpoint::post("create_news_item", "news", "/News/NewsItem", "Publish a news item").params(NEWS_ITEM),
    Endpoint::put("update_news_item", "news", "/News/NewsItem/{id}", "Update a news item").params(&[path("id", "record id"), body("subject", S, "title"), body("contents", S, "body (HTML)"), body("editedstaffid", I, "editor")]),
    Endpoint::delete("delete_news_item", "news", "/News/NewsItem/{id}", "Delete a news item").params(ID),
    Endpoint::get("list_news_comments", "news", "/News/Comment/ListAll/{newsitemid}", "List a news item's comments").params(&[path("newsitemid", "news item")]),
    Endpoint::get("get_news_comment", "news", "/News/Comment/{id}", "Get one comment").params(ID),
    Endpoint::post("create_news_comment", "news", "/News/Comment", "Comment on a news item").params(COMMENT),
    Endpoint::delete("delete_news_comment", "news", "/News/Comment/{id}", "Delete a comment").params(ID),
    Endpoint::get("list_news_subscribers", "news", "/News/Subscriber", "List news subscribers"),
    Endpoint::get("get_news_subscriber", "news", "/News/Subscriber/{id}", "Get one subscriber").params(ID),
    Endpoint::post("create_news_subscriber", "news", "/News/Subscriber", "Subscribe an email to news").params(&[body_req("email", S, "email address")]),
    Endpoint::put("update_news_subscriber", "news", "/News/Subscriber/{id}", "Change a subscriber's email").params(&[path("id", "record id"), body_req("email", S, "email address")]),
    Endpoint::delete("delete_news_subscriber", "news", "/News/Subscriber/{id}", "Unsubscribe").params(ID),
    // --- troubleshooter ---
    Endpoint::get("list_troubleshooter_categories", "troubleshooter", "/Troubleshooter/Category", "List troubleshooter categories"),
    Endpoint::get("get_troubleshooter_category", "troubleshooter", "/Troubleshooter/Category/{id}", "Get one category").params(ID),
    Endpoint::post("create_troubleshooter_category", "troubleshooter", "/Troubleshooter/Category", "Create a category").params(&[body_req("title", S, "title"), body_req("categorytype", I, "1 global, 2 public, 3 private"), body("displayorder", I, "position"), body("description", S, "description")]),
    Endpoint::put("update_troubleshooter_category", "troubleshooter", "/Troubleshooter/Category/{id}", "Update a category").params(&[path("id", "record id"), body("title", S, "title"), body("description", S, "description")]),
    Endpoint::delete("delete_troubleshooter_category", "troubleshooter", "/Troubleshooter/Category/{id}", "Delete a category").params(ID),
    Endpoint::get("list_troubleshooter_steps", "troubleshooter", "/Troubleshooter/Step", "List troubleshooter steps"),
    Endpoint::get("get_troubleshooter_step", "troubleshooter", "/Troubleshooter/Step/{id}", "Get one step").params(ID),
    Endpoint::post("create_troubleshooter_step", "troubleshooter", "/Troubleshooter/Step", "Create a step").params(STEP),
    Endpoint::put("update_troubleshooter_step", "troubleshooter", "/Troubleshooter/Step/{id}", "Update a step").params(&[path("id", "record id"), body("subject", S, "title"), body("contents", S, "body (HTML)"), body("editedstaffid", I, "editor")]),
    Endpoint::delete("delete_troubleshooter_step", "troubleshooter", "/Troubleshooter/Step/{id}", "Delete a step").params(ID),
    Endpoint::get("list_troubleshooter_comments", "troubleshooter", "/Troubleshooter/Comment/ListAll/{stepid}", "List a step's comments").params(&[path("stepid", "step")]),
    Endpoint::get("get_troubleshooter_comment", "troubleshooter", "/Troubleshooter/Comment/{id}", "Get one comment").params(ID),
    Endpoint::post("create_troubleshooter_comment", "troubleshooter", "/Troubleshooter/Comment", "Comment on a step").params(COMMENT),
    Endpoint::delete("delete_troubleshooter_comment", "troubleshooter", "/Troubleshooter/Comment/{id}", "Delete a comment").params(ID),
    Endpoint::get("list_troubleshooter_attachments", "troubleshooter", "/Troubleshooter/Attachment/ListAll/{stepid}", "List a step's attachments").params(&[path("stepid", "step")]),
    Endpoint::get("get_troubleshooter_attachment", "troubleshooter", "/Troubleshooter/Attachment/{stepid}/{id}", "Get one attachment (base64)").params(&[path("stepid", "step"), path("id", "attachment")]),
    Endpoint::post("create_troubleshooter_attachment", "troubleshooter", "/Troubleshooter/Attachment", "Attach a file to a step").params(ATTACHMENT),
    Endpoint::delete("delete_troubleshooter_attachment", "troubleshooter", "/Troubleshooter/Attachment/{stepid}/{id}", "Delete an attachment").params(&[path("stepid", "step"), path("id", "attachment")]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::catalogue::problems;
    use crate::tool::Tier;

    #[test]
    fn the_table_is_consistent() {
        assert_eq!(problems(ENDPOINTS), Vec::<String>::new());
    }

    #[test]
    fn it_covers_every_documented_controller() {
        for c in ["base", "tickets", "knowledgebase", "news", "troubleshooter"] {
            assert!(ENDPOINTS.iter().filter(|e| e.category == c).count() >= 10, "{c}");
        }
        assert!(ENDPOINTS.len() >= 110, "only {}", ENDPOINTS.len());
    }

    #[test]
    fn exactly_the_support_agent_writes_are_agent_tier() {
        let mut agent: Vec<&str> = ENDPOINTS.iter().filter(|e| e.tier == Tier::Agent).map(|e| e.id).collect();
        agent.sort_unstable();
        assert_eq!(agent, ["create_ticket_note", "update_ticket"]);
        let send: Vec<&str> = ENDPOINTS.iter().filter(|e| e.tier == Tier::Send).map(|e| e.id).collect();
        assert_eq!(send, ["create_ticket", "create_ticket_post"]);
        let reads: Vec<&str> = ENDPOINTS.iter().filter(|e| e.read).map(|e| e.id).collect();
        assert_eq!(reads, ["search_users", "search_tickets"]);
    }
}
