//! XML renderings of every resource, child order exactly as the REST controllers emit it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::kayako::store::{
    Department, Note, Post, Priority, Staff, Status, Store, Ticket, TicketType, User,
};
use crate::kayako::xml::{Xml, printable_contents};

fn flag(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// `<tickets>` of these tickets, in the given order (`RenderTickets`).
pub(crate) fn tickets<'a>(
    store: &Store,
    list: impl IntoIterator<Item = &'a Ticket>,
    with_posts: bool,
) -> Xml {
    let mut x = Xml::new();
    x.open("tickets", &[]);
    for t in list {
        ticket(&mut x, store, t, with_posts);
    }
    x.close("tickets");
    x
}

/// One `<ticket id=".." flagtype="..">`.
fn ticket(x: &mut Xml, store: &Store, t: &Ticket, with_posts: bool) {
    let (id, flagtype) = (t.id.to_string(), t.flag_type.to_string());
    x.open("ticket", &[("id", &id), ("flagtype", &flagtype)]);
    x.leaf("displayid", &t.display_id);
    x.num("departmentid", t.department_id);
    x.num("statusid", t.status_id);
    x.num("priorityid", t.priority_id);
    x.num("typeid", t.type_id);
    x.num("userid", t.user_id);
    let org_id = store.user(t.user_id).map_or(0, |u| u.organization_id);
    x.leaf("userorganization", store.organization_name(org_id));
    x.num("userorganizationid", org_id);
    x.num("ownerstaffid", t.owner_staff_id);
    x.leaf("ownerstaffname", store.staff(t.owner_staff_id).map(Staff::full_name).unwrap_or_default());
    x.leaf("fullname", &t.full_name);
    x.leaf("email", &t.email);
    x.leaf("lastreplier", t.last_replier());
    x.leaf("subject", &t.subject);
    x.num("creationtime", t.created);
    x.num("lastactivity", t.last_activity);
    x.num("laststaffreply", t.last_staff_reply);
    x.num("lastuserreply", t.last_user_reply);
    x.num("slaplanid", 0);
    x.num("nextreplydue", t.next_reply_due);
    x.num("resolutiondue", t.resolution_due);
    x.num("replies", t.replies());
    x.leaf("ipaddress", &t.ip_address);
    x.num("creator", t.creator);
    x.num("creationmode", t.creation_mode);
    x.num("creationtype", 1);
    x.leaf("isescalated", flag(t.is_escalated));
    x.num("escalationruleid", 0);
    x.num("templategroupid", 1);
    x.leaf("tags", t.tags.join(" "));
    x.leaf("templategroupname", "Default");
    for staff_id in &t.watchers {
        let name = store.staff(*staff_id).map(Staff::full_name).unwrap_or_default();
        x.leaf_with("watcher", "", &[("staffid", &staff_id.to_string()), ("name", &name)]);
    }
    for n in &t.notes {
        note(x, t.id, n);
    }
    if with_posts {
        x.open("posts", &[]);
        for p in &t.posts {
            post(x, t.id, p, false);
        }
        x.close("posts");
    }
    x.close("ticket");
}

/// A `<note type="ticket" ...>text</note>`, inside a ticket or a TicketNote list.
pub(crate) fn note(x: &mut Xml, ticket_id: u64, n: &Note) {
    let (id, tid, color) = (n.id.to_string(), ticket_id.to_string(), n.color.to_string());
    let (creator, for_staff, created) =
        (n.creator_staff_id.to_string(), n.for_staff_id.to_string(), n.created.to_string());
    let attrs = [
        ("type", "ticket"),
        ("id", id.as_str()),
        ("ticketid", tid.as_str()),
        ("notecolor", color.as_str()),
        ("creatorstaffid", creator.as_str()),
        ("forstaffid", for_staff.as_str()),
        ("creatorstaffname", n.creator_name.as_str()),
        ("creationdate", created.as_str()),
    ];
    x.leaf_with("note", &n.text, &attrs);
}

/// `<posts>` of a TicketPost call.
pub(crate) fn posts<'a>(ticket_id: u64, list: impl IntoIterator<Item = &'a Post>) -> Xml {
    let mut x = Xml::new();
    x.open("posts", &[]);
    for p in list {
        post(&mut x, ticket_id, p, true);
    }
    x.close("posts");
    x
}

/// One `<post>`; `<attachments>` only from the TicketPost controller.
fn post(x: &mut Xml, ticket_id: u64, p: &Post, with_attachments: bool) {
    x.open("post", &[]);
    x.num("id", p.id);
    x.num("ticketpostid", p.id);
    x.num("ticketid", ticket_id);
    x.num("dateline", p.dateline);
    x.num("userid", p.user_id);
    x.leaf("fullname", &p.full_name);
    x.leaf("email", &p.email);
    x.leaf("emailto", &p.email_to);
    x.leaf("ipaddress", &p.ip_address);
    x.leaf("hasattachments", flag(!p.attachments.is_empty()));
    x.num("creator", p.creator);
    x.leaf("isthirdparty", flag(p.creator == 3));
    x.leaf("ishtml", flag(p.is_html));
    x.leaf("isemailed", flag(p.is_emailed));
    x.num("staffid", p.staff_id);
    x.leaf("issurveycomment", "0");
    x.leaf("contents", printable_contents(&p.contents));
    x.leaf("isprivate", flag(p.is_private));
    if with_attachments && !p.attachments.is_empty() {
        x.open("attachments", &[]);
        for a in &p.attachments {
            x.open("attachment", &[]);
            x.num("id", a.id);
            x.leaf("filename", &a.file_name);
            x.num("filesize", a.contents.len());
            x.leaf("filetype", &a.file_type);
            x.num("dateline", a.dateline);
            x.leaf("contents", STANDARD.encode(&a.contents));
            x.close("attachment");
        }
        x.close("attachments");
    }
    x.close("post");
}

