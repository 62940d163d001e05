//! Reviews: every published policy by its next review date, overdue first, and the
//! same dates as an iCalendar file for the governors' calendar. A trust's model policies,
//! with their review record in policypress.yaml, are listed beside its schools'.
//!
//! In: the loaded [`Project`]. Out: plain [`Review`] values, a text table, or iCalendar
//! text. Nothing is rendered; only school.yaml and front matter are read.

use std::fmt::Write as _;

use crate::date::Date;
use crate::project::Project;
use crate::project::config::Kind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The school's id; empty for a trust's model policy.
    pub school_id: String,
    pub school: String,
    pub slug: String,
    pub title: String,
    pub owner_role: String,
    pub owner: String,
    pub due: Date,
    /// Who carries out the review, where the record says.
    pub by: Option<String>,
    /// Days from today to the due date: negative when overdue.
    pub days_left: i64,
}

/// Every policy with a review date, overdue first (most overdue at the top), then soonest;
/// with `models`, the trust's model policies too.
pub fn upcoming(project: &Project, today: Date, within_days: Option<i64>, models: bool) -> Vec<Review> {
    let trust = project.site.name.as_deref().unwrap_or("the trust");
    let model_reviews = project.site.policies.iter().filter(|_| models).filter_map(|(slug, record)| {
        let due = record.next_review_due()?;
        let source = project.shared.iter().find(|s| s.kind() == Kind::Policy && &s.slug == slug)?;
        Some(Review {
            school_id: String::new(),
            school: format!("{trust} (model policy)"),
            slug: slug.clone(),
            title: source.front.title.clone(),
            owner_role: record.owner.value.clone(),
            owner: record.owner.value.clone(),
            due,
            by: record.next_review_by.clone(),
            days_left: due.days() - today.days(),
        })
    });
    let mut reviews: Vec<Review> = project
        .schools
        .iter()
        .flat_map(|school| {
            school.pages.iter().filter(|p| p.source.kind() == Kind::Policy).filter_map(move |page| {
                let record = school.config.policies.get(&page.source.slug)?;
                let due = record.next_review_due()?;
                let role = &record.owner.value;
                let title = school.roles.title(role).unwrap_or(role);
                let names = school.roles.holders(role).map(|h| h.text.clone()).unwrap_or_default();
                Some(Review {
                    school_id: school.id.clone(),
                    school: school.config.name.clone(),
                    slug: page.source.slug.clone(),
                    title: page.source.front.title.clone(),
                    owner_role: title.to_owned(),
                    owner: if names.is_empty() { title.to_owned() } else { format!("{title} ({names})") },
                    due,
                    by: record.next_review_by.clone(),
                    days_left: due.days() - today.days(),
                })
            })
        })
        .chain(model_reviews)
        .filter(|r| within_days.is_none_or(|days| r.days_left <= days))
        .collect();
    reviews.sort_by(|a, b| (a.due, &a.school_id, &a.slug).cmp(&(b.due, &b.school_id, &b.slug)));
    reviews
}

/// A plain-text table for the terminal, its policy column as wide as its longest title.
pub fn table(reviews: &[Review]) -> String {
    let width = reviews.iter().map(|r| r.title.chars().count()).max().unwrap_or(0).max("policy".len());
    let mut out = String::new();
    let _ = writeln!(out, "{:<14} {:<22} {:<width$} school / owner", "due", "status", "policy");
    for review in reviews {
        let status = match review.days_left {
            d if d < 0 => format!("OVERDUE by {} days", -d),
            0 => "due today".to_owned(),
            d => format!("in {d} days"),
        };
        let by = review.by.as_ref().map(|by| format!(", reviewed by {by}")).unwrap_or_default();
        let _ = writeln!(out, "{:<14} {:<22} {:<width$} {}: {}{by}", review.due.iso(), status, review.title, review.school, review.owner);
    }
    out
}

/// An iCalendar file with one all-day event per review, on its due date (the last day
/// of the month for a month-only date). UIDs are stable, so re-importing updates events.
pub fn icalendar(reviews: &[Review], today: Date) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        crate::build::target::CALENDAR_PRODUCT.to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
    ];
    let stamp = format!("{}T000000Z", compact(today));
    for review in reviews {
        let day = review.due.last_day();
        let next = Date::from_days(day.days() + 1);
        lines.push("BEGIN:VEVENT".to_owned());
        let whose = if review.school_id.is_empty() { "model" } else { &review.school_id };
        lines.push(format!("UID:{whose}-{}@policypress", review.slug));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", compact(day)));
        lines.push(format!("DTEND;VALUE=DATE:{}", compact(next)));
        lines.push(format!("SUMMARY:{}", escape(&format!("Review due: {} ({})", review.title, review.school))));
        let record = if review.school_id.is_empty() { "policypress.yaml" } else { "school.yaml" };
        let by = review.by.as_ref().map(|by| format!(" Reviewed by: {by}.")).unwrap_or_default();
        lines.push(format!("DESCRIPTION:{}", escape(&format!("Owner: {}.{by} Review the policy, then update {record}.", review.owner))));
        lines.push(format!("CATEGORIES:{}", escape(&review.owner_role)));
        lines.push("END:VEVENT".to_owned());
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|line| fold(line)).collect::<Vec<_>>().join("")
}

fn compact(date: Date) -> String {
    date.last_day().iso().replace('-', "")
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// RFC 5545: lines end in CRLF and are folded at 75 octets, never inside a character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_without_splitting_characters() {
        let folded = fold(&format!("SUMMARY:{}", "é".repeat(60)));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), format!("SUMMARY:{}", "é".repeat(60)));
    }
}
