//! A trust of three schools started from nothing, as its IT lead would: `init`, one
//! `new school` per academy, each school.yaml filled in. Their sites, the trust's landing
//! page and the contact details a school's footer prints.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

use crate::common::fill_in;

const TRUST: &str = "Weald Valley Learning Trust";

/// The schools: id, full name, and the address as each office writes it. Larkfield's
/// short name is its village, and its address has no house number.
const SCHOOLS: [(&str, &str, [&str; 3]); 3] = [
    ("larkfield", "Larkfield Primary School", ["Larkfield Road", "Larkfield", "LF2 7QX"]),
    ("the-alders", "The Alders Primary School", ["1 Alder Walk", "Ashmere", "AM3 4DW"]),
    ("st-brigids", "St Brigid's Catholic Primary School", ["Convent Lane", "Ashmere", "AM3 9BE"]),
];

/// The trust's one roster, tab-separated, with the School column its information system writes.
const ROSTER: &str = "pupils.tsv";
const ROSTER_TSV: &str = "Forename\tSurname\tYear\tReg Group\tSchool\n\
    Maisie\tThornbury\tYear 3\t3K\tLarkfield Primary School\n\
    Oskar\tWhitcombe\tYear 5\tKingfisher\tThe Alders Primary School\n\
    Niamh\tFairweather\tYear 1\t1B\tSt Brigid's Catholic Primary School\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policypress"))
        .args(args)
        .current_dir(dir)
        .env("POLICYPRESS_TODAY", "2026-11-23")
        .env("POLICYPRESS_ROSTER", dir.join(ROSTER))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn findings(output: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<serde_json::Value>(&output.stdout).ok().and_then(|v| v.as_array().cloned()).unwrap_or_default()
}

/// The trust, filled in: every school's values, its own address, and the trust's name.
fn trust() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(run(root, &["init", "--school", SCHOOLS[0].0]).status.success());
    fs::write(root.join(ROSTER), ROSTER_TSV).unwrap();
    for (id, ..) in &SCHOOLS[1..] {
        let made = run(root, &["new", "school", id]);
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    }
    for (id, name, address) in SCHOOLS {
        let path = root.join(format!("schools/{id}/school.yaml"));
        let mut yaml = fill_in(&fs::read_to_string(&path).unwrap(), name);
        for (written, own) in ["4 Orchard Way", "Exampleton", "EX4 9ZZ"].iter().zip(address) {
            yaml = yaml.replace(written, own);
        }
        // Reviews as a real policy header gives them: a day, in the autumn of next year.
        yaml = yaml.replace("next_review: 2027-10", "next_review: 2027-10-15");
        fs::write(&path, yaml).unwrap();
    }
    let site = root.join("policypress.yaml");
    let text = fs::read_to_string(&site).unwrap();
    fs::write(&site, format!("name: {TRUST}\n{}", text.lines().filter(|l| !l.starts_with("name:")).collect::<Vec<_>>().join("\n")))
        .unwrap();
    dir
}

/// The links of the landing page's list: (text, href), parsed from its HTML.
fn listed(index: &str) -> Vec<(String, String)> {
    let html = scraper::Html::parse_document(index);
    let links = scraper::Selector::parse("main li a").unwrap();
    html.select(&links).map(|a| (a.text().collect::<String>(), a.value().attr("href").unwrap_or_default().to_owned())).collect()
}

