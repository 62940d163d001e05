#!/usr/bin/env python3
"""Generate a synthetic policypress project for benchmarking.

    python3 bench/generate.py OUT_DIR --policies N [--seed S] [--size BYTES] [--force]

Writes a complete project into OUT_DIR:

    themes/default/            copied from this repository's themes/default
    schools/bench/school.yaml  one fictional school (.example addresses), every policy listed;
                               with --schools N, N schools (a trust) schools/school-NN/
    content/policies/policy-NNNN.md
                               N policies of about 11 KB each: front matter, ~12 sections
                               of pseudo-random prose, a table, lists, Tera expressions and
                               2-3 cross-links to headings of other generated policies

With --languages, every school publishes in English and Welsh (`languages: [en-GB, cy]`)
and every second policy has a Welsh translation, `policy-NNNN.cy.md` (the same pseudo-prose
under a Welsh title): the site is built twice over, half of it from fallbacks.

The output is a pure function of (N, seed, size): the same arguments give byte-identical
files, so timings taken on different days compare like with like. No real school text is
used; prose comes from a small word list. Python 3 standard library only.
"""

import argparse
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
THEME_SRC = os.path.normpath(os.path.join(HERE, "..", "themes", "default"))

# Ordinary lower-case words only: nothing that reads as a name, a place, a phone
# number, an address or a template leftover.
WORDS = """
access account action adult agree answer approach arrange aware balance behaviour
believe benefit board build calm care careful change check child choice class clear
common concern confident consider contact content context continue control cover
create culture daily decide device digital discuss duty early effect encourage
ensure event evidence expect explain family fair follow formal friendly future
general goal good group guide habit happen health help honest improve include
inform kind know learn lesson level listen local manage meeting method monitor
network notice offer online open option outcome parent part partner plan practice
prepare private problem process protect provide public purpose question quickly
reason record regular report request respect respond review right risk role routine
rule safe school screen secure service share simple skill staff step support system
teach team thought time together training trust update useful value visit welcome
wellbeing whole work write young
""".split()

CONNECTIVES = ["and", "or", "so that", "because", "while", "when", "before", "after", "unless", "where"]
SUBHEAD_WORDS = [w for w in WORDS if len(w) > 4]


class Prose:
    def __init__(self, rng):
        self.rng = rng

    def words(self, lo, hi):
        return [self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi))]

    def clause(self):
        return " ".join(self.words(4, 9))

    def sentence(self):
        parts = [self.clause()]
        if self.rng.random() < 0.6:
            parts.append(self.rng.choice(CONNECTIVES))
            parts.append(self.clause())
        text = " ".join(parts)
        if self.rng.random() < 0.3:
            text = text.replace(" ", ", ", 1)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, lo=3, hi=6):
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def title(self, lo=2, hi=4):
        words = [self.rng.choice(SUBHEAD_WORDS) for _ in range(self.rng.randint(lo, hi))]
        text = " ".join(words)
        return text[0].upper() + text[1:]


# Tera expressions a real policy uses: the school's own fields and role holders.
TERA_SENTENCES = [
    "Concerns go first to {{ role(name=\"dsl\") }}, who acts for {{ school.name }}.",
    "The {{ role_title(name=\"headteacher\") }}, {{ role(name=\"headteacher\") }}, signs off every change.",
    "Questions about data go to {{ role(name=\"data-protection-officer\") }}.",
    "Online matters are led by {{ role(name=\"esafety-coordinator\") }} and overseen by {{ role(name=\"esafety-governor\") }}.",
    "Families can reach the office on {{ school.contact.phone }} or at {{ school.contact.email }}.",
    "This policy is next reviewed in {{ policy.next_review }}.",
    "Risks to information are owned by {{ role(name=\"siro\") }}.",
    "The governing body is led by {{ role(name=\"chair-of-governors\") }}.",
]

