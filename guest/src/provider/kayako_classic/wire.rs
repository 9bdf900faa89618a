//! Kayako Classic records exactly as the XML names them (`SWIFT_XML` output of
//! the Tickets and Base controllers), read from [`Element`]s. Absent and empty
//! elements read as `None`/0, so a sparse or older server still parses.

use super::xml::Element;

/// `<ticket id=".." flagtype="..">` from ListAll, Get, TicketSearch, POST and PUT.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ticket {
    /// Numeric id (attribute `id`).
    pub id: u64,
    /// Mask id, e.g. `ABC-123-45678`.
    pub display_id: Option<String>,
    /// `departmentid`.
    pub department_id: Option<i64>,
    /// `statusid`.
    pub status_id: Option<i64>,
    /// `priorityid`.
    pub priority_id: Option<i64>,
    /// `typeid`.
    pub type_id: Option<i64>,
    /// `userid` of the customer.
    pub user_id: Option<i64>,
    /// `userorganization`.
    pub organization: Option<String>,
    /// `ownerstaffid` (0 = unassigned).
    pub owner_staff_id: Option<i64>,
    /// `ownerstaffname`.
    pub owner_staff_name: Option<String>,
    /// `fullname` of the customer.
    pub full_name: Option<String>,
    /// `email` of the customer.
    pub email: Option<String>,
    /// `subject`.
    pub subject: Option<String>,
    /// `creationtime`, unix seconds.
    pub creation_time: i64,
    /// `lastactivity`, unix seconds.
    pub last_activity: i64,
    /// `laststaffreply`, unix seconds (0 = never).
    pub last_staff_reply: i64,
    /// `lastuserreply`, unix seconds.
    pub last_user_reply: i64,
    /// `replies`.
    pub replies: Option<i64>,
    /// `tags`, space separated on the wire.
    pub tags: Vec<String>,
    /// `<note>` children (staff notes on the ticket).
    pub notes: Vec<Note>,
    /// `<posts><post>` (Get and TicketSearch only).
    pub posts: Vec<Post>,
}

impl Ticket {
    /// Reads a `<ticket>` element.
    pub fn from_xml(e: &Element) -> Self {
        Self {
            id: e.attr("id").and_then(|v| v.trim().parse().ok()).unwrap_or_default(),
            display_id: e.get("displayid"),
            department_id: e.number("departmentid"),
            status_id: e.number("statusid"),
            priority_id: e.number("priorityid"),
            type_id: e.number("typeid"),
            user_id: e.number("userid"),
            organization: e.get("userorganization"),
            owner_staff_id: e.number("ownerstaffid"),
            owner_staff_name: e.get("ownerstaffname"),
            full_name: e.get("fullname"),
            email: e.get("email"),
            subject: e.get("subject"),
            creation_time: e.number("creationtime").unwrap_or_default(),
            last_activity: e.number("lastactivity").unwrap_or_default(),
            last_staff_reply: e.number("laststaffreply").unwrap_or_default(),
            last_user_reply: e.number("lastuserreply").unwrap_or_default(),
            replies: e.number("replies"),
            tags: e
                .get("tags")
                .map(|t| t.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default(),
            notes: e
                .all("note")
                .filter(|n| n.attr("type").is_none_or(|t| t == "ticket"))
                .map(Note::from_xml)
                .collect(),
            posts: e.child("posts").map(|p| p.all("post").map(Post::from_xml).collect()).unwrap_or_default(),
        }
    }

    /// Every `<ticket>` under a `<tickets>` root.
    pub fn list(root: &Element) -> Vec<Self> {
        root.all("ticket").map(Self::from_xml).collect()
    }

    /// The id people use: the display id when there is one.
    pub fn label(&self) -> String {
        self.display_id.clone().unwrap_or_else(|| self.id.to_string())
    }
}

/// `<note type="ticket" id creatorstaffname creationdate>text</note>`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Note {
    /// `id`.
    pub id: String,
    /// `creatorstaffid`.
    pub staff_id: Option<String>,
    /// `creatorstaffname`.
    pub staff_name: Option<String>,
    /// `creationdate`, unix seconds.
    pub created: i64,
    /// The note.
    pub text: String,
}

impl Note {
    fn from_xml(e: &Element) -> Self {
        let attr = |k: &str| e.attr(k).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        Self {
            id: attr("id").unwrap_or_default(),
            staff_id: attr("creatorstaffid"),
            staff_name: attr("creatorstaffname"),
            created: attr("creationdate").and_then(|v| v.parse().ok()).unwrap_or_default(),
            text: e.text().to_owned(),
        }
    }
}

/// `<post>`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Post {
    /// `ticketpostid` (or `id`).
    pub id: String,
    /// `dateline`, unix seconds.
    pub dateline: i64,
    /// `fullname` of the author.
    pub full_name: Option<String>,
    /// `email` of the author.
    pub email: Option<String>,
    /// `creator`: 1 staff, 2 user.
    pub creator: i64,
    /// `staffid`.
    pub staff_id: Option<i64>,
    /// `userid`.
    pub user_id: Option<i64>,
    /// `contents`.
    pub contents: String,
    /// `ishtml`.
    pub is_html: bool,
    /// `isprivate`: a staff-only post.
    pub is_private: bool,
    /// Attachment file names.
    pub attachments: Vec<String>,
}

/// `creator` of a post or ticket written by staff.
pub const CREATOR_STAFF: i64 = 1;