/// `<departments>`.
pub(crate) fn departments<'a>(list: impl IntoIterator<Item = &'a Department>) -> Xml {
    let mut x = Xml::new();
    x.open("departments", &[]);
    for d in list {
        x.open("department", &[]);
        x.num("id", d.id);
        x.leaf("title", d.title);
        x.leaf("type", if d.public { "public" } else { "private" });
        x.leaf("module", d.module);
        x.leaf("app", d.module);
        x.num("displayorder", d.display_order);
        x.num("parentdepartmentid", d.parent_id);
        x.leaf("uservisibilitycustom", flag(!d.user_groups.is_empty()));
        x.open("usergroups", &[]);
        for g in &d.user_groups {
            x.num("id", g);
        }
        x.close("usergroups");
        x.close("department");
    }
    x.close("departments");
    x
}

/// `<ticketstatuses>`.
pub(crate) fn statuses<'a>(list: impl IntoIterator<Item = &'a Status>) -> Xml {
    let mut x = Xml::new();
    x.open("ticketstatuses", &[]);
    for s in list {
        x.open("ticketstatus", &[]);
        x.num("id", s.id);
        x.leaf("title", s.title);
        x.num("displayorder", s.display_order);
        x.num("departmentid", 0);
        x.leaf("displayicon", format!("{{$themepath}}{}", s.icon));
        x.leaf("type", "public");
        x.leaf("displayinmainlist", flag(s.in_main_list));
        x.leaf("markasresolved", flag(s.resolved));
        x.leaf("displaycount", flag(!s.resolved));
        x.leaf("statuscolor", s.color);
        x.leaf("statusbgcolor", s.color);
        x.leaf("resetduetime", "0");
        x.leaf("triggersurvey", flag(s.resolved));
        x.leaf("staffvisibilitycustom", flag(!s.staff_groups.is_empty()));
        for g in &s.staff_groups {
            x.num("staffgroupid", g);
        }
        x.close("ticketstatus");
    }
    x.close("ticketstatuses");
    x
}

/// `<ticketpriorities>`.
pub(crate) fn priorities<'a>(list: impl IntoIterator<Item = &'a Priority>) -> Xml {
    let mut x = Xml::new();
    x.open("ticketpriorities", &[]);
    for p in list {
        x.open("ticketpriority", &[]);
        x.num("id", p.id);
        x.leaf("title", p.title);
        x.num("displayorder", p.display_order);
        x.leaf("frcolorcode", p.fr_color);
        x.leaf("bgcolorcode", p.bg_color);
        x.leaf("displayicon", "");
        x.leaf("type", "public");
        x.leaf("uservisibilitycustom", "0");
        x.close("ticketpriority");
    }
    x.close("ticketpriorities");
    x
}

/// `<tickettypes>`.
pub(crate) fn types<'a>(list: impl IntoIterator<Item = &'a TicketType>) -> Xml {
    let mut x = Xml::new();
    x.open("tickettypes", &[]);
    for t in list {
        x.open("tickettype", &[]);
        x.num("id", t.id);
        x.leaf("title", t.title);
        x.num("displayorder", t.display_order);
        x.num("departmentid", 0);
        x.leaf("displayicon", format!("{{$themepath}}{}", t.icon));
        x.leaf("type", "public");
        x.leaf("uservisibilitycustom", "0");
        x.close("tickettype");
    }
    x.close("tickettypes");
    x
}

/// `<staffusers>` (Base/Staff).
pub(crate) fn staff<'a>(list: impl IntoIterator<Item = &'a Staff>) -> Xml {
    let mut x = Xml::new();
    x.open("staffusers", &[]);
    for s in list {
        x.open("staff", &[]);
        x.num("id", s.id);
        x.num("staffgroupid", s.group_id);
        x.leaf("firstname", s.first_name);
        x.leaf("lastname", s.last_name);
        x.leaf("fullname", s.full_name());
        x.leaf("username", s.username());
        x.leaf("email", s.email());
        x.leaf("designation", s.designation);
        x.leaf("greeting", "");
        x.leaf("mobilenumber", &s.mobile);
        x.leaf("isenabled", "1");
        x.leaf("timezone", "");
        x.leaf("enabledst", "0");
        x.leaf("signature", "");
        x.close("staff");
    }
    x.close("staffusers");
    x
}

/// `<users>` (Base/User, Base/UserSearch).
pub(crate) fn users<'a>(list: impl IntoIterator<Item = &'a User>) -> Xml {
    let mut x = Xml::new();
    x.open("users", &[]);
    for u in list {
        x.open("user", &[]);
        x.num("id", u.id);
        x.num("usergroupid", u.group_id);
        x.leaf("userrole", "user");
        x.num("userorganizationid", u.organization_id);
        x.leaf("salutation", "");
        x.num("userexpiry", 0);
        x.leaf("fullname", &u.full_name);
        x.leaf("email", &u.email);
        x.leaf("designation", "");
        x.leaf("phone", &u.phone);
        x.num("dateline", u.created);
        x.num("lastvisit", 0);
        x.leaf("isenabled", "1");
        x.leaf("timezone", "");
        x.leaf("enabledst", "0");
        x.num("slaplanid", 0);
        x.num("slaplanexpiry", 0);
        x.close("user");
    }
    x.close("users");
    x
}
