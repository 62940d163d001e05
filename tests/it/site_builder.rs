//! The site builder on the small fixture project: overlays, media, roles, output
//! formats and the `new school` scaffold, each checked on what a reader of the built
//! site (or of the CI log) sees.

use std::fs;

use crate::common::{GUIDANCE, POLICY, Project, SCHOOL_YAML};
use crate::pdf::writer::{Letter, write};
use scraper::{Html, Selector};

fn page(project: &Project, rel: &str) -> Html {
    let path = project.path().join("public").join(rel);
    Html::parse_document(&fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())))
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("a valid selector");
    html.select(&selector).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

fn attrs(html: &Html, css: &str, name: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("a valid selector");
    html.select(&selector).filter_map(|e| e.value().attr(name).map(str::to_owned)).collect()
}

#[test]
fn a_school_file_with_a_new_path_adds_a_page_and_one_with_a_shared_path_replaces_it() {
    let project = Project::new();
    project.write(
        "schools/alpha/content/policies/online-safety.md",
        "---\ntitle: Online Safety Policy (Alpha)\nkind: policy\n---\n## Our own version\n\nAlpha writes its own.\n",
    );
    project.write("schools/alpha/content/pages/visiting.md", "---\ntitle: Visiting us\nkind: page\n---\nCome to the office first.\n");
    project.run(&["build", "--quiet"]).success();

    let policy = page(&project, "alpha/policies/online-safety/index.html");
    assert_eq!(texts(&policy, "h1"), ["Online Safety Policy (Alpha)"]);
    assert!(texts(&policy, "h2").contains(&"Our own version".to_owned()));
    assert!(!texts(&policy, "h2").contains(&"Staying safe".to_owned()), "the shared body is replaced, not merged");

    let visiting = page(&project, "alpha/visiting/index.html");
    assert_eq!(texts(&visiting, "h1"), ["Visiting us"]);
}

#[test]
fn a_role_held_by_two_people_is_joined_naturally_and_people_lists_them() {
    let project = Project::new();
    project.replace(SCHOOL_YAML, "    roles: [dsl]", "    roles: [dsl]\n  - name: Mrs Dee Deputy\n    roles: [dsl]");
    project.append(POLICY, "");
    project.append(POLICY, "Our leads: {{ role(name=\"dsl\") }}.");
    project.append(POLICY, "");
    project.append(POLICY, "{% for name in people(role=\"dsl\") %}- {{ name }}\n{% endfor %}");
    project.run(&["build", "--quiet"]).success();

    let policy = page(&project, "alpha/policies/online-safety/index.html");
    let body = texts(&policy, "main p").join("\n");
    assert!(body.contains("Our leads: Mr Ben Sample and Mrs Dee Deputy."), "{body}");
    let items = texts(&policy, "main li");
    assert!(items.contains(&"Mr Ben Sample".to_owned()) && items.contains(&"Mrs Dee Deputy".to_owned()), "{items:?}");
}

#[test]
fn media_are_published_under_content_hashes_with_relative_urls() {
    let project = Project::new();
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>";
    project.write("schools/alpha/media/2026/a plan.svg", svg);
    let leaflet = write(&Letter { pages: vec![vec!["Staying safe online: a leaflet for parents"]], ..Letter::default() });
    project.write("content/media/leaflet.pdf", &leaflet);
    project.write("content/media/unused.pdf", b"%PDF-1.4\n% never referenced\n");
    project.append(GUIDANCE, "");
    project.append(GUIDANCE, "![The site plan](/media/2026/a%20plan.svg)");
    project.append(GUIDANCE, "");
    project.append(GUIDANCE, "Read [the leaflet](/media/leaflet.pdf).");
    project.run(&["build", "--quiet"]).success();

    let guidance = page(&project, "alpha/parents/staying-safe/index.html");
    let images = attrs(&guidance, "main img", "src");
    assert_eq!(images.len(), 1, "{images:?}");
    let image = &images[0];
    assert!(image.starts_with("../../media/") && image.ends_with(".svg"), "relative, hashed: {image}");
    let published = project.path().join("public/alpha/parents/staying-safe").join(image);
    assert_eq!(fs::read_to_string(&published).expect("the image is published"), svg);
    assert!(!image.contains("plan"), "the source name does not reach the site: {image}");

    let links: Vec<String> = attrs(&guidance, "main a", "href").into_iter().filter(|h| h.ends_with(".pdf")).collect();
    assert_eq!(links.len(), 1);
    assert!(project.path().join("public/alpha/parents/staying-safe").join(&links[0]).is_file());

    let media: Vec<_> = fs::read_dir(project.path().join("public/alpha/media")).unwrap().collect();
    assert_eq!(media.len(), 2, "only referenced media are published");
}