TERA_CONDITIONAL = (
    "{% if \"primary\" in school.phases %}In {{ school.short_name }} the youngest pupils "
    "are supported by an adult at every step.{% else %}Older students are trusted to manage "
    "more of this themselves.{% endif %}"
)

MAIN_SECTIONS = 8  # "## Section 1" .. "## Section 8": ids section-1 .. section-8
SUB_SECTIONS = 4   # "###" headings with varied titles


def policy_text(index, total, rng, target):
    """One policy source of about `target` bytes."""
    p = Prose(rng)
    slug = f"policy-{index:04d}"
    title = f"Bench Policy {index:04d} on {p.title(2, 3).lower()}"
    summary = p.sentence()
    head = f"---\ntitle: {title}\nkind: policy\nsummary: {summary}\n---\n"

    # Which main sections get the table, the lists, the Tera and the cross-links.
    table_at = rng.randint(2, MAIN_SECTIONS)
    list_at = rng.sample(range(1, MAIN_SECTIONS + 1), 2)
    sub_at = sorted(rng.sample(range(1, MAIN_SECTIONS + 1), SUB_SECTIONS))
    tera_at = rng.sample(range(1, MAIN_SECTIONS + 1), 4)
    n_links = rng.randint(2, 3) if total > 1 else 0
    others = [j for j in range(1, total + 1) if j != index]
    link_targets = [(rng.choice(others), rng.randint(1, MAIN_SECTIONS)) for _ in range(n_links)]
    link_at = rng.sample(range(1, MAIN_SECTIONS + 1), n_links)

    sections = []  # list of lists of blocks, one per main section
    for s in range(1, MAIN_SECTIONS + 1):
        blocks = [f"## Section {s}", p.paragraph()]
        if s in tera_at:
            blocks.append(p.sentence() + " " + rng.choice(TERA_SENTENCES))
        if s == 1:
            blocks.append(TERA_CONDITIONAL)
        if s in link_at:
            other, sec = link_targets[link_at.index(s)]
            blocks.append(
                f"{p.sentence()} See [section {sec} of policy {other:04d}]"
                f"(/policies/policy-{other:04d}/#section-{sec}) for {p.clause()}."
            )
        if s in list_at:
            blocks.append(p.sentence()[:-1] + ":")
            blocks.append("\n".join(f"- {p.clause()};" for _ in range(rng.randint(4, 6))))
        if s == table_at:
            blocks.append("| Role | Who | What they do |\n| --- | --- | --- |\n"
                          "| {{ role_title(name=\"dsl\") }} | {{ role(name=\"dsl\") }} | " + p.sentence() + " |\n"
                          "| {{ role_title(name=\"headteacher\") }} | {{ role(name=\"headteacher\") }} | " + p.sentence() + " |\n"
                          "| {{ role_title(name=\"esafety-coordinator\") }} | {{ role(name=\"esafety-coordinator\") }} | " + p.sentence() + " |\n"
                          "| Every adult | All staff | " + p.sentence() + " |")
        if s in sub_at:
            blocks.append(f"### {p.title()}")
            blocks.append(p.paragraph(2, 4))
            if rng.random() < 0.5:
                blocks.append("\n".join(f"{k}. {p.clause()}." for k in range(1, rng.randint(3, 5) + 1)))
        sections.append(blocks)

    def render():
        return head + "\n" + "\n\n".join("\n\n".join(b) for b in sections) + "\n"

    # Grow to the target size with extra paragraphs, spread over the sections.
    text = render()
    s = 0
    while len(text.encode()) < target:
        sections[s % MAIN_SECTIONS].append(p.paragraph())
        s += 1
        text = render()
    return slug, text


def school_name(number):
    """The school's name: one school, or the number-th of a trust's."""
    return "Benchmark Hill Primary School" if number is None else f"Benchmark Hill {number:02d} Primary School"


