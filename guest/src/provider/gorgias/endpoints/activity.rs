//! Satisfaction surveys, jobs, events and voice calls.

use crate::provider::catalogue::p::{self, CURSOR, LIMIT};
use crate::provider::catalogue::{Endpoint, Kind};

use super::CREATED_ORDER;

const EVENT_OBJECT_TYPES: &[&str] = &[
    "Account",
    "Customer",
    "CustomField",
    "Integration",
    "Macro",
    "Rule",
    "SatisfactionSurvey",
    "Tag",
    "Team",
    "Ticket",
    "TicketMessage",
    "User",
    "View",
    "Widget",
];
const JOB_TYPES: &[&str] = &[
    "applyMacro",
    "deleteTicket",
    "exportTicket",
    "exportMacro",
    "importMacro",
    "updateTicket",
    "exportTicketDrilldown",
    "exportConvertCampaignSalesDrilldown",
];
const JOB_STATUSES: &[&str] =
    &["pending", "scheduled", "running", "done", "cancel_requested", "canceled", "errored", "fatal_errored"];

/// The rows, in catalogue order.
pub const ROWS: &[Endpoint] = &[
    // --- satisfaction surveys ---
    Endpoint::get(
        "list_satisfaction_surveys",
        "satisfaction_surveys",
        "/satisfaction-surveys",
        "List satisfaction surveys, with cursor paging",
    )
    .params(&[
        CURSOR,
        LIMIT,
        p::query("order_by", Kind::String, "sort order, e.g. created_datetime:desc"),
        p::query("ticket_id", Kind::Integer, "only this ticket's survey"),
    ]),
    Endpoint::get(
        "get_satisfaction_survey",
        "satisfaction_surveys",
        "/satisfaction-surveys/{survey_id}",
        "Get one satisfaction survey",
    )
    .params(&[p::path("survey_id", "survey id")]),
    Endpoint::post(
        "create_satisfaction_survey",
        "satisfaction_surveys",
        "/satisfaction-surveys",
        "Create a satisfaction survey for a ticket",
    )
    .params(&[
        p::body_req("ticket_id", Kind::Integer, "ticket surveyed (one survey per ticket)"),
        p::body_req("customer_id", Kind::Integer, "customer surveyed"),
        p::body("score", Kind::Integer, "score 1-5"),
        p::body("body_text", Kind::String, "the customer's comment"),
        p::body("sent_datetime", Kind::String, "when sent (ISO 8601)"),
        p::body("scored_datetime", Kind::String, "when answered (ISO 8601)"),
        p::body("should_send_datetime", Kind::String, "when to send (ISO 8601), or null to never send"),
        p::body("meta", Kind::Object, "free-form metadata"),
    ]),
    Endpoint::put(
        "update_satisfaction_survey",
        "satisfaction_surveys",
        "/satisfaction-surveys/{survey_id}",
        "Update a satisfaction survey",
    )
    .params(&[
        p::path("survey_id", "survey id"),
        p::body("ticket_id", Kind::Integer, "ticket surveyed"),
        p::body("customer_id", Kind::Integer, "customer surveyed"),
        p::body("score", Kind::Integer, "score 1-5"),
        p::body("body_text", Kind::String, "the customer's comment"),
        p::body("sent_datetime", Kind::String, "when sent (ISO 8601)"),
        p::body("scored_datetime", Kind::String, "when answered (ISO 8601)"),
        p::body("should_send_datetime", Kind::String, "when to send (ISO 8601), or null to never send"),
        p::body("meta", Kind::Object, "free-form metadata"),
    ]),
    // --- jobs ---
    Endpoint::get("list_jobs", "jobs", "/jobs", "List background jobs (bulk updates, exports, imports)")
        .params(&[
            CURSOR,
            LIMIT,
            p::query("order_by", Kind::Enum(CREATED_ORDER), "sort order"),
            p::query("status", Kind::Enum(JOB_STATUSES), "only jobs in this status"),
            p::query("type", Kind::Enum(JOB_TYPES), "only jobs of this type"),
        ]),
    Endpoint::get("get_job", "jobs", "/jobs/{job_id}", "Get one job and its progress")
        .params(&[p::path("job_id", "job id")]),
    Endpoint::post("create_job", "jobs", "/jobs", "Start a background job over many tickets or macros")
        .params(&[
            p::body_req("type", Kind::Enum(JOB_TYPES), "what the job does"),
            p::body_req("params", Kind::Object, "per type: {macro_id, ticket_ids, view_id, updates, url...}"),
            p::body("scheduled_datetime", Kind::String, "start time (ISO 8601, at most 60 minutes ahead)"),
            p::body("meta", Kind::Object, "free-form metadata"),
        ]),
    Endpoint::put("update_job", "jobs", "/jobs/{job_id}", "Update a job that has not finished").params(&[
        p::path("job_id", "job id"),
        p::body("params", Kind::Object, "job parameters"),
        p::body("scheduled_datetime", Kind::String, "start time (ISO 8601), or null to queue now"),
        p::body("status", Kind::Enum(JOB_STATUSES), "move the job to this status"),
        p::body("meta", Kind::Object, "free-form metadata"),
    ]),
    Endpoint::delete("cancel_job", "jobs", "/jobs/{job_id}", "Cancel a job")
        .params(&[p::path("job_id", "job id")]),
    // --- events ---
    Endpoint::get("list_events", "events", "/events", "List account events (audit trail), newest first")
        .params(&[
            CURSOR,
            LIMIT,
            p::query("order_by", Kind::Enum(CREATED_ORDER), "sort order"),
            p::query("object_id", Kind::Integer, "only events on this object"),
            p::query("object_type", Kind::Enum(EVENT_OBJECT_TYPES), "only events on this kind of object"),
            p::query("user_ids", Kind::Integers, "only events caused by these users"),
            p::query("types", Kind::Strings, "only these event types, e.g. ticket-created"),
            p::query("created_datetime[gt]", Kind::String, "created after (ISO 8601)"),
            p::query("created_datetime[gte]", Kind::String, "created at or after (ISO 8601)"),
            p::query("created_datetime[lt]", Kind::String, "created before (ISO 8601)"),
            p::query("created_datetime[lte]", Kind::String, "created at or before (ISO 8601)"),
        ]),
    Endpoint::get("get_event", "events", "/events/{event_id}", "Get one event")
        .params(&[p::path("event_id", "event id")]),
    // --- voice calls ---
    Endpoint::get(
        "list_voice_calls",
        "voice_calls",
        "/phone/voice-calls",
        "List voice calls, with cursor paging",
    )
    .params(&[CURSOR, LIMIT, p::query("ticket_id", Kind::Integer, "only this ticket's calls")]),
    Endpoint::get("get_voice_call", "voice_calls", "/phone/voice-calls/{call_id}", "Get one voice call")
        .params(&[p::path("call_id", "voice call id")]),
    Endpoint::get(
        "list_voice_call_events",
        "voice_calls",
        "/phone/voice-call-events",
        "List voice call events (ringing, answered, transferred...)",
    )
    .params(&[CURSOR, LIMIT, p::query("call_id", Kind::Integer, "only this call's events")]),
    Endpoint::get(
        "get_voice_call_event",
        "voice_calls",
        "/phone/voice-call-events/{event_id}",
        "Get one voice call event",
    )
    .params(&[p::path("event_id", "voice call event id")]),
    Endpoint::get(
        "list_voice_call_recordings",
        "voice_calls",
        "/phone/voice-call-recordings",
        "List call recordings and voicemails",
    )
    .params(&[CURSOR, LIMIT, p::query("call_id", Kind::Integer, "only this call's recordings")]),
    Endpoint::get(
        "get_voice_call_recording",
        "voice_calls",
        "/phone/voice-call-recordings/{recording_id}",
        "Get one call recording or voicemail",
    )
    .params(&[p::path("recording_id", "recording id")]),
    Endpoint::delete(
        "delete_voice_call_recording",
        "voice_calls",
        "/phone/voice-call-recordings/{recording_id}",
        "Delete a call recording or voicemail",
    )
    .params(&[p::path("recording_id", "recording id")]),
];