#[test]
fn one_school_with_out_is_the_root_of_the_folder() {
    let project = Project::new();
    let out = project.path().join("site");
    project.run(&["build", "--school", "alpha", "--out", out.to_str().unwrap(), "--quiet"]).success();
    assert!(out.join("index.html").is_file());
    assert!(out.join("policies/online-safety/index.html").is_file());
    assert!(out.join("404.html").is_file() && out.join("robots.txt").is_file());
    assert!(!out.join("alpha").exists());
    let home = Html::parse_document(&fs::read_to_string(out.join("index.html")).unwrap());
    assert!(attrs(&home, "a", "href").iter().any(|h| h == "policies/online-safety/index.html"), "{:?}", attrs(&home, "a", "href"));
}

/// Regression: `build --school X` into the folder of every school left X off the schools'
/// index, and the 404 page's links broke at any depth below the root.
#[test]
fn building_one_school_keeps_the_index_whole_and_the_404_page_works_at_any_depth() {
    let project = Project::new();
    project.run(&["build", "--quiet"]).success();
    project.run(&["new", "school", "beta"]).success();
    let filled = crate::common::fill_in(&project.read("schools/beta/school.yaml"), "Beta Primary School");
    project.write("schools/beta/school.yaml", &filled);
    project.run(&["build", "--school", "beta", "--quiet"]).success();
    let index = Html::parse_document(&project.read("public/index.html"));
    assert_eq!(attrs(&index, "main a", "href"), ["alpha/index.html", "beta/index.html"], "both schools are listed");
    assert!(project.path().join("public/alpha/index.html").is_file(), "alpha is carried over");

    // The 404 page is shown at any address: its links start at the site's own root.
    let not_found = Html::parse_document(&project.read("public/alpha/404.html"));
    let links = attrs(&not_found, "main a", "href");
    assert!(!links.is_empty() && links.iter().all(|href| href.starts_with('/')), "{links:?}");
    project.append("schools/alpha/school.yaml", "base_url: https://www.alpha.example/policies/");
    project.run(&["build", "--school", "alpha", "--quiet"]).success();
    let not_found = Html::parse_document(&project.read("public/alpha/404.html"));
    assert!(
        attrs(&not_found, "main a", "href").iter().all(|href| href.starts_with("/policies/")),
        "{:?}",
        attrs(&not_found, "main a", "href")
    );
}

#[test]
fn every_finding_names_file_line_and_column_in_each_format() {
    let project = Project::new();
    project.append(GUIDANCE, "Read [the policy](/policies/nope/).");

    let human = project.command(&["check"]).output().unwrap();
    assert_eq!(human.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains("content/guidance/staying-safe.md:9:"), "{stderr}");
    assert!(stderr.contains("broken-link"), "{stderr}");
    assert!(human.stdout.is_empty());

    let github = project.command(&["check", "--format", "github"]).output().unwrap();
    assert_eq!(github.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&github.stdout);
    let line = stdout.lines().find(|l| l.starts_with("::error ")).unwrap_or_else(|| panic!("no ::error line: {stdout}"));
    assert!(line.contains("file=content/guidance/staying-safe.md,line=9,col="), "{line}");
    assert!(line.contains("title=broken-link"), "{line}");

    let json = project.json_findings(&["check"]);
    assert_eq!(json.len(), 1, "{json:?}");
    assert_eq!(json[0]["line"], 9);
    assert!(json[0]["column"].as_u64().is_some_and(|c| c >= 1));
}

#[test]
fn check_writes_nothing() {
    let project = Project::new();
    project.run(&["check"]).success();
    assert!(!project.path().join("public").exists());
}

