//! The mistakes schools make most, each with where the message must point and the words
//! of the help: a message points where the fix goes, in a school's words.

use crate::common::{AGREEMENT, GUIDANCE, POLICY, Project, SCHOOL_YAML};

/// One mistake: what is changed (in `file`, `from` becomes `to`; an empty `from` appends
/// `to`), and the finding that must say so.
struct Mistake {
    what: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
    rule: &'static str,
    at: &'static str,
    line: u64,
    says: &'static str,
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        what: "a tab indents a line",
        file: SCHOOL_YAML,
        from: "  - name: Mr Ben Sample",
        to: "\t- name: Mr Ben Sample",
        rule: "invalid-yaml",
        at: SCHOOL_YAML,
        line: 15,
        says: "with spaces",
    },
    Mistake {
        what: "one role where a list is needed",
        file: SCHOOL_YAML,
        from: "roles: [dsl]",
        to: "roles: dsl",
        rule: "invalid-yaml",
        at: SCHOOL_YAML,
        line: 16,
        says: "write `roles: [dsl]`",
    },
    Mistake {
        what: "a date written the British way",
        file: SCHOOL_YAML,
        from: "approved_on: 2026-09-10",
        to: "approved_on: 10/09/2026",
        rule: "invalid-yaml",
        at: SCHOOL_YAML,
        line: 27,
        says: "write it year first: `2026-09-10`",
    },
    Mistake {
        what: "a tab where a block starts",
        file: SCHOOL_YAML,
        from: "    roles: [dsl]",
        to: "\t roles: [dsl]",
        rule: "invalid-yaml",
        at: SCHOOL_YAML,
        line: 16,
        says: "with spaces",
    },
    Mistake {
        what: "a year group mapped to a misspelt tier",
        file: SCHOOL_YAML,
        from: "Year 4: ks2",
        to: "Year 4: ks3",
        rule: "invalid-school",
        at: SCHOOL_YAML,
        line: 21,
        says: "did you mean `ks2`",
    },
    Mistake {
        what: "a misspelt year group",
        file: SCHOOL_YAML,
        from: "  Year 4: ks2",
        to: "  Yaer 4: ks2",
        rule: "invalid-school",
        at: SCHOOL_YAML,
        line: 21,
        says: "did you mean `Year 4`",
    },
    Mistake {
        what: "a next review before the approval",
        file: SCHOOL_YAML,
        from: "next_review: 2027-09",
        to: "next_review: 2025-09",
        rule: "missing-approval",
        at: SCHOOL_YAML,
        line: 30,
        says: "check the year of `next_review`",
    },
    Mistake {
        what: "a misspelt key",
        file: SCHOOL_YAML,
        from: "motto:",
        to: "moto:",
        rule: "invalid-yaml",
        at: SCHOOL_YAML,
        line: 3,
        says: "did you mean `motto`",
    },
    Mistake {
        what: "a misspelt country",
        file: SCHOOL_YAML,
        from: "country: england",
        to: "country: englnd",
        rule: "invalid-yaml",
        at: SCHOOL_YAML,
        line: 4,
        says: "did you mean `england`",
    },
    Mistake {
        what: "a line indented one space too far",
        file: SCHOOL_YAML,
        from: "  phone:",
        to: "   phone:",
        rule: "invalid-yaml",
        at: SCHOOL_YAML,
        line: 9,
        says: "same number of spaces",
    },
    Mistake {
        what: "a misspelt role",
        file: SCHOOL_YAML,
        from: "roles: [dsl]",
        to: "roles: [dls]",
        rule: "invalid-school",
        at: SCHOOL_YAML,
        line: 16,
        says: "did you mean `dsl`",
    },
    Mistake {
        what: "a policy owned by a role nobody holds",
        file: SCHOOL_YAML,
        from: "owner: esafety-coordinator",
        to: "owner: computing-lead",
        rule: "invalid-school",
        at: SCHOOL_YAML,
        line: 25,
        says: "add `computing-lead` to the roles of someone under `people:`",
    },
    Mistake {
        what: "a policy with no entry in school.yaml",
        file: SCHOOL_YAML,
        from: "  online-safety:\n",
        to: "  online-safty:\n",
        rule: "missing-approval",
        at: SCHOOL_YAML,
        line: 23,
        says: "add under `policies:`",
    },
    Mistake {
        what: "an entry for a policy there is not",
        file: SCHOOL_YAML,
        from: "  online-safety:\n",
        to: "  online-safty:\n",
        rule: "invalid-school",
        at: SCHOOL_YAML,
        line: 24,
        says: "did you mean `online-safety`",
    },
    Mistake {
        what: "a year group mapped to a tier not issued",
        file: SCHOOL_YAML,
        from: "Year 4: ks2",
        to: "Year 4: ks3",
        rule: "invalid-school",
        at: SCHOOL_YAML,
        line: 21,
        says: "add `ks3` to `agreements:`",
    },
    Mistake {
        what: "an agreement issued that does not exist",
        file: SCHOOL_YAML,
        from: "agreements: [ks2]",
        to: "agreements: [ks2, ks1]",
        rule: "invalid-school",
        at: SCHOOL_YAML,
        line: 22,
        says: "content/agreements/ks1.md",
    },
    Mistake {
        what: "no date for the next review",
        file: SCHOOL_YAML,
        from: "    next_review: 2027-09\n",
        to: "",
        rule: "missing-approval",
        at: SCHOOL_YAML,
        line: 25,
        says: "when it is next reviewed",
    },
    Mistake {
        what: "a review overdue",
        file: SCHOOL_YAML,
        from: "next_review: 2027-09",
        to: "next_review: 2026-10",
        rule: "review-overdue",
        at: SCHOOL_YAML,
        line: 30,
        says: "update `last_reviewed_on`",
    },
    Mistake {
        what: "a misspelt role in a policy",
        file: POLICY,
        from: "role(name=\"dsl\")",
        to: "role(name=\"dls\")",
        rule: "template-error",
        at: POLICY,
        line: 8,
        says: "did you mean `dsl`",
    },
    Mistake {
        what: "a school.yaml key that is not there",
        file: POLICY,
        from: "{{ role(name=\"dsl\") }}",
        to: "{{ school.head }}",
        rule: "template-error",
        at: POLICY,
        line: 8,
        says: "check the spelling against school.yaml",
    },
    Mistake {
        what: "braces never closed",
        file: POLICY,
        from: "{{ role(name=\"dsl\") }}",
        to: "{{ role(name=\"dsl\") }",
        rule: "template-error",
        at: POLICY,
        line: 8,
        says: "",
    },
    Mistake {
        what: "a misspelt kind",
        file: POLICY,
        from: "kind: policy",
        to: "kind: polcy",
        rule: "invalid-yaml",
        at: POLICY,
        line: 3,
        says: "did you mean `policy`",
    },
    Mistake {
        what: "a misspelt title key",
        file: POLICY,
        from: "title: Online",
        to: "titel: Online",
        rule: "invalid-yaml",
        at: POLICY,
        line: 2,
        says: "did you mean `title`",
    },
    Mistake {
        what: "front matter never closed",
        file: POLICY,
        from: "summary: How we keep everyone safe online.\n---\n",
        to: "summary: How we keep everyone safe online.\n",
        rule: "invalid-front-matter",
        at: POLICY,
        line: 1,
        says: "`---`",
    },
    Mistake {
        what: "an agreement without its tier",
        file: AGREEMENT,
        from: "tier: ks2\n",
        to: "",
        rule: "invalid-front-matter",
        at: AGREEMENT,
        line: 2,
        says: "tier: ks2",
    },
    Mistake {
        what: "a link to a page that is not there",
        file: GUIDANCE,
        from: "",
        to: "Read [the policy](/policies/nope/).",
        rule: "broken-link",
        at: GUIDANCE,
        line: 9,
        says: "",
    },
    Mistake {
        what: "a picture that is not in media/",
        file: GUIDANCE,
        from: "",
        to: "![Our garden](/media/garden.jpg)",
        rule: "broken-link",
        at: GUIDANCE,
        line: 9,
        says: "media",
    },
    Mistake {
        what: "a personal e-mail address",
        file: GUIDANCE,
        from: "",
        to: "Write to j.smith99@gmail.com with questions.",
        rule: "personal-email",
        at: GUIDANCE,
        line: 9,
        says: "office",
    },
    Mistake {
        what: "a mobile number",
        file: GUIDANCE,
        from: "",
        to: "Call Mr Sample on 07700 900123.",
        rule: "personal-phone",
        at: GUIDANCE,
        line: 9,
        says: "school",
    },
    Mistake {
        what: "a pupil's full name",
        file: GUIDANCE,
        from: "",
        to: "Well done to Amelia Thornbury.",
        rule: "pupil-surname",
        at: GUIDANCE,
        line: 9,
        says: "first names only",
    },
    Mistake {
        what: "a pupil's name in a slug",
        file: GUIDANCE,
        from: "kind: guidance\n",
        to: "kind: guidance\nslug: thornbury-tips\n",
        rule: "pupil-surname",
        at: GUIDANCE,
        line: 4,
        says: "first names only",
    },
    Mistake {
        what: "a date left to be confirmed",
        file: GUIDANCE,
        from: "",
        to: "Our next workshop is TBC.",
        rule: "unfilled-placeholder",
        at: GUIDANCE,
        line: 9,
        says: "replace it with the real text",
    },
    Mistake {
        what: "a script from another site",
        file: GUIDANCE,
        from: "",
        to: "<script src=\"https://cdn.example/x.js\"></script>",
        rule: "raw-html",
        at: GUIDANCE,
        line: 9,
        says: "",
    },
];

