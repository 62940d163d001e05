//! End-to-end tests on the example project at the repository root: the real binary
//! builds every example school into a temporary folder, and the pages are parsed and
//! checked for what a reader would see.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use policypress::project::config::SchoolConfig;
use scraper::{Html, Selector};

const TODAY: &str = "2026-11-23";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The examples, built once for every test in this file.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        Command::cargo_bin("policypress")
            .unwrap()
            .env("POLICYPRESS_TODAY", TODAY)
            .args(["--project", repo().to_str().unwrap(), "build", "--out", site.to_str().unwrap()])
            .assert()
            .success();
        out
    })
    .path()
}

fn site() -> PathBuf {
    built().join("site")
}

fn page(path: &str) -> Html {
    let file = site().join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Html::parse_document(&text)
}

fn page_at(file: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(file).unwrap())
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn text(element: scraper::ElementRef<'_>) -> String {
    element.text().collect::<Vec<_>>().join("").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn school(id: &str) -> SchoolConfig {
    let path = repo().join("schools").join(id).join("school.yaml");
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn school_ids() -> Vec<String> {
    let mut ids: Vec<String> =
        std::fs::read_dir(repo().join("schools")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    ids.sort();
    ids
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir).into_iter().map(|e| e.unwrap().into_path()).filter(|p| p.extension().is_some_and(|e| e == "html")).collect()
}

#[test]
fn the_index_lists_every_school_by_name() {
    let index = page("index.html");
    let listed: BTreeSet<String> = select(&index, "main a").into_iter().map(text).collect();
    for id in school_ids() {
        assert!(listed.contains(&school(&id).name), "{id} missing from the index: {listed:?}");
        assert!(site().join(&id).join("index.html").is_file());
    }
}

#[test]
fn policy_headers_show_approval_review_and_owner_from_school_yaml() {
    let config = school("moorfield-trust-meadow");
    let review = &config.policies["online-safety"];
    let html = page("moorfield-trust-meadow/policies/online-safety/index.html");
    let header: Vec<(String, String)> =
        select(&html, ".policy-header div").into_iter().map(|row| (text(select_in(row, "dt")), text(select_in(row, "dd")))).collect();
    let value = |label: &str| header.iter().find(|(l, _)| l == label).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(value("Approved by"), format!("{} on {}", review.approved_by.as_ref().unwrap(), review.approved_on.unwrap()));
    assert_eq!(value("Approved by"), "Moorfield Learning Trust Board on 9 July 2026");
    assert_eq!(value("Next review"), "July 2027");
    assert_eq!(value("Last reviewed"), "14 October 2026 by Head of School");
    let owner = config.people.iter().find(|p| p.roles.iter().any(|r| r.value == review.owner.value)).unwrap();
    assert!(value("Owner").ends_with(&owner.name.value), "{}", value("Owner"));
}

fn select_in<'a>(element: scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    element.select(&Selector::parse(css).unwrap()).next().unwrap()
}

#[test]
fn role_titles_follow_school_overrides() {
    // Ysgol y Dderwen retitles esafety-coordinator; the trust schools use the built-in title.
    let welsh = school("ysgol-y-dderwen");
    let title = welsh.roles["esafety-coordinator"].in_language("en-GB").unwrap().to_owned();
    let html = page("ysgol-y-dderwen/en-gb/policies/online-safety/index.html");
    let owner = text(select(&html, ".policy-header div").into_iter().find(|d| text(*d).starts_with("Owner")).unwrap());
    assert!(owner.contains(title.as_str()), "{owner}");
    // On the Welsh page, the record is in Welsh and so is the title.
    let cymraeg = page("ysgol-y-dderwen/policies/online-safety/index.html");
    let perchennog = text(select(&cymraeg, ".policy-header div").into_iter().find(|d| text(*d).starts_with("Perchennog")).unwrap());
    assert!(perchennog.contains(welsh.roles["esafety-coordinator"].in_language("cy").unwrap()), "{perchennog}");
    let table = select(&html, ".content table td").into_iter().map(text).collect::<Vec<_>>().join(" | ");
    assert!(table.contains(title.as_str()), "the roles table uses the school's title: {table}");
    for person in welsh.people.iter().filter(|p| p.roles.iter().any(|r| r.value == "dsl")) {
        assert!(table.contains(&person.name.value), "the roles table names {}", person.name.value);
    }
}

#[test]
fn every_table_of_contents_link_reaches_a_heading() {
    for id in school_ids() {
        let html = page(&format!("{id}/policies/online-safety/index.html"));
        let ids: BTreeSet<String> = select(&html, "[id]").into_iter().map(|e| e.value().attr("id").unwrap().to_owned()).collect();
        let links = select(&html, "nav.toc a");
        assert!(links.len() > 10, "{id}: the policy has a table of contents");
        for link in links {
            let target = link.value().attr("href").unwrap().strip_prefix('#').unwrap();
            assert!(ids.contains(target), "{id}: contents link #{target} has no heading");
            let heading = select(&html, &format!("h2#{target}, h3#{target}"));
            assert_eq!(text(heading[0]), text(link), "{id}: the link reads as its heading");
        }
        // Sub-sections are a list inside their section's item, so the sections are
        // numbered 1, 2, 3 … without gaps, whatever lies under them.
        let sections = select(&html, "nav.toc > ol > li");
        let level_two = select(&html, ".content h2");
        assert_eq!(sections.len(), level_two.len(), "{id}: one numbered item per section");
        for (item, heading) in sections.iter().zip(&level_two) {
            let first_link = item.select(&scraper::Selector::parse("a").unwrap()).next().unwrap();
            assert_eq!(text(first_link), text(*heading), "{id}: sections in order");
            let subsections = item.select(&scraper::Selector::parse("ul > li > a").unwrap()).count();
            let under = heading_count_until_next_h2(&html, heading);
            assert_eq!(subsections, under, "{id}: the sub-sections of {} sit under it", text(*heading));
        }
    }
}

/// How many `h3` headings follow `heading` in the content before the next `h2`.
fn heading_count_until_next_h2(html: &Html, heading: &scraper::ElementRef<'_>) -> usize {
    let headings = select(html, ".content h2, .content h3");
    headings.iter().skip_while(|h| h.id() != heading.id()).skip(1).take_while(|h| h.value().name() == "h3").count()
}

#[test]
fn a_school_override_replaces_one_section_and_keeps_the_rest() {
    let meadow = page("moorfield-trust-meadow/policies/online-safety/index.html");
    let hilltop = page("moorfield-trust-hilltop/policies/online-safety/index.html");
    let section = |html: &Html| text(select(html, "#mobile-phones")[0].parent().and_then(scraper::ElementRef::wrap).unwrap());
    let phone_free = "phone-free school";
    assert!(section(&meadow).contains(phone_free));
    assert!(!section(&hilltop).contains(phone_free));
    // The sections around the override are the trust's shared text in both.
    let headings = |html: &Html| select(html, ".content h2").into_iter().map(text).collect::<Vec<_>>();
    assert_eq!(headings(&meadow), headings(&hilltop));
}

#[test]
fn secondary_sections_appear_only_for_schools_with_a_secondary_phase() {
    for id in school_ids() {
        let html = page(&format!("{id}/policies/online-safety/index.html"));
        let has_byod = select(&html, "h3").into_iter().any(|h| text(h) == "Bring your own device");
        let secondary = school(&id).phases.contains(&policypress::project::config::Phase::Secondary);
        assert_eq!(has_byod, secondary, "{id}");
    }
}

#[test]
fn agreements_are_published_only_for_the_tiers_a_school_issues() {
    for id in school_ids() {
        let config = school(&id);
        let issued: BTreeSet<String> = config.agreements.iter().map(|t| t.value.clone()).collect();
        let published: BTreeSet<String> = std::fs::read_dir(site().join(&id).join("agreements"))
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(published, issued, "{id}");
        for tier in &issued {
            let html = page(&format!("{id}/agreements/{tier}/index.html"));
            assert!(!select(&html, ".signature-line").is_empty(), "{id}/{tier} has signature lines");
        }
    }
}

#[test]
fn nothing_is_loaded_from_another_site() {
    for file in html_files(&site()) {
        let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        for element in select(&html, "script[src], link[href], img[src], iframe[src], source[src], video[src], audio[src]") {
            // The page's own address and its other languages' are named, never loaded.
            if element.value().name() == "link" && matches!(element.value().attr("rel"), Some("canonical" | "alternate")) {
                continue;
            }
            let url = element.value().attr("src").or_else(|| element.value().attr("href")).unwrap();
            assert!(!url.contains("//"), "{}: {url} is loaded from elsewhere", file.display());
        }
    }
}

#[test]
fn every_internal_link_leads_to_a_published_file() {
    for file in html_files(&site()) {
        let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        for element in select(&html, "a[href], link[rel=stylesheet]") {
            let href = element.value().attr("href").unwrap();
            if href.contains(':') || href.starts_with('#') {
                continue;
            }
            let path = href.split('#').next().unwrap();
            // The 404 page is shown at any depth, so its links start at the school's site
            // root on its host (each example's base_url is a host's root).
            let target = match path.strip_prefix('/') {
                Some(from_root) if file.ends_with("404.html") => file.parent().unwrap().join(from_root),
                _ => file.parent().unwrap().join(path),
            };
            assert!(target.is_file(), "{}: `{href}` leads nowhere", file.display());
        }
    }
}

#[test]
fn every_page_declares_its_language_and_the_school_name() {
    for id in school_ids() {
        let config = school(&id);
        for file in html_files(&site().join(&id)) {
            let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            // The main language's pages are at the root; another language's under its
            // folder (`cy/`, `en-gb/`), every page there in that language.
            let relative = file.strip_prefix(site().join(&id)).unwrap().to_string_lossy().replace('\\', "/");
            let languages = config.languages();
            let expected = languages
                .iter()
                .skip(1)
                .find(|lang| relative.starts_with(&format!("{}/", lang.to_ascii_lowercase())))
                .copied()
                .unwrap_or(languages[0]);
            assert_eq!(select(&html, "html")[0].value().attr("lang"), Some(expected), "{}", file.display());
            assert_eq!(text(select(&html, ".school-name")[0]), config.name, "{}", file.display());
        }
    }
}

#[test]
fn sitemap_robots_and_404_are_published() {
    for id in school_ids() {
        let dir = site().join(&id);
        assert!(dir.join("404.html").is_file());
        assert!(dir.join("accessibility/index.html").is_file());
        let robots = std::fs::read_to_string(dir.join("robots.txt")).unwrap();
        match &school(&id).base_url {
            Some(base) => {
                let sitemap = std::fs::read_to_string(dir.join("sitemap.xml")).unwrap();
                assert!(sitemap.contains(&format!("<loc>{base}policies/online-safety/</loc>")), "{sitemap}");
                assert!(robots.contains(&format!("Sitemap: {base}sitemap.xml")));
            }
            None => assert!(!dir.join("sitemap.xml").exists()),
        }
    }
}

#[test]
fn the_overdue_policy_is_a_warning_and_strict_refuses_it() {
    let run = |strict: bool| {
        let mut args = vec!["--project", repo().to_str().unwrap(), "check", "--format", "json"];
        if strict {
            args.push("--strict");
        }
        Command::cargo_bin("policypress").unwrap().env("POLICYPRESS_TODAY", TODAY).args(args).output().unwrap()
    };
    let relaxed = run(false);
    assert_eq!(relaxed.status.code(), Some(0));
    let mut findings: Vec<serde_json::Value> = serde_json::from_slice(&relaxed.stdout).unwrap();
    // Without a roster, the build says once that the name rules did not run.
    let no_roster = findings.iter().filter(|f| f["rule"] == "no-roster").count();
    assert_eq!(no_roster, 1, "{findings:?}");
    findings.retain(|f| f["rule"] != "no-roster" && f["severity"] != "note");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "review-overdue");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["file"], "schools/harbourview-international/school.yaml");
    assert!(findings[0]["line"].as_u64().is_some());
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1));
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&strict.stdout).unwrap();
    assert_eq!(findings[0]["severity"], "error");
}