#[test]
fn a_new_school_is_refused_until_filled_in_and_then_refuses_a_second_creation() {
    let project = Project::new();
    project.run(&["new", "school", "beta"]).success();
    let untouched = project.read("schools/beta/school.yaml");
    let findings = project.json_findings(&["check", "--school", "beta"]);
    let name_line = untouched.lines().position(|line| line.starts_with("name:")).unwrap() + 1;
    assert!(findings.iter().any(|f| f["rule"] == "unfilled-placeholder" && f["line"] == name_line), "{findings:#?}");
    project.run(&["build", "--quiet"]).code(1);
    let yaml = crate::common::fill_in(&untouched, "Beta Primary School");
    project.write("schools/beta/school.yaml", &yaml);
    let findings = project.json_findings(&["check", "--school", "beta"]);
    assert!(findings.is_empty(), "{findings:#?}");
    project.run(&["build", "--quiet"]).success();
    assert!(project.path().join("public/beta/index.html").is_file());
    let index = Html::parse_document(&project.read("public/index.html"));
    assert_eq!(attrs(&index, "main a", "href").len(), 2, "the index lists both schools");

    let again = project.command(&["new", "school", "beta"]).output().unwrap();
    assert_ne!(again.status.code(), Some(0));
    assert_eq!(project.read("schools/beta/school.yaml"), yaml, "an existing school is never overwritten");
}