def school_yaml(total, number=None, languages=False):
    lines = [
        f"name: {school_name(number)}",
        "short_name: Benchmark Hill" + ("" if number is None else f" {number:02d}"),
        "motto: Measure twice, publish once",
        "country: england",
        "type: academy",
        "phases: [eyfs, primary]",
        *(["languages: [en-GB, cy]"] if languages else []),
        "base_url: https://www.benchmark-hill.example/",
        "contact:",
        "  address: [Benchmark Hill Primary School, 1 Sample Lane, Testford, HF9 9ZZ]",
        "  phone: \"01632 960999\"",
        "  email: office@benchmark-hill.example",
        "publishable_emails: [office@benchmark-hill.example]",
        "people:",
        "  - name: Mrs Ada Example",
        "    roles: [headteacher, siro]",
        "  - name: Mr Ben Sample",
        "    roles: [dsl]",
        "  - name: Ms Cara Fixture",
        "    roles: [esafety-coordinator]",
        "  - name: Dr Dev Harness",
        "    roles: [chair-of-governors, esafety-governor]",
        "  - name: Mx Eli Probe",
        "    roles: [data-protection-officer]",
        "agreements: []",
        "policies:",
    ]
    for i in range(1, total + 1):
        lines += [
            f"  policy-{i:04d}:",
            "    owner: dsl",
            "    approved_by: Full Governing Body",
            "    approved_on: 2026-09-01",
            "    next_review: 2027-09",
        ]
    return "\n".join(lines) + "\n"


# Fictional names for the roster: none is one of WORDS, so the generated prose names no
# pupil and the check exits 0 however large the roster. One pupil in ten has names that are
# also English words (WORD_FORENAMES, WORD_SURNAMES; none of them in WORDS either), so the
# rules' reading of such names is part of what is timed.
FORENAMES = """Aaliyah Aarav Ada Adebayo Aisha Alfie Amara Amelia Anaya Arlo Aurora Ayaan Bea Bilal
Callum Chloe Darius Delphine Eitan Elif Elsie Emeka Esme Ezra Farah Felix Freya Gideon Hana Harper
Idris Imogen Isla Jasper Jun Kai Kofi Layla Leilani Luca Maeve Malik Mateo Mei Milo Nadia Niamh
Nico Noor Oren Orla Otis Petra Quinn Rafael Rania Reuben Rosa Rowan Saoirse Sami Sanjay Sofia
Tariq Thea Tobias Una Vikram Wren Xavier Yara Yusuf Zara Zoltan""".split()
SURNAMES = """Abara Achterberg Adewale Albrecht Alvarado Andersen Arkwright Ashdown Balogun Barraclough
Bellweather Birtwistle Blackwood Brennan Castellano Chaudhry Cheung Ciszewski Dalgleish Delacroix
Dimitriou Drummond Eastwood Ekwueme Fairbairn Fenwick Fitzalan Gallagher Gonzaga Greenhalgh
Hargreaves Hashemi Heathcote Hollingworth Ibrahimovic Iwasaki Jankowski Kaczmarek Kealoha
Kirkpatrick Lachance Lindqvist Macaulay Mahmoud Marchetti Mbeki Montgomery Nakamura Nwosu
Okonkwo Oyelaran Pemberton Przybylski Quartermaine Radcliffe Ravensworth Rosenthal Santangelo
Schofield Sokolov Strickland Tanaka Thistlewood Umarov Vasquez Wainwright Whitlock Yamamoto
Zielinski""".split()
WORD_FORENAMES = "Will May Grace Hope Faith Rose Holly Ivy Mark Frank Art Poppy".split()
WORD_SURNAMES = "Hill Green Hall Brook Wood Lane Day Head Field Church Cross Law".split()