#[test]
fn each_common_mistake_is_found_where_the_fix_goes_with_help_that_says_what_to_do() {
    assert!(MISTAKES.len() >= 25);
    let mut wrong = Vec::new();
    for mistake in MISTAKES {
        let project = Project::new();
        if mistake.from.is_empty() {
            project.append(mistake.file, mistake.to);
        } else {
            assert!(project.read(mistake.file).contains(mistake.from), "{}: the fixture has no {:?}", mistake.what, mistake.from);
            project.replace(mistake.file, mistake.from, mistake.to);
        }
        let findings = project.json_findings(&["check"]);
        let found = findings.iter().find(|f| {
            f["rule"] == mistake.rule
                && f["file"] == mistake.at
                && f["line"] == mistake.line
                && format!("{} {}", f["message"], f["help"]).contains(mistake.says)
        });
        if found.is_none() {
            wrong.push(format!(
                "{}: wanted {} at {}:{} saying {:?}, got {findings:#?}",
                mistake.what, mistake.rule, mistake.at, mistake.line, mistake.says
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// Regression: one run showed one mistake of a school.yaml; a role misspelt was only
/// reported once every YAML mistake was fixed.
#[test]
fn every_mistake_in_a_school_yaml_is_reported_in_one_run() {
    let project = Project::new();
    project.replace(SCHOOL_YAML, "  email:", "  emial:");
    project.replace(SCHOOL_YAML, "roles: [headteacher]", "roles: headteacher");
    project.replace(SCHOOL_YAML, "approved_on: 2026-09-10", "approved_on: 10/09/2026");
    project.replace(SCHOOL_YAML, "roles: [dsl]", "roles: [dls]");
    let findings = project.json_findings(&["check"]);
    let lines: Vec<u64> = findings.iter().filter(|f| f["file"] == SCHOOL_YAML).filter_map(|f| f["line"].as_u64()).collect();
    for line in [10, 14, 16, 27] {
        assert!(lines.contains(&line), "line {line} is reported: {findings:#?}");
    }
}

/// Regression: a replacement template filling a block its parent does not have published
/// pages with nothing in them; and there was no way to get the built-in templates.
#[test]
fn a_theme_file_replaces_its_built_in_one_and_an_unknown_block_is_refused() {
    let project = Project::new();
    project.run(&["new", "theme"]).success();
    assert!(project.path().join("themes/default/templates/base.html").is_file());
    project.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.content | safe }}{% endblock content %}\n",
    );
    let findings = project.json_findings(&["check"]);
    let found = findings.iter().find(|f| f["rule"] == "template-error" && f["file"] == "themes/default/templates/page.html");
    assert!(
        found.is_some_and(|f| f["line"] == 2 && f["message"].as_str().is_some_and(|m| m.contains("block `content`") && m.contains("main"))),
        "{findings:#?}"
    );
    project.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}<article>{{ page.content | safe }}</article>{% endblock main %}\n",
    );
    project.run(&["check", "--quiet"]).success();
}