#[test]
fn without_a_roster_the_build_says_once_that_the_name_rules_did_not_run() {
    let project = Project::new();
    let output = project.command_without_roster(&["check", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let findings = crate::common::parse_findings(&output.stdout, &output.stderr);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "no-roster");
    assert_eq!(findings[0]["severity"], "warning");

    let strict = project.command_without_roster(&["build", "--strict", "--format", "json"]).output().unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(!project.path().join("public").exists(), "a refused build writes nothing");

    let with_roster = project.json_findings(&["check", "--strict"]);
    assert!(with_roster.is_empty(), "{with_roster:?}");

    // --require-roster refuses without one, but leaves other warnings as warnings: an
    // overdue review never holds back the fix that takes a leaked name down.
    let required = project.command_without_roster(&["build", "--require-roster", "--format", "json"]).output().unwrap();
    assert_eq!(required.status.code(), Some(1));
    let findings = crate::common::parse_findings(&required.stdout, &required.stderr);
    assert!(findings.iter().any(|f| f["rule"] == "no-roster" && f["severity"] == "error"), "{findings:?}");
    assert!(!project.path().join("public").exists());
    project.replace(SCHOOL_YAML, "next_review: 2027-09", "next_review: 2026-10");
    let overdue = project.json_findings(&["build", "--require-roster"]);
    assert!(overdue.iter().all(|f| f["severity"] == "warning") && !overdue.is_empty(), "{overdue:?}");
    assert!(project.path().join("public").exists(), "an overdue review only warns");
}

#[test]
fn every_guidance_page_has_a_help_box_built_from_school_yaml() {
    let project = Project::new();
    project.append(
        SCHOOL_YAML,
        "guidance:\n  help_services:\n    - name: Alpha Family Hub\n      url: https://hub.alphafields.example/\n      about: our local family support team",
    );
    project.run(&["build", "--quiet"]).success();
    let guidance = page(&project, "alpha/parents/staying-safe/index.html");
    assert_eq!(texts(&guidance, ".help-box h2"), ["Worried about something?"]);
    let contacts = texts(&guidance, ".help-contacts li");
    assert!(contacts.contains(&"Designated Safeguarding Lead: Mr Ben Sample".to_owned()), "{contacts:?}");
    assert!(contacts.contains(&"E-Safety Co-ordinator: Ms Cara Demo".to_owned()), "{contacts:?}");
    assert!(contacts.iter().any(|c| c.contains("01632 960100") && c.contains("office@alphafields.example")), "{contacts:?}");
    let services: Vec<String> = attrs(&guidance, ".help-services a", "href");
    assert_eq!(services.len(), 6, "five national services and the school's own: {services:?}");
    assert!(services[0].starts_with("https://www.childline.org.uk"));
    assert_eq!(services[5], "https://hub.alphafields.example/");
    // Policies carry no help box; it is for families.
    assert!(texts(&page(&project, "alpha/policies/online-safety/index.html"), ".help-box").is_empty());

    project.append(SCHOOL_YAML, "  replace_help_services: true");
    project.run(&["build", "--quiet"]).success();
    let services = attrs(&page(&project, "alpha/parents/staying-safe/index.html"), ".help-services a", "href");
    assert_eq!(services, ["https://hub.alphafields.example/"]);
}

#[test]
fn dense_guidance_is_hard_to_read_and_the_longest_sentence_is_named() {
    let project = Project::new();
    project.append(
        GUIDANCE,
        "Notwithstanding the aforementioned organisational considerations, parents and carers are respectfully encouraged to \
         systematically familiarise themselves with comprehensive documentation concerning technological responsibilities and \
         institutional expectations.",
    );
    let findings = project.json_findings(&["check"]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(finding["rule"], "hard-to-read");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["file"], GUIDANCE);
    assert_eq!(finding["line"], 9, "the longest sentence's line");
    assert!(finding["message"].as_str().unwrap().contains("\"Notwithstanding the aforementioned"), "{finding}");
    project.command(&["check", "--strict"]).assert().code(1);

    // A school may set its own threshold (this page scores about -33).
    project.append(SCHOOL_YAML, "guidance:\n  reading_ease: -50");
    let relaxed = project.json_findings(&["check", "--strict"]);
    assert!(relaxed.is_empty(), "{relaxed:#?}");
}

/// The index a school's search page reads: the JSON inside `search-index.js`.
fn search_index(project: &Project) -> serde_json::Value {
    let script = project.read("public/alpha/search-index.js");
    let json =
        script.strip_prefix("window.policypressSearch = ").and_then(|s| s.trim_end().strip_suffix(';')).expect("the index script's shape");
    serde_json::from_str(json).expect("the index is JSON")
}

#[test]
fn the_search_index_lists_every_page_and_the_words_on_it() {
    let project = Project::new();
    project.run(&["build", "--quiet"]).success();
    let index = search_index(&project);
    let pages = index["pages"].as_array().unwrap();
    let titles: Vec<&str> = pages.iter().map(|p| p[0].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 3, "the policy, the agreement and the guidance page: {titles:?}");
    // Each word's pages are stored as gaps; decode "online", which every page uses.
    let page_numbers = |word: &str| -> Vec<u64> {
        let gaps = index["words"][word].as_array().unwrap_or_else(|| panic!("`{word}` is indexed"));
        gaps.iter()
            .scan(0, |at, gap| {
                *at += gap.as_u64().unwrap();
                Some(*at)
            })
            .collect()
    };
    let on = |word: &str| page_numbers(word).iter().map(|&n| titles[n as usize]).collect::<Vec<_>>();
    assert_eq!(on("worried"), ["Online Safety Policy"]);
    assert_eq!(on("enjoy"), ["Staying safe online at home"]);
    assert!(index["words"].get("the").is_none(), "stop words are left out");

    let search = page(&project, "alpha/search/index.html");
    assert_eq!(attrs(&search, "label", "for"), ["search-query"]);
    assert_eq!(attrs(&search, "input#search-query", "name"), ["q"]);
    let scripts = attrs(&search, "script", "src");
    assert_eq!(scripts, ["../search-index.js", "../assets/search.js"], "both from this site, relative");
    let home = page(&project, "alpha/index.html");
    assert!(attrs(&home, "nav a", "href").contains(&"search/index.html".to_owned()));
}

/// In a real browser, where one is installed (CI installs Chromium): a query in the
/// address finds the page that uses the word.
#[test]
fn the_search_page_finds_pages_in_a_browser() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().find(|p| std::path::Path::new(p).exists()) else {
        eprintln!("skipped: no Chromium");
        return;
    };
    let project = Project::new();
    project.run(&["build", "--quiet"]).success();
    let url = format!("file://{}?q=worr", project.path().join("public/alpha/search/index.html").display());
    let output = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", &url])
        .output()
        .expect("run Chromium");
    let dom = Html::parse_document(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(texts(&dom, "#search-status"), ["1 page matches “worr”."]);
    assert_eq!(texts(&dom, "#search-results a"), ["Online Safety Policy"]);
    assert_eq!(attrs(&dom, "#search-results a", "href"), ["../policies/online-safety/index.html"]);
}

#[test]
fn an_overdue_policy_shows_no_notice_unless_the_school_chooses_so() {
    let project = Project::new();
    project.replace(SCHOOL_YAML, "next_review: 2027-09", "next_review: 2026-10");
    project.run(&["build", "--quiet"]).success();
    assert!(texts(&page(&project, "alpha/policies/online-safety/index.html"), ".under-review").is_empty());
    project.append(SCHOOL_YAML, "show_under_review: true");
    project.run(&["build", "--quiet"]).success();
    let notice = texts(&page(&project, "alpha/policies/online-safety/index.html"), ".under-review");
    assert_eq!(notice.len(), 1);
    assert!(notice[0].contains("due for review by October 2026"), "{notice:?}");
}

#[test]
fn a_translation_is_published_in_its_language_with_hreflang_pairs_and_a_switcher() {
    let project = Project::new();
    project.append(SCHOOL_YAML, "languages: [en-GB, cy]");
    project.replace(GUIDANCE, "summary: Simple steps for families.", "summary: Simple steps for families.\nupdated: 2026-09-01");
    project.write(
        "content/guidance/staying-safe.cy.md",
        "---\ntitle: Cadw'n ddiogel ar-lein gartref\nkind: guidance\ntranslated: 2026-09-02\n---\n## Siaradwch gyda'ch gilydd\n\nGofynnwch i'ch plentyn beth mae'n hoffi ei wneud ar-lein.\n",
    );
    let findings = project.json_findings(&["check", "--strict"]);
    assert!(findings.iter().all(|f| f["severity"] == "note"), "only the note that Welsh is not measured: {findings:#?}");
    project.run(&["build", "--quiet"]).success();

    // The Welsh site is under `cy/`, beside the English one at the root.
    let welsh = page(&project, "alpha/cy/parents/staying-safe/index.html");
    assert_eq!(attrs(&welsh, "html", "lang"), ["cy"]);
    assert_eq!(texts(&welsh, "h1"), ["Cadw'n ddiogel ar-lein gartref"]);
    let english = page(&project, "alpha/parents/staying-safe/index.html");
    assert_eq!(attrs(&english, "html", "lang"), ["en-GB"]);
    for (html, here) in [(&welsh, "cy"), (&english, "en-GB")] {
        let languages = attrs(html, "link[rel=alternate]", "hreflang");
        assert_eq!(languages.len(), 2, "each version names both: {languages:?}");
        assert!(languages.contains(&"cy".to_owned()) && languages.contains(&"en-GB".to_owned()));
        let current = attrs(html, ".languages [aria-current]", "lang");
        assert_eq!(current, [here]);
    }
    assert_eq!(attrs(&english, ".languages a", "href"), ["../../cy/parents/staying-safe/index.html"]);
    assert_eq!(texts(&english, ".languages a"), ["Cymraeg"]);
    // The listing shows each page once, in the listing's language, saying it is in Welsh too.
    let listing = page(&project, "alpha/parents/index.html");
    assert_eq!(texts(&listing, "main li > a"), ["Staying safe online at home"]);
    assert_eq!(texts(&listing, "main li .available-in a"), ["Cymraeg"]);

    // The English page changes after the translation was last brought up to date.
    project.replace(GUIDANCE, "updated: 2026-09-01", "updated: 2026-10-01");
    let findings = project.json_findings(&["check"]);
    let findings: Vec<_> = findings.into_iter().filter(|f| f["severity"] != "note").collect();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "stale-translation");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["file"], "content/guidance/staying-safe.cy.md");
    assert_eq!(findings[0]["line"], 2, "the title line");
}

