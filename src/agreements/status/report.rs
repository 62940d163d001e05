//! The status report as text: per class for the office's terminal, or CSV for its
//! spreadsheet. Pupils' names appear here on purpose: this is the office's own report,
//! printed to standard output, never a message or a log.

use super::{ClassStatus, Status};

/// Per class: `Oak: 27 of 30 back (Key Stage 1 agreement 14/15, Parents' and carers'
/// agreement 13/15)`, then `  missing: Ben Adams (parents), ...` where any are; last, the
/// whole school's count.
pub fn human(status: &Status) -> String {
    let mut out = String::new();
    for class in &status.classes {
        out.push_str(&class_line(class, status));
        out.push('\n');
        let missing = class.missing();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|(name, tiers)| format!("{name} ({})", tiers.join(", "))).collect();
            out.push_str(&format!("  missing: {}\n", names.join(", ")));
        }
    }
    let (returned, expected) = status.classes.iter().fold((0, 0), |(r, e), c| (r + c.returned(), e + c.expected()));
    let classes = status.classes.len();
    let plural = if classes == 1 { "" } else { "es" };
    out.push_str(&format!("All {classes} class{plural}: {returned} of {expected} back\n"));
    out
}

fn class_line(class: &ClassStatus, status: &Status) -> String {
    let counts: Vec<String> =
        class.counts(&status.tiers).iter().map(|c| format!("{} {}/{}", c.tier.title, c.returned, c.expected)).collect();
    format!("{}: {} of {} back ({})", class.class, class.returned(), class.expected(), counts.join(", "))
}

/// One row per form owed: `class,pupil,year group,tier,returned,date`, with `yes`/`no`
/// and an ISO date (blank when not back or not dated).
pub fn csv(status: &Status) -> String {
    let mut out = String::from("class,pupil,year group,tier,returned,date\r\n");
    for class in &status.classes {
        for form in &class.forms {
            let date = form.date.map(|d| d.iso()).unwrap_or_default();
            let returned = if form.returned { "yes" } else { "no" };
            let cells: Vec<String> =
                [class.class.as_str(), &form.name, &form.year, &form.tier, returned, &date].iter().map(|c| cell(c)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// A CSV cell, quoted where it must be (RFC 4180). A cell a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) gets a leading `'`, as spreadsheets themselves do
/// to show text: a name or class from the roster must never become a formula.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Form, Tier};
    use super::*;
    use crate::date::Date;

    fn status() -> Status {
        let form = |pupil, name: &str, tier: &str, date: Option<Date>, returned| Form {
            pupil,
            name: name.into(),
            year: "Year 2".into(),
            tier: tier.into(),
            returned,
            date,
        };
        let day = Date { year: 2025, month: 9, day: Some(12), term: None };
        Status {
            tiers: vec![
                Tier { id: "ks1".into(), title: "Key Stage 1 agreement".into() },
                Tier { id: "parents".into(), title: "Parents' and carers' agreement".into() },
            ],
            classes: vec![ClassStatus {
                class: "Oak, upper".into(),
                forms: vec![
                    form(0, "Ben Adams", "ks1", Some(day), true),
                    form(0, "Ben Adams", "parents", None, false),
                    form(1, "Zoë \"Zo\" Ł", "ks1", None, true),
                    form(1, "Zoë \"Zo\" Ł", "parents", None, false),
                    form(2, "=Amara", "ks1", None, false),
                    form(2, "=Amara", "parents", None, false),
                ],
            }],
        }
    }

    #[test]
    fn human_report_has_counts_per_tier_and_the_missing_by_name() {
        assert_eq!(
            human(&status()),
            "Oak, upper: 2 of 6 back (Key Stage 1 agreement 2/3, Parents' and carers' agreement 0/3)\n  \
             missing: Ben Adams (parents), Zoë \"Zo\" Ł (parents), =Amara (ks1, parents)\nAll 1 class: 2 of 6 back\n"
        );
    }

    #[test]
    fn csv_report_quotes_cells_and_defuses_formulas() {
        let text = csv(&status());
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "class,pupil,year group,tier,returned,date");
        assert_eq!(lines[1], "\"Oak, upper\",Ben Adams,Year 2,ks1,yes,2025-09-12");
        assert_eq!(lines[3], "\"Oak, upper\",\"Zoë \"\"Zo\"\" Ł\",Year 2,ks1,yes,");
        assert_eq!(lines[5], "\"Oak, upper\",'=Amara,Year 2,ks1,no,");
        assert_eq!(lines.len(), 8);
    }
}