impl Post {
    /// Reads a `<post>` element.
    pub fn from_xml(e: &Element) -> Self {
        Self {
            id: e.get("ticketpostid").or_else(|| e.get("id")).unwrap_or_default(),
            dateline: e.number("dateline").unwrap_or_default(),
            full_name: e.get("fullname"),
            email: e.get("email"),
            creator: e.number("creator").unwrap_or_default(),
            staff_id: e.number("staffid").filter(|id| *id > 0),
            user_id: e.number("userid").filter(|id| *id > 0),
            contents: e.child("contents").map(|c| c.text().to_owned()).unwrap_or_default(),
            is_html: e.flag("ishtml"),
            is_private: e.flag("isprivate"),
            attachments: e
                .child("attachments")
                .map(|a| a.all("attachment").filter_map(|x| x.get("filename")).collect())
                .unwrap_or_default(),
        }
    }
}

/// A department, status, priority or type: id, title and what else matters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Named {
    /// `id`.
    pub id: i64,
    /// `title`.
    pub title: String,
    /// `markasresolved` (statuses only).
    pub resolved: bool,
    /// `type`: public or private.
    pub visibility: Option<String>,
    /// `module`/`app` (departments: tickets or livechat).
    pub module: Option<String>,
    /// `parentdepartmentid` / `departmentid` (0 = none or all).
    pub parent: Option<i64>,
}

impl Named {
    /// Every `item` child of `root` (`department`, `ticketstatus`...).
    pub fn list(root: &Element, item: &str) -> Vec<Self> {
        root.all(item)
            .filter_map(|e| {
                Some(Self {
                    id: e.number("id")?,
                    title: e.get("title").unwrap_or_default(),
                    resolved: e.flag("markasresolved"),
                    visibility: e.get("type"),
                    module: e.get("module").or_else(|| e.get("app")),
                    parent: e.number("parentdepartmentid").or_else(|| e.number("departmentid")),
                })
            })
            .collect()
    }
}

/// `<staff>` from `GET /Base/Staff`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Staff {
    /// `id`.
    pub id: i64,
    /// `fullname`, else first + last, else `username`.
    pub name: String,
    /// `email`.
    pub email: Option<String>,
    /// `designation`.
    pub designation: Option<String>,
    /// `isenabled`.
    pub enabled: bool,
}

impl Staff {
    /// Every `<staff>` under the root.
    pub fn list(root: &Element) -> Vec<Self> {
        root.all("staff")
            .filter_map(|e| {
                let joined = format!(
                    "{} {}",
                    e.get("firstname").unwrap_or_default(),
                    e.get("lastname").unwrap_or_default()
                );
                let name = e
                    .get("fullname")
                    .or_else(|| Some(joined.trim().to_owned()).filter(|n| !n.is_empty()))
                    .or_else(|| e.get("username"))
                    .unwrap_or_default();
                Some(Self {
                    id: e.number("id")?,
                    name,
                    email: e.get("email"),
                    designation: e.get("designation"),
                    enabled: e.child("isenabled").is_none() || e.flag("isenabled"),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::xml::parse;
    use super::*;

    #[test]
    fn a_ticket_reads_attributes_children_notes_and_posts() {
        let xml = r#"<tickets><ticket id="12" flagtype="0"><displayid><![CDATA[ABC-123-45678]]></displayid><departmentid><![CDATA[2]]></departmentid><statusid><![CDATA[1]]></statusid><ownerstaffid><![CDATA[0]]></ownerstaffid><ownerstaffname /><fullname><![CDATA[Ann Lee]]></fullname><subject><![CDATA[Refund]]></subject><creationtime><![CDATA[1700000000]]></creationtime><tags><![CDATA[vip  refund]]></tags><note type="ticket" id="4" creatorstaffname="Sam" creationdate="1700000100"><![CDATA[call back]]></note><note type="user" id="5">x</note><posts><post><ticketpostid><![CDATA[31]]></ticketpostid><dateline><![CDATA[1700000000]]></dateline><creator><![CDATA[2]]></creator><contents><![CDATA[<p>Hi</p>]]></contents><isprivate><![CDATA[0]]></isprivate><staffid><![CDATA[0]]></staffid></post></posts></ticket></tickets>"#;
        let tickets = Ticket::list(&parse(xml.as_bytes()).unwrap());
        let t = &tickets[0];
        assert_eq!((t.id, t.label().as_str()), (12, "ABC-123-45678"));
        assert_eq!((t.department_id, t.status_id, t.owner_staff_id), (Some(2), Some(1), Some(0)));
        assert_eq!(t.owner_staff_name, None);
        assert_eq!(t.tags, ["vip", "refund"]);
        assert_eq!(t.notes.len(), 1);
        assert_eq!((t.notes[0].staff_name.as_deref(), t.notes[0].text.as_str()), (Some("Sam"), "call back"));
        assert_eq!((t.posts[0].id.as_str(), t.posts[0].creator, t.posts[0].staff_id), ("31", 2, None));
    }

    #[test]
    fn reference_lists_and_staff() {
        let xml = "<ticketstatuses><ticketstatus><id>3</id><title>Closed</title><markasresolved>1</markasresolved></ticketstatus><ticketstatus><title>no id</title></ticketstatus></ticketstatuses>";
        let s = Named::list(&parse(xml.as_bytes()).unwrap(), "ticketstatus");
        assert_eq!(s.len(), 1);
        assert!(s[0].resolved && s[0].title == "Closed");
        let xml = "<staffusers><staff><id>2</id><firstname>Sam</firstname><lastname>Ray</lastname><email>s@x.test</email><isenabled>1</isenabled></staff></staffusers>";
        let staff = Staff::list(&parse(xml.as_bytes()).unwrap());
        assert_eq!((staff[0].name.as_str(), staff[0].enabled), ("Sam Ray", true));
    }
}