#[test]
fn a_page_not_yet_translated_is_shown_in_english_in_that_language_folder_with_a_notice() {
    let project = Project::new();
    project.append(SCHOOL_YAML, "languages: [en-GB, cy]");
    project.write(
        "content/guidance/staying-safe.cy.md",
        "---\ntitle: Cadw'n ddiogel ar-lein gartref\nkind: guidance\n---\nGofynnwch i'ch plentyn beth mae'n hoffi ei wneud ar-lein.\n",
    );
    project.write("content/guidance/screen-time.md", "---\ntitle: Screen time\nkind: guidance\n---\nAgree when screens go off.\n");
    project.run(&["build", "--quiet"]).success();
    let fallback = page(&project, "alpha/cy/parents/screen-time/index.html");
    assert_eq!(attrs(&fallback, "html", "lang"), ["cy"], "the page around it is Welsh");
    assert_eq!(attrs(&fallback, ".content", "lang"), ["en-GB"], "the content is English, and says so");
    assert_eq!(texts(&fallback, "h1"), ["Screen time"]);
    assert_eq!(texts(&fallback, ".fallback-notice").len(), 1, "a notice, in Welsh");
    // Listed once in each language, and searched in each.
    assert_eq!(texts(&page(&project, "alpha/parents/index.html"), "main li > a"), ["Screen time", "Staying safe online at home"]);
    let pages = search_index(&project)["pages"].as_array().unwrap().len();
    assert_eq!(pages, 4, "the English site's policy, agreement and two guidance pages");
}