def roster_csv(pupils, schools=1):
    """A roster as a school information system exports it: one row per pupil; a trust's
    (more than one school) has a School column, as its information system writes it."""
    trust = schools > 1
    lines = ["Legal Forename,Legal Surname,Preferred Forename,Year Group,Reg Group,Photo Consent" + (",School" if trust else "")]
    for i in range(pupils):
        forename = FORENAMES[i % len(FORENAMES)]
        surname = SURNAMES[(i * 7 + i // len(FORENAMES)) % len(SURNAMES)]
        if i % 10 == 9:
            forename = WORD_FORENAMES[i % len(WORD_FORENAMES)]
            surname = WORD_SURNAMES[(i // 10) % len(WORD_SURNAMES)]
        year = 1 + i % 11
        consent = ["Yes", "No", ""][i % 3]
        school = f",{school_name(1 + i % schools)}" if trust else ""
        lines.append(f"{forename},{surname},,Year {year},{year}{'ABCD'[i % 4]},{consent}{school}")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--policies", type=int, required=True, help="number of policies to write")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--size", type=int, default=11000, help="approximate bytes per policy (default 11000)")
    ap.add_argument("--roster", type=int, default=0, metavar="PUPILS",
                    help="also write OUT_DIR/roster.csv with this many fictional pupils")
    ap.add_argument("--large-roster", type=int, default=0, metavar="PUPILS",
                    help="also write OUT_DIR/roster-large.csv with this many (a trust's roster)")
    ap.add_argument("--schools", type=int, default=1, metavar="N",
                    help="a trust of N schools sharing the policies (default 1)")
    ap.add_argument("--languages", action="store_true",
                    help="every school in English and Welsh, every second policy translated")
    ap.add_argument("--force", action="store_true",
                    help="replace content/, schools/, themes/ and public/ if OUT_DIR already holds a project")
    args = ap.parse_args(argv)
    if args.policies < 1:
        ap.error("--policies must be at least 1")
    if args.policies > 9999:
        ap.error("--policies must be at most 9999 (policy-NNNN names)")

    out = args.out_dir
    owned = ["content", "schools", "themes", "public"]
    if os.path.isdir(out) and any(os.path.exists(os.path.join(out, d)) for d in owned):
        if not args.force:
            ap.error(f"{out} already holds a project; pass --force to replace it")
        for d in owned:
            shutil.rmtree(os.path.join(out, d), ignore_errors=True)
    os.makedirs(out, exist_ok=True)

    shutil.copytree(THEME_SRC, os.path.join(out, "themes", "default"))
    schools = [("bench", None)] if args.schools <= 1 else [(f"school-{n:02d}", n) for n in range(1, args.schools + 1)]
    for folder, number in schools:
        school_dir = os.path.join(out, "schools", folder)
        os.makedirs(school_dir)
        with open(os.path.join(school_dir, "school.yaml"), "w", encoding="utf-8") as f:
            f.write(school_yaml(args.policies, number, args.languages))

    pol_dir = os.path.join(out, "content", "policies")
    os.makedirs(pol_dir)
    total_bytes = 0
    for i in range(1, args.policies + 1):
        # One generator per policy: reproducible, and cheap to reason about.
        rng = random.Random(args.seed * 1_000_003 + i)
        target = args.size + rng.randint(-args.size // 40, args.size // 40)
        slug, text = policy_text(i, args.policies, rng, target)
        data = text.encode("utf-8")
        total_bytes += len(data)
        with open(os.path.join(pol_dir, slug + ".md"), "wb") as f:
            f.write(data)
        if args.languages and i % 2 == 0:
            welsh = text.replace("title: Bench Policy", "title: Polisi Mainc", 1).encode("utf-8")
            with open(os.path.join(pol_dir, slug + ".cy.md"), "wb") as f:
                f.write(welsh)

    for pupils, name in [(args.roster, "roster.csv"), (args.large_roster, "roster-large.csv")]:
        if pupils:
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write(roster_csv(pupils, args.schools))

    print(f"{out}: {args.policies} policies, {total_bytes / 1024 / 1024:.1f} MiB of Markdown "
          f"(mean {total_bytes / args.policies / 1024:.1f} KiB)", file=sys.stderr)


if __name__ == "__main__":
    main()