#[test]
fn a_school_named_after_its_village_with_no_house_number_builds_clean() {
    let trust = trust();
    let checked = run(trust.path(), &["check", "--strict", "--format", "json"]);
    let found = findings(&checked);
    assert!(checked.status.success(), "{found:#?}\n{}", String::from_utf8_lossy(&checked.stderr));
    assert!(found.is_empty(), "{found:#?}");

    // The footer says "Contact Larkfield" and then "Larkfield Road" on every page, a few
    // lines under a policy's "Next review: 15 October 2027": three separate blocks.
    let built = run(trust.path(), &["build"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let policy = fs::read_to_string(trust.path().join("public/larkfield/policies/online-safety/index.html")).unwrap();
    let page = scraper::Html::parse_document(&policy);
    let text: String = page.root_element().text().collect();
    assert!(text.contains("Contact Larkfield") && text.contains("Larkfield Road") && text.contains("2027"), "{text}");

    // A pupil's home on the school's own road is still a home address.
    let guidance = trust.path().join("content/guidance/staying-safe-online.md");
    let source = fs::read_to_string(&guidance).unwrap();
    fs::write(&guidance, format!("{source}\nThe walking bus leaves from 14 Larkfield Road at 8:15.\n")).unwrap();
    let refused = run(trust.path(), &["check", "--school", "larkfield", "--format", "json"]);
    let addresses: Vec<_> = findings(&refused).into_iter().filter(|f| f["rule"] == "home-address").collect();
    assert_eq!(addresses.len(), 1, "{addresses:#?}");
    assert!(addresses[0]["message"].as_str().unwrap().contains("14 Larkfield Road"), "{addresses:#?}");
    assert!(addresses[0]["file"].as_str().unwrap().starts_with("content/guidance/"), "{addresses:#?}");
}

#[test]
fn the_landing_page_comes_from_the_theme_and_stays_whole_when_one_school_is_rebuilt() {
    let trust = trust();
    let root = trust.path();
    assert!(run(root, &["build"]).status.success());
    let index = fs::read_to_string(root.join("public/index.html")).unwrap();
    let html = scraper::Html::parse_document(&index);
    let heading = scraper::Selector::parse("h1").unwrap();
    assert_eq!(html.select(&heading).next().unwrap().text().collect::<String>(), TRUST);
    let mut expected: Vec<(String, String)> =
        SCHOOLS.iter().map(|(id, name, _)| ((*name).to_owned(), format!("{id}/index.html"))).collect();
    expected.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(listed(&index), expected);
    for (_, href) in &expected {
        assert!(root.join("public").join(href).is_file(), "{href} leads to the school's home page");
    }

    // One school rebuilt: the others are carried over, and still listed.
    let rebuilt = run(root, &["build", "--school", "the-alders"]);
    assert!(rebuilt.status.success(), "{}", String::from_utf8_lossy(&rebuilt.stderr));
    assert_eq!(listed(&fs::read_to_string(root.join("public/index.html")).unwrap()), expected);

    // The trust's own theme says it differently; a template that loads from elsewhere is refused.
    fs::create_dir_all(root.join("themes/weald/templates")).unwrap();
    fs::write(
        root.join("themes/weald/templates/schools.html"),
        "<!doctype html><html lang=\"en-GB\"><head><title>{{ site_name }}</title></head><body><main><h1>Our academies</h1>\
         <ul>{% for school in schools %}<li><a href=\"{{ school.href }}\">{{ school.name }}</a></li>{% endfor %}</ul></main></body></html>",
    )
    .unwrap();
    let site = fs::read_to_string(root.join("policypress.yaml")).unwrap();
    fs::write(root.join("policypress.yaml"), format!("{site}\ntheme: weald\n")).unwrap();
    assert!(run(root, &["build"]).status.success());
    let index = fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(index.contains("Our academies") && listed(&index) == expected, "{index}");

    fs::write(
        root.join("themes/weald/templates/schools.html"),
        "<!doctype html><html lang=\"en-GB\"><head><title>{{ site_name }}</title>\n\
         <link rel=\"stylesheet\" href=\"https://fonts.example/trust.css\"></head><body></body></html>",
    )
    .unwrap();
    let refused = run(root, &["build", "--format", "json"]);
    assert_eq!(refused.status.code(), Some(1));
    let found = findings(&refused);
    assert!(found.iter().any(|f| f["rule"] == "external-resource" && f["file"] == "themes/weald/templates/schools.html"), "{found:#?}");
    assert!(fs::read_to_string(root.join("public/index.html")).unwrap().contains("Our academies"), "the site is unchanged");

    // The landing page is read like any page: a pupil's name, a private phone, a home address.
    fs::write(
        root.join("themes/weald/templates/schools.html"),
        "<!doctype html><html lang=\"en-GB\"><head><title>{{ site_name }}</title></head><body><main><h1>{{ site_name }}</h1>\n\
         <p>Well done to Maisie Thornbury for the trust's art prize.</p>\n\
         <p>Out of hours, ring 07700 900123 or call at 12 Kestrel Close.</p>\n\
         <p>The Alders: 1 Alder Walk, Ashmere, AM3 4DW; St Brigid's: Convent Lane, Ashmere, AM3 9BE.</p></main></body></html>",
    )
    .unwrap();
    let refused = run(root, &["build", "--format", "json"]);
    assert_eq!(refused.status.code(), Some(1));
    let found = findings(&refused);
    // Every school's own address may be listed; a stranger's may not.
    let addresses: Vec<&serde_json::Value> = found.iter().filter(|f| f["rule"] == "home-address").collect();
    assert_eq!(addresses.len(), 1, "{addresses:#?}");
    assert!(addresses[0]["message"].as_str().unwrap().contains("12 Kestrel Close"), "{addresses:#?}");
    for rule in ["pupil-surname", "personal-phone", "home-address"] {
        let at = found.iter().find(|f| f["rule"] == rule).unwrap_or_else(|| panic!("{rule}: {found:#?}"));
        assert_eq!(at["file"], "themes/weald/templates/schools.html", "{at:#?}");
        assert!(at["line"].as_u64().is_some_and(|line| line > 1), "{at:#?}");
    }
    assert!(!String::from_utf8_lossy(&refused.stderr).contains("Thornbury"), "a pupil's name is never printed");
    assert!(fs::read_to_string(root.join("public/index.html")).unwrap().contains("Our academies"), "the site is unchanged");
}

#[test]
fn reviews_across_the_trust_list_the_model_policies_and_terms_as_headers_write_them() {
    let trust = trust();
    let root = trust.path();
    let site = fs::read_to_string(root.join("policypress.yaml")).unwrap();
    fs::write(
        root.join("policypress.yaml"),
        format!(
            "{site}\nterm_ends:\n  summer: 17 July\npolicies:\n  online-safety:\n    owner: Director of Education\n    approved_by: Trust Board\n    \
             approved_on: 2026-07-08\n    next_review: Summer 2027\n    next_review_by: Trust Safeguarding Committee\n"
        ),
    )
    .unwrap();
    // Larkfield reviews its own copy in the autumn, by its leadership team; The Alders annually.
    let larkfield = root.join("schools/larkfield/school.yaml");
    let yaml = fs::read_to_string(&larkfield).unwrap();
    let entry = yaml.find("  online-safety:\n").unwrap();
    let due = entry + yaml[entry..].find("next_review: 2027-10-15").unwrap();
    let due_end = due + "next_review: 2027-10-15".len();
    let review = "next_review: Autumn 2027\n    next_review_by: Senior Leadership Team";
    fs::write(&larkfield, format!("{}{review}{}", &yaml[..due], &yaml[due_end..])).unwrap();
    let alders = root.join("schools/the-alders/school.yaml");
    let yaml = fs::read_to_string(&alders).unwrap().replacen("next_review: 2027-10-15", "review_every: Annually", 1);
    fs::write(&alders, yaml).unwrap();

    let listed = run(root, &["reviews", "--ics", "reviews.ics"]);
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let table = String::from_utf8(listed.stdout).unwrap();
    let model = table.lines().find(|l| l.contains("(model policy)")).unwrap_or_else(|| panic!("{table}"));
    assert!(model.starts_with("2027-07-17") && model.contains(TRUST) && model.contains("Trust Safeguarding Committee"), "{model}");
    let larkfield_row =
        table.lines().find(|l| l.contains("Larkfield Primary School") && l.contains("2027-12-19")).unwrap_or_else(|| panic!("{table}"));
    assert!(larkfield_row.contains("reviewed by Senior Leadership Team"), "{larkfield_row}");
    assert!(table.lines().any(|l| l.starts_with("2027-10-01") && l.contains("The Alders")), "annually from its approval:\n{table}");
    let calendar = fs::read_to_string(root.join("reviews.ics")).unwrap().replace("\r\n ", "");
    assert!(calendar.contains("UID:model-online-safety@policypress") && calendar.contains("DTSTART;VALUE=DATE:20270717"), "{calendar}");
    let one_school = String::from_utf8(run(root, &["reviews", "--school", "larkfield"]).stdout).unwrap();
    assert!(!one_school.contains("(model policy)"), "{one_school}");

    // The policy's page says when, as a term, and by whom.
    assert!(run(root, &["build", "--school", "larkfield"]).status.success());
    let page = fs::read_to_string(root.join("public/larkfield/policies/online-safety/index.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let record: Vec<String> = html.select(&scraper::Selector::parse("dl div").unwrap()).map(|d| d.text().collect::<String>()).collect();
    assert!(record.contains(&"Next reviewAutumn term 2027".to_owned()), "{record:?}");
    assert!(record.contains(&"Next review bySenior Leadership Team".to_owned()), "{record:?}");

    // The model overdue: warned at policypress.yaml, as a school's own policy would be.
    let text = fs::read_to_string(root.join("policypress.yaml")).unwrap().replace("next_review: Summer 2027", "next_review: Summer 2026");
    fs::write(root.join("policypress.yaml"), &text).unwrap();
    let found = findings(&run(root, &["check", "--format", "json"]));
    let overdue: Vec<_> = found.iter().filter(|f| f["rule"] == "review-overdue").collect();
    assert_eq!(overdue.len(), 1, "{found:#?}");
    let line = text.lines().position(|l| l.contains("Summer 2026")).unwrap() + 1;
    assert_eq!((overdue[0]["file"].as_str(), overdue[0]["line"].as_u64()), (Some("policypress.yaml"), Some(line as u64)));

    // A model policy the trust has not got is a slip, at its line.
    let text = fs::read_to_string(root.join("policypress.yaml")).unwrap().replace("  online-safety:", "  online-saftey:");
    fs::write(root.join("policypress.yaml"), &text).unwrap();
    let refused = run(root, &["check", "--format", "json"]);
    let found = findings(&refused);
    let slip = found.iter().find(|f| f["file"] == "policypress.yaml").unwrap_or_else(|| panic!("{found:#?}"));
    let line = text.lines().position(|l| l == "  online-saftey:").unwrap() + 1;
    assert_eq!(slip["line"].as_u64(), Some(line as u64), "{slip:#?}");
    assert!(slip["help"].as_str().unwrap_or_default().contains("online-safety"), "{slip:#?}");
}

#[test]
fn a_schools_packs_say_when_the_roster_cannot_tell_its_pupils_from_the_trusts() {
    let trust = trust();
    let root = trust.path();
    let packs = |out: &str| {
        let made = run(root, &["agreements", "--school", "larkfield", "--year", "2026-27", "--out", out]);
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
        String::from_utf8(made.stderr).unwrap()
    };
    // Headed as some information systems head it, the column is read.
    fs::write(root.join(ROSTER), ROSTER_TSV.replacen("\tSchool\n", "\tAcademy\n", 1)).unwrap();
    let said = packs("packs-1");
    assert!(!said.contains("unplaced-pupils"), "{said}");
    assert!(root.join("packs-1/3K.pdf").is_file() && !root.join("packs-1/Kingfisher.pdf").exists(), "only Larkfield's class");

    // Headed otherwise, it is not: every row would be Larkfield's, and that is said.
    fs::write(root.join(ROSTER), ROSTER_TSV.replacen("\tSchool\n", "\tSite\n", 1)).unwrap();
    let said = packs("packs-2");
    assert!(said.contains("warning[unplaced-pupils]") && said.contains("the roster has no school column"), "{said}");
    assert!(said.contains("2 other schools") && !said.contains("Thornbury"), "{said}");

    // A school the roster knows by another name has no pupils: said, not printed empty.
    fs::write(root.join(ROSTER), ROSTER_TSV.replace("Larkfield Primary School", "Larkfield Academy")).unwrap();
    let said = packs("packs-3");
    assert!(said.contains("no row of the roster names `larkfield`"), "{said}");
    assert!(said.contains("`Larkfield Academy` (1)"), "{said}");
}

#[test]
fn words_in_a_templates_inline_script_or_style_are_read_like_any_other() {
    let trust = trust();
    let root = trust.path();
    assert!(run(root, &["new", "theme"]).status.success());
    let base = root.join("themes/default/templates/base.html");
    let text = fs::read_to_string(&base).unwrap().replacen(
        "</head>",
        "<style>.site-footer::after{content:\"Well done Maisie Thornbury\"}</style>\n<script>/* out of hours: 07700 900456 */</script>\n</head>",
        1,
    );
    fs::write(&base, &text).unwrap();
    // And a data file the theme publishes beside the pages.
    fs::write(root.join("themes/default/static/contacts.json"), "{\"minibus\": \"collect from 14 Wren Close, OV1 7XZ\"}\n").unwrap();
    let refused = run(root, &["build", "--format", "json"]);
    assert_eq!(refused.status.code(), Some(1));
    let found = findings(&refused);
    for rule in ["pupil-surname", "personal-phone"] {
        // Said once, at the theme the three schools share, naming them.
        let at: Vec<&serde_json::Value> = found.iter().filter(|f| f["rule"] == rule).collect();
        assert_eq!(at.len(), 1, "{rule}: {found:#?}");
        assert_eq!(at[0]["file"], "themes/default/templates/base.html", "{at:#?}");
        let message = at[0]["message"].as_str().unwrap();
        assert!(message.ends_with("(in the sites of larkfield, st-brigids, the-alders)"), "{message}");
    }
    let addresses: Vec<&serde_json::Value> = found.iter().filter(|f| f["rule"] == "home-address").collect();
    assert!(addresses.iter().any(|f| f["file"] == "themes/default/static/contacts.json" && f["line"] == 1), "{addresses:#?}");
    assert!(!root.join("public").exists());
}