#[test]
fn a_theme_that_shows_the_content_twice_gets_it_twice_and_the_rules_still_read_it() {
    let project = Project::new();
    // A print-friendly theme might repeat the policy in a summary panel.
    project.replace(
        "themes/default/templates/policy.html",
        "{{ page.content | safe }}",
        "{{ page.content | safe }}</div><aside class=\"again\">{{ page.content | safe }}</aside><div>",
    );
    project.run(&["build", "--quiet"]).success();
    let policy = page(&project, "alpha/policies/online-safety/index.html");
    let first = texts(&policy, "main .content h2");
    assert!(!first.is_empty());
    assert_eq!(texts(&policy, "main .again h2"), first, "the content, whole, in both places");

    project.append(POLICY, "");
    project.append(POLICY, "The review date is TBC.");
    let findings = project.json_findings(&["check"]);
    assert!(findings.iter().any(|f| f["rule"] == "unfilled-placeholder" && f["file"] == POLICY && f["line"] == 14), "{findings:#?}");
}

/// Regression: only the first mention of a pupil (or of a number, an address) on a page
/// was reported, so a school fixed one line and published the next.
#[test]
fn every_mention_on_a_page_is_its_own_finding_at_its_own_line() {
    let project = Project::new();
    project.append(POLICY, "Well done to Amelia Thornbury.");
    project.append(POLICY, "Call 07700 900123 for the club.");
    project.append(POLICY, "Thanks again, Amelia Thornbury!");
    project.append(POLICY, "Or ring 07700 900123 after six.");
    let findings = project.json_findings(&["check"]);
    let lines = |rule: &str| -> Vec<u64> {
        let mut lines: Vec<u64> =
            findings.iter().filter(|f| f["rule"] == rule && f["file"] == POLICY).filter_map(|f| f["line"].as_u64()).collect();
        lines.sort_unstable();
        lines
    };
    assert_eq!(lines("pupil-surname"), [13, 15], "{findings:#?}");
    assert_eq!(lines("personal-phone"), [14, 16], "{findings:#?}");
}

/// Regression: markup inside a name hid it from the name rules (`Thorn**bury**`, a
/// `<span>`, a soft hyphen or a zero-width space splitting the word).
#[test]
fn a_name_split_by_markup_or_invisible_characters_is_still_found() {
    for line in [
        "Well done to Amelia Thorn**bury**.",
        "Well done to Amelia Thorn<span>bury</span>.",
        "Well done to Amelia Thorn&shy;bury.",
        "Well done to Amelia Thorn\u{200b}bury.",
    ] {
        let project = Project::new();
        project.append(POLICY, line);
        let found: Vec<_> = project.json_findings(&["check"]).into_iter().filter(|f| f["rule"] == "pupil-surname").collect();
        assert_eq!(found.len(), 1, "{line}: {found:#?}");
    }
}