/// Copies the example project (sources only) to a temporary folder.
fn copy_examples() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    for folder in ["content", "schools", "themes"] {
        for entry in walkdir::WalkDir::new(repo().join(folder)) {
            let entry = entry.unwrap();
            let target = temp.path().join(entry.path().strip_prefix(repo()).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    temp
}

#[test]
fn an_edit_to_school_yaml_shows_on_every_page_it_touches() {
    let project = copy_examples();
    let yaml_path = project.path().join("schools/moorfield-trust-hilltop/school.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    let old_name = school("moorfield-trust-hilltop").name;
    std::fs::write(&yaml_path, yaml.replacen(&format!("name: {old_name}"), "name: Hilltop Renamed Academy", 1)).unwrap();
    let out = project.path().join("out");
    Command::cargo_bin("policypress")
        .unwrap()
        .env("POLICYPRESS_TODAY", TODAY)
        .args([
            "--project",
            project.path().to_str().unwrap(),
            "build",
            "--school",
            "moorfield-trust-hilltop",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let pages = html_files(&out);
    assert!(pages.len() > 15);
    for file in pages {
        let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        assert_eq!(text(select(&html, ".school-name")[0]), "Hilltop Renamed Academy", "{}", file.display());
    }
    // A body that says {{ school.name }} picks it up too.
    let about = page_at(&out.join("about-these-policies/index.html"));
    assert!(text(select(&about, ".content")[0]).contains("Hilltop Renamed Academy"));
}

#[test]
fn an_overdue_policy_says_it_is_under_review_where_the_school_chose_so() {
    let overdue = page("harbourview-international/policies/mobile-phones/index.html");
    let notice = select(&overdue, ".under-review");
    assert_eq!(notice.len(), 1, "Harbourview sets show_under_review");
    assert!(text(notice[0]).starts_with("Under review. This policy was due for review by July 2026."), "{}", text(notice[0]));
    let current = page("harbourview-international/policies/online-safety/index.html");
    assert!(select(&current, ".under-review").is_empty(), "a policy within its review date has no notice");
}

#[test]
fn the_accessibility_statement_has_the_sections_the_regulations_expect() {
    let statement = page("ysgol-y-dderwen/en-gb/accessibility/index.html");
    let ids: Vec<&str> = select(&statement, "h2").iter().filter_map(|h| h.value().attr("id")).collect();
    for section in ["compliance-status", "known-exceptions", "other-formats", "enforcement", "how-tested", "preparation"] {
        assert!(ids.contains(&section), "no `{section}` section: {ids:?}");
    }
    let dates = text(select(&statement, "#preparation + p")[0]);
    assert_eq!(dates, "This statement was prepared on 1 September 2026. It was last reviewed on 1 September 2026.");
    let contact = school("ysgol-y-dderwen").contact;
    let body = text(select(&statement, "main")[0]);
    assert!(body.contains(&contact.email) && body.contains(&contact.phone), "how to ask for another format");
    // It claims only what is true of the build: no test as a whole unless the school gives one.
    assert!(body.contains("has not yet been tested against them as a whole") && !body.contains("last tested"), "{body}");
    let audited = text(select(&page("brookside-community-primary/accessibility/index.html"), "main")[0]);
    assert!(audited.contains("last tested against WCAG 2.2 levels A and AA on 14 October 2026 by an accessibility auditor"), "{audited}");
    assert!(!audited.contains("has not yet been tested"), "{audited}");
}

#[test]
fn two_schools_publish_a_translation_of_their_guidance() {
    // Ysgol y Dderwen is Welsh-medium: Welsh at its root, English under en-gb/. Brookside
    // is English, with Polish for its Polish-speaking families under pl/.
    for (id, translated, original, lang, title) in [
        ("ysgol-y-dderwen", "", "en-gb/", "cy", "Cadw'n ddiogel ar-lein"),
        ("brookside-community-primary", "pl/", "", "pl", "Bezpieczeństwo w internecie"),
    ] {
        let page_in = page(&format!("{id}/{translated}parents/staying-safe-online/index.html"));
        assert_eq!(select(&page_in, "html")[0].value().attr("lang"), Some(lang));
        assert_eq!(text(select(&page_in, "h1")[0]), title);
        let english = page(&format!("{id}/{original}parents/staying-safe-online/index.html"));
        let alternates: Vec<&str> = select(&english, "link[rel=alternate]").iter().filter_map(|l| l.value().attr("hreflang")).collect();
        assert!(alternates.contains(&lang), "{id}: {alternates:?}");
    }
}
