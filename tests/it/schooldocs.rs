//! Whole online-safety policies as schools keep them in Word, made here by code (see
//! [`crate::docxgen`]), each laid out the way a different kind of school lays the policy
//! out: a maintained primary working from a model policy, a secondary academy of a trust
//! (and its sister academy), and a Welsh primary writing in two languages side by side.
//!
//! Every school, person, address, phone number and address on the web is invented
//! (`.example` domains, 01632 960xxx numbers, postcode areas that do not exist), and
//! every sentence is written for these tests.
//!
//! Each function returns a [`SchoolDoc`]: the file's name and bytes, and the words a
//! reader of the document sees, in order (the body; then the page header, which the
//! importer places after the body; then the footnotes). Its doc comment says what
//! `import` recognises in it and what it leaves for a person, as
//! [`crate::import_schools`] asserts.

use crate::docxgen::{Parts, cell, item, package, paragraph, run, split, table};

/// A generated policy document.
pub struct SchoolDoc {
    /// The name a school would give the file.
    pub file: &'static str,
    pub bytes: Vec<u8>,
    /// The words a reader sees, in order, as one text (split it into words to compare).
    pub words: String,
    /// A document written in two columns: the words of each, left then right.
    pub columns: Option<[String; 2]>,
}

/// Text with XML's special characters escaped (`|` is kept: it marks where Word split
/// the runs, see [`split`]).
fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// One piece of a paragraph's text, with its look or its part in Word's markup.
#[derive(Clone, Copy)]
enum Piece<'a> {
    Plain(&'a str),
    Bold(&'a str),
    Italic(&'a str),
    /// Text linked to an address.
    Link(&'a str, &'a str),
    /// Text a reviewer inserted with changes tracked.
    Inserted(&'a str),
    /// Text a reviewer deleted with changes tracked: never read.
    Deleted(&'a str),
    /// Text a comment is anchored to, and the comment (never read).
    Commented(&'a str, &'a str),
    /// A footnote's text, referred to here.
    Note(&'a str),
    Tab,
}

/// A document under construction: Word's XML for the body and the words a reader sees.
#[derive(Default)]
struct Writer {
    body: String,
    words: Vec<String>,
    parts: Parts,
    header_words: Vec<String>,
}

impl Writer {
    fn said(&mut self, text: &str) {
        self.words.push(text.replace('|', ""));
    }

    /// A paragraph with paragraph properties `props`, its text split into Word's runs at `|`.
    fn styled(&mut self, props: &str, text: &str) {
        self.said(text);
        self.body.push_str(&split(props, &xml(text)));
    }

    fn title(&mut self, text: &str) {
        self.styled(r#"<w:pStyle w:val="Title"/>"#, text);
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.styled(&format!(r#"<w:pStyle w:val="Heading{level}"/>"#, level = level), text);
    }

    fn p(&mut self, text: &str) {
        self.styled("", text);
    }

    /// A line in bold (and larger, as a cover or a heading typed by hand is).
    fn bold(&mut self, text: &str) {
        self.said(text);
        self.body.push_str(&paragraph("", &run(r#"<w:b/><w:sz w:val="28"/>"#, &xml(text))));
    }

    /// A label and its value with a tab between, as an approval block is typed.
    fn tabbed(&mut self, label: &str, value: &str) {
        self.pieces("", &[Piece::Plain(label), Piece::Tab, Piece::Plain(value)]);
    }

    fn bullet(&mut self, level: u32, text: &str) {
        self.said(text);
        self.body.push_str(&item(1, level, &xml(text)));
    }

    /// An item of the numbered list (its second level lettered).
    fn numbered(&mut self, level: u32, text: &str) {
        self.said(text);
        self.body.push_str(&item(2, level, &xml(text)));
    }

    fn blank(&mut self) {
        self.body.push_str(&paragraph("", ""));
    }

    fn page_break(&mut self) {
        self.body.push_str(&paragraph("", r#"<w:r><w:br w:type="page"/></w:r>"#));
    }

    /// The runs of `pieces` as Word writes them.
    fn runs(&mut self, pieces: &[Piece<'_>]) -> String {
        let mut content = String::new();
        for piece in pieces {
            match *piece {
                Piece::Plain(text) => {
                    self.said(text);
                    content.push_str(&run("", &xml(text)));
                }
                Piece::Bold(text) => {
                    self.said(text);
                    content.push_str(&run("<w:b/>", &xml(text)));
                }
                Piece::Italic(text) => {
                    self.said(text);
                    content.push_str(&run("<w:i/>", &xml(text)));
                }
                Piece::Link(url, text) => {
                    self.said(text);
                    let id = format!("rId{}", 20 + self.parts.links.len());
                    self.parts.links.push((id.clone(), url.to_owned()));
                    content.push_str(&format!(
                        r#"<w:hyperlink r:id="{id}" w:history="1">{}</w:hyperlink>"#,
                        run(r#"<w:rStyle w:val="Hyperlink"/>"#, &xml(text))
                    ));
                }
                Piece::Inserted(text) => {
                    self.said(text);
                    content.push_str(&format!(
                        r#"<w:ins w:id="{}" w:author="A Reviewer" w:date="2025-07-01T09:00:00Z"><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:ins>"#,
                        900 + content.len() % 97,
                        xml(text)
                    ));
                }
                Piece::Deleted(text) => content.push_str(&format!(
                    r#"<w:del w:id="{}" w:author="A Reviewer" w:date="2025-07-01T09:00:00Z"><w:r><w:delText xml:space="preserve">{}</w:delText></w:r></w:del>"#,
                    800 + content.len() % 97,
                    xml(text)
                )),
                Piece::Commented(text, comment) => {
                    self.said(text);
                    let id = self.parts.comments.len();
                    self.parts.comments.push(xml(comment));
                    content.push_str(&format!(
                        r#"<w:commentRangeStart w:id="{id}"/>{}<w:commentRangeEnd w:id="{id}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{id}"/></w:r>"#,
                        run("", &xml(text))
                    ));
                }
                Piece::Note(text) => {
                    self.parts.footnotes.push(xml(text));
                    let id = self.parts.footnotes.len();
                    // The page shows the footnote's number where it is referred to.
                    self.said(&id.to_string());
                    content.push_str(&format!(
                        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
                    ));
                }
                Piece::Tab => content.push_str("<w:r><w:tab/></w:r>"),
            }
        }
        content
    }

    fn pieces(&mut self, props: &str, pieces: &[Piece<'_>]) {
        let content = self.runs(pieces);
        self.body.push_str(&paragraph(props, &content));
    }

    /// A table of plain cells, the first row in bold when `head`; an empty text is an
    /// empty cell (a space to fill in by hand).
    fn table(&mut self, head: bool, rows: &[&[&str]]) {
        let columns = rows.iter().map(|r| r.len()).max().unwrap_or(1);
        let mut xml_rows = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut cells = String::new();
            for text in *row {
                let content = if text.is_empty() {
                    String::new()
                } else if head && r == 0 {
                    self.said(text);
                    paragraph("", &run("<w:b/>", &xml(text)))
                } else {
                    self.said(text);
                    split("", &xml(text))
                };
                cells.push_str(&cell(1, "", &content));
            }
            xml_rows.push(cells);
        }
        self.body.push_str(&table(columns, &xml_rows));
    }

    /// A line of the page header (read after the body).
    fn page_header(&mut self, text: &str) {
        self.header_words.push(text.to_owned());
        self.parts.header.push(split("", &xml(text)));
    }

    fn finish(self, file: &'static str) -> SchoolDoc {
        let mut words = self.words;
        words.extend(self.header_words);
        words.extend(self.parts.footnotes.iter().map(|n| n.replace("&amp;", "&")));
        SchoolDoc { file, bytes: package(&self.body, &self.parts), words: words.join(" "), columns: None }
    }
}

/// A maintained primary school in England whose policy is the local authority's model,
/// filled in (mostly): Meadowbank Primary School.
///
/// Layout: a cover block (the school's name in bold, its address over three lines, its
/// phone and e-mail), the policy's name in Word's Title style, the approval typed as
/// label-tab-value lines, a page break, then Word's heading styles (Heading 1 and 2)
/// throughout; a roles table (a title row across both columns, a role whose cell is
/// merged down over two names); bulleted and numbered lists; two agreements at the back,
/// each with signature lines typed as underscores.
///
/// What import recognises (see `import_schools`), from the school.yaml `new school` wrote:
/// - the title "Online Safety Policy" (the Title style), which leaves the body;
/// - approval, from the label-tab-value lines, which leave the body: approved by Full
///   Governing Body, on 2025-10-14 ("14th October 2025"), next review 2026-10; last
///   reviewed "[Insert date]" is written as `# last_reviewed_on:` with a CHECK note;
/// - the cover, which leaves the body: the name, the address typed a line to a paragraph
///   ("12 Ferncliffe Road", "Meadowbank", "MB4 7QX"), the phone and the e-mail, each
///   filling school.yaml's FILL IN value (with a CHECK note);
/// - people, from the roles table (its role merged down over the two deputies, in the
///   plural): Mrs A. Whitcombe (headteacher, dsl), Mr D. Okafor (deputy-dsl,
///   esafety-coordinator), Miss R. Lindqvist (deputy-dsl, computing-lead), Mr P. Harrowby
///   (chair-of-governors); three fill the examples for their first role (keeping the
///   example's other roles the document gives no one, named in the note), Miss
///   Lindqvist is added. A name becomes `{{ role(...) }}` where the role is clear and no
///   one else's: the person's only role (Mr Harrowby), or the one its sentence names ("Mrs
///   Whitcombe, as headteacher"; "Mr Okafor, our online safety lead"); elsewhere, and in
///   the roles table, names stay as written;
/// - two agreements, split off with their signature lines: "Acceptable Use Agreement –
///   Early Years and Key Stage 1" as `eyfs.md` (tier eyfs, a CHECK note that it names ks1
///   too; signatures: child-name, parent-signature, date) and "Pupil Acceptable Use
///   Agreement – Key Stage 2" (tier ks2; named for its title when the project has a
///   `ks2.md`; signatures: child-name, class, child-signature, parent-signature, date).
///
/// Left for a person: 10 `import-unconfirmed` notes (the name, phone, e-mail, four
/// people, the owner no one is named as, the last review, the Early Years tier), 8
/// `unfilled-placeholder` findings (`short_name`, the four examples no one in the
/// document fills, "[Insert name]" for the online safety governor, "[school name]",
/// "XX/XX/XXXX" in the Key Stage 2 agreement), the school's own title for its "Online
/// Safety Lead", and the review, overdue by the tests' today.
pub fn maintained_primary() -> SchoolDoc {
    let mut w = Writer::default();
    w.bold("Meadowbank Primary School");
    w.p("12 Ferncliffe Road");
    w.p("Meadowbank");
    w.p("MB4 7QX");
    w.p("Telephone: 01632 960412");
    w.p("Email: office@meadow|bank-primary.example");
    w.blank();
    w.title("Online Safety Pol|icy");
    w.tabbed("Approved by:", "Full Governing Body");
    w.tabbed("Date approved:", "14th October 2025");
    w.tabbed("Last reviewed:", "[Insert date]");
    w.tabbed("Next review:", "October 2026");
    w.page_break();

    w.heading(1, "Key people");
    w.p("These are the people to speak to about online safety at our school this year.");
    // The title row spans both columns; the deputies' role cell is merged down.
    let mut rows = vec![cell(2, "", &paragraph("", &run("<w:b/>", "Online safety contacts 2025–26")))];
    w.said("Online safety contacts 2025–26");
    let two = |w: &mut Writer, role: &str, merge: &str, name: &str| {
        let role_cell = if merge == "continue" {
            cell(1, "continue", "")
        } else {
            w.said(role);
            cell(1, merge, &split("", &xml(role)))
        };
        w.said(name);
        [role_cell, cell(1, "", &split("", &xml(name)))].concat()
    };
    w.said("Role Name");
    rows.push([cell(1, "", &paragraph("", &run("<w:b/>", "Role"))), cell(1, "", &paragraph("", &run("<w:b/>", "Name")))].concat());
    rows.push(two(&mut w, "Headteacher", "", "Mrs A. Whit|combe"));
    rows.push(two(&mut w, "Designated Safeguarding Lead", "", "Mrs A. Whitcombe"));
    rows.push(two(&mut w, "Deputy Designated Safeguarding Leads", "restart", "Mr D. Okafor"));
    rows.push(two(&mut w, "", "continue", "Miss R. Lind|qvist"));
    rows.push(two(&mut w, "Online Safety Lead", "", "Mr D. Okafor"));
    rows.push(two(&mut w, "Computing Lead", "", "Miss R. Lindqvist"));
    rows.push(two(&mut w, "Chair of Governors", "", "Mr P. Harrowby"));
    rows.push(two(&mut w, "Online Safety Governor", "", "[Insert name]"));
    w.body.push_str(&table(2, &rows));

    w.heading(1, "Aims");
    w.p("At [school name] we want every child to enjoy what the internet offers and to know how to stay safe while they do.");
    w.p("This policy sets out how we:");
    w.bullet(0, "teach pupils to use technology safely, kindly and with thought");
    w.bullet(0, "protect pupils, staff and volunteers from harm when they use devices in school");
    w.bullet(0, "work with parents and carers so that the same messages are heard at home");
    w.bullet(0, "respond quickly and fairly when something goes wrong");
    w.p("We group the risks children meet online under four headings, so that staff can talk about them in the same way:");
    w.bullet(0, "content: seeing material that is illegal, harmful or not suitable for their age");
    w.bullet(0, "contact: being approached by people who wish them harm, including adults pretending to be children");
    w.bullet(0, "conduct: their own behaviour online, such as sharing too much or being unkind to others");
    w.bullet(0, "commerce: scams, pressure to spend money in games, and advertising aimed at them");

    w.heading(1, "Legislation and guidance");
    w.p("This policy follows the statutory safeguarding guidance for schools in England and the government's advice on teaching online safety, on searching pupils and on the use of mobile phones. It also takes account of data protection law and the school's duties under the Prevent duty. The local authority's model policy was our starting point; we have changed it to suit a school of our size.");

    w.heading(1, "Roles and responsibilities");
    w.heading(2, "The governing body");
    w.p("The governing body agrees this policy and checks each year that it is being followed. Mr Harrowby, as chair of governors, receives a short report on online safety incidents every term and makes sure that governors complete safeguarding training, including online safety, when they join.");
    w.heading(2, "The headteacher");
    w.p("Mrs Whitcombe, as headteacher, is responsible for making sure that staff understand this policy and that it is applied consistently across the school. She is also the designated safeguarding lead and decides, with the local authority where needed, what happens after a serious incident.");
    w.heading(2, "The online safety lead");
    w.p("Mr Okafor, our online safety lead, keeps the incident log, arranges staff training each September, checks the filtering reports every week with our technical support provider and updates this policy when the law or technology changes. He is also a deputy designated safeguarding lead.");
    w.heading(2, "The computing lead");
    w.p("Miss Lindqvist plans the computing curriculum so that online safety is taught in every year group, and helps teachers choose apps and websites that are suitable for each age.");
    w.heading(2, "All staff and volunteers");
    w.pieces("", &[Piece::Plain("Everyone who works in the school "), Piece::Bold("must"), Piece::Plain(":")]);
    w.bullet(0, "read this policy and sign the staff acceptable use agreement before using school equipment");
    w.bullet(0, "supervise pupils whenever they are online");
    w.bullet(0, "report any concern about a child to the designated safeguarding lead on the same day");
    w.bullet(0, "keep their own social media private and never accept pupils or former pupils as friends");
    w.heading(2, "Parents and carers");
    w.p("We ask parents and carers to read the agreement their child signs, talk with them about it, and tell us if they are worried about anything their child has seen or done online.");

    w.heading(1, "Educating pupils about online safety");
    w.p("Online safety is part of our computing and relationships education lessons, and we return to it in assemblies and during Safer Internet Day.");
    w.heading(2, "Early Years and Key Stage 1");
    w.p("Children in Nursery, Reception, Year 1 and Year 2 learn to:");
    w.bullet(0, "ask a grown-up before using a tablet or computer");
    w.bullet(0, "keep their personal information, such as where they live, private");
    w.bullet(0, "tell a trusted adult if something on a screen makes them feel upset or worried");
    w.heading(2, "Key Stage 2");
    w.p("Pupils in Years 3 to 6 build on this. By the end of Year 6 they should be able to:");
    w.bullet(0, "choose strong passwords and keep them secret");
    w.bullet(1, "understand why a password should never be shared, even with a best friend");
    w.bullet(0, "recognise that people online may not be who they say they are");
    w.bullet(0, "judge whether information they find is reliable");
    w.bullet(0, "know how to report something that worries them, in school and on the apps they use");

    w.heading(1, "Cyber-bullying");
    w.p("Cyber-bullying is bullying that takes place through phones, games, messaging or social media. We treat it in the same way as any other bullying, under our anti-bullying policy. Class teachers talk about it with every class at least once each term, and pupils know that they can tell any adult in school.");
    w.p("Where a pupil has been bullied online we will support them, work with the families involved and, if a crime may have been committed, contact the police.");

    w.heading(1, "Filtering and monitoring");
    w.p("The school's internet connection is filtered and monitored by our technical support provider, whose reports are checked every week by Mr Okafor. No filter catches everything, so pupils are always supervised when they are online. Staff who find that a website is blocked for a good reason, or that something unsuitable was not blocked, tell the online safety lead.");

    w.heading(1, "Mobile phones and personal devices");
    w.p("Pupils in Year 5 and Year 6 who walk home alone may bring a phone to school. They hand it to the office when they arrive and collect it at the end of the day. Staff keep their own phones out of sight in classrooms and never use them to take pictures of pupils.");

    w.heading(1, "Photographs and video");
    w.p("We ask every family for consent before photographs of their child are used outside the classroom. Pictures on the school website never carry a pupil's full name, and pupils' work is shown with their first name only. Staff take photographs only on school cameras and tablets, and delete them from the device once they have been stored on the school's network.");

    w.heading(1, "Responding to incidents");
    w.p("When a member of staff becomes aware of an online safety incident they should:");
    w.numbered(0, "make sure the child is safe and, if the material is on a screen, switch the screen off without deleting anything");
    w.numbered(0, "tell the designated safeguarding lead straight away");
    w.numbered(1, "if a child is at immediate risk of harm, the police are called at once");
    w.numbered(1, "if the material may be illegal, it is not copied or forwarded, even to a colleague");
    w.numbered(0, "record what happened in the online safety incident log");
    w.numbered(0, "agree with the designated safeguarding lead how the parents will be told");
    w.p("Once an incident has been dealt with, the online safety lead reviews what happened and whether this policy needs to change.");

    w.heading(1, "Training");
    w.p("All staff receive online safety training as part of their safeguarding training when they join the school and every year after that. Governors are offered the same training. Mr Okafor shares short updates in staff meetings when new risks or new apps come to light.");

    w.heading(1, "Monitoring and review");
    w.p("This policy is reviewed every year by the online safety lead and approved by the governing body. It will also be reviewed after any serious incident or any significant change to the technology we use.");

    w.heading(1, "Links with other policies");
    w.p("This policy should be read alongside our:");
    w.bullet(0, "child protection and safeguarding policy");
    w.bullet(0, "behaviour and anti-bullying policies");
    w.bullet(0, "data protection policy and privacy notices");
    w.bullet(0, "staff code of conduct");

    w.page_break();
    w.heading(1, "Appendix 1: Acceptable Use Agreement – Early Years and Key Stage 1");
    w.p("Think before you click!");
    w.bullet(0, "I will ask a grown-up before I use a tablet or computer.");
    w.bullet(0, "I will only use the apps and games my teacher says I can.");
    w.bullet(0, "I will tell a grown-up if something on the screen upsets me.");
    w.bullet(0, "I will be kind when I use a computer.");
    w.p("If I do not follow these rules, I may not be allowed to use the computers for a while.");
    w.p("Child's name: ____________________");
    w.p("Parent/carer signature: ____________________  Date: __________");

    w.page_break();
    w.heading(1, "Appendix 2: Pupil Acceptable Use Agreement – Key Stage 2");
    w.p("I will keep myself and others safe when I use computers, tablets and the internet, in school and at home.");
    w.numbered(0, "I will only use school devices for my school work and for activities my teacher has agreed.");
    w.numbered(0, "I will only open my own files and will not change anyone else's work.");
    w.numbered(0, "I will keep my passwords secret and will not use anyone else's.");
    w.numbered(0, "I will not bring files into school on a memory stick or download them without permission.");
    w.numbered(0, "I will only visit websites and apps that are suitable for my age.");
    w.numbered(0, "I will only send messages to people I know or that my teacher has approved.");
    w.numbered(0, "I will make sure my messages are polite and kind.");
    w.numbered(0, "I will not open attachments from people I do not know.");
    w.numbered(0, "I will not give out my home address, phone number or photographs without asking a trusted adult.");
    w.numbered(0, "I will never arrange to meet someone I have only met online.");
    w.numbered(0, "I will show an adult straight away if I see something that upsets me.");
    w.numbered(0, "I will hand my phone in to the office if I bring one to school.");
    w.numbered(0, "I will say where I found pictures and information that I use in my work.");
    w.p("This agreement was last updated on XX/XX/XXXX.");
    w.p("Child's name: ____________________  Class: ________");
    w.p("Child's signature: ____________________");
    w.p("Parent/carer signature: ____________________  Date: __________");
    w.finish("Meadowbank Online Safety Policy 2025.docx")
}

/// One academy of the Brackenridge Learning Trust, for [`academy`].
pub struct Academy {
    pub name: &'static str,
    /// The file's name.
    pub file: &'static str,
    pub principal: &'static str,
    pub dsl: &'static str,
    pub network_manager: &'static str,
    pub phone: &'static str,
    pub safeguarding_email: &'static str,
    pub website: &'static str,
    /// The paragraph on who filters the academy's internet.
    pub filtering: &'static str,
    /// Whether the academy adds its own section on the sixth form's own devices.
    pub sixth_form_devices: bool,
}

/// The trust's first academy, Oakfield: see [`academy`].
pub fn oakfield() -> Academy {
    Academy {
        name: "Oakfield Academy",
        file: "Oakfield Online Safety Policy v3.1.docx",
        principal: "Mr T. Castellano",
        dsl: "Ms H. Brightmore",
        network_manager: "Mr K. Osei",
        phone: "01632 960233",
        safeguarding_email: "safeguarding@oakfield-academy.example",
        website: "https://www.oakfield-academy.example/safeguarding",
        filtering: "Oakfield's internet connection is filtered by the trust's central service, which blocks sites by category and records every search that matches the trust's list of worrying terms. The network manager, Mr K. Osei, receives an alert within the hour when a student's search matches, and passes it to the designated safeguarding lead the same day.",
        sixth_form_devices: false,
    }
}

/// The trust's second academy, Fernhill: the same model with its own names, its own
/// filtering arrangement and an extra section for its sixth form.
pub fn fernhill() -> Academy {
    Academy {
        name: "Fernhill Academy",
        file: "Fernhill Online Safety Policy v3.1.docx",
        principal: "Mrs J. Adebayo-Marsh",
        dsl: "Mr L. Fairweather",
        network_manager: "Ms S. Kowalczyk",
        phone: "01632 960871",
        safeguarding_email: "safeguarding@fernhill-academy.example",
        website: "https://www.fernhill-academy.example/safeguarding",
        filtering: "Fernhill still uses the local authority's filtering service under a contract that ends in August 2026, when it will join the trust's central service. The local authority sends a weekly report, which the network manager, Ms S. Kowalczyk, reads with the designated safeguarding lead every Monday morning.",
        sixth_form_devices: true,
    }
}

/// A secondary academy of a multi-academy trust: the trust's model policy, adopted by
/// the academy ([`oakfield`], or its sister [`fernhill`]).
///
/// Layout: no heading styles at all. The academy's name and the policy's in bold lines;
/// the approval in a two-column table at the top (Policy owner | Designated Safeguarding
/// Lead; Approved by | Trust Board; Date approved | 01/09/2025; Review date | September
/// 2026; Version | 3.1); a version-history table; headings typed by hand as numbered bold
/// lines ("1. Introduction", "1.1 Scope"); the page header "<academy> – Online Safety
/// Policy – Reviewed July 2025"; a footnote; two links; a tracked insertion and a tracked
/// deletion; a comment; Word-numbered lists; and at the back a staff acceptable-use
/// agreement (numbered commitments, tick boxes, a signature table Name | Job title |
/// Signature | Date) and a parents' agreement (signature table Student's name |
/// Parent/carer name | Signature | Date).
///
/// What import recognises (see `import_schools`), from a school.yaml with only the
/// academy's name, contact and phases:
/// - the title "Online Safety Policy" (a bold line); the academy's name above it, its
///   own already, leaves the body;
/// - approval, from the two-column table, which leaves the body but for its "Version 3.1"
///   row (the record has no place for a version): owner `dsl` (the Designated
///   Safeguarding Lead), approved by Trust Board on 2025-09-01 ("01/09/2025", with a CHECK
///   note on reading it day first), next review 2026-09; last reviewed 2025-07 from the
///   page header, whose rest ("Oakfield Academy") follows the body as `{{ school.name }}`;
/// - the phone in the text as `{{ school.contact.phone }}`;
/// - people from the text only, each added with a CHECK note: the principal
///   (`headteacher`: Mr T. Castellano), the designated safeguarding lead (Ms H.
///   Brightmore) and the network manager (Mr K. Osei; the DSL he passes alerts to is not
///   his role);
/// - two agreements, split off with their signature tables: "Staff Acceptable Use
///   Agreement" as `staff.md` (signatures: printed-name, job-title, signature, date; its
///   three "☐" lines as commitments to tick, `- [ ]`) and "Parent and Carer Agreement" as
///   `parents.md` (signatures: child-name, parent-name, parent-signature, date);
/// - for the trust (`--as-model`): Oakfield's text is the model; Fernhill's own sections
///   are its filtering paragraph (section 6), its devices section with 7.3 on the sixth
///   form's own devices, and the two sections that give its safeguarding e-mail address
///   and web page (roles and responsibilities, responding to incidents), which
///   school.yaml has no value for.
///
/// Left for a person: 4 `import-unconfirmed` notes (three people, the approval date), a
/// `personal-email` finding for the safeguarding address (a school address, not the
/// office's: add it to `publishable_emails`), the review, overdue by the tests' today;
/// the comment's question (about phones in the sixth-form study room) is dropped
/// unanswered, so a person should read the original's comments; the academy's postal
/// address is not in the document at all.
pub fn academy(school: &Academy) -> SchoolDoc {
    let mut w = Writer::default();
    w.page_header(&format!("{} – Online Safety Policy – Reviewed July 2025", school.name));
    w.bold(school.name);
    w.bold("Online Safety Policy");
    w.table(
        false,
        &[
            &["Policy owner", "Designated Safeguarding Lead"],
            &["Approved by", "Trust Board"],
            &["Date approved", "01/09/2025"],
            &["Review date", "September 2026"],
            &["Version", "3.1"],
        ],
    );
    w.blank();
    w.p("Version history");
    w.table(
        true,
        &[
            &["Version", "Date", "Author", "Changes"],
            &["2.0", "July 2023", "Trust safeguarding lead", "New trust model adopted by all academies"],
            &["3.0", "June 2024", "Trust safeguarding lead", "Filtering and monitoring standards added"],
            &["3.1", "July 2025", "Designated Safeguarding Lead", "Artificial intelligence tools; contacts updated"],
        ],
    );
    w.page_break();

    w.bold("1. Introduction");
    w.p(&format!(
        "{} is part of the Brackenridge Learning Trust. This policy is the trust's model policy, adopted by the academy with its own contacts and arrangements. It explains how we protect students and staff online and how we teach students to protect themselves.",
        school.name
    ));
    w.bold("1.1 Scope");
    w.p("The policy applies to all students, staff, trustees, local governors, volunteers and visitors, whenever they use the academy's network, devices or accounts, in school or elsewhere. It also applies to behaviour outside school that affects the safety or wellbeing of members of the academy community.");
    w.bold("1.2 Aims");
    w.numbered(0, "Keep students safe from harmful content, contact, conduct and commerce online.");
    w.numbered(0, "Give staff clear expectations and the training to meet them.");
    w.numbered(0, "Respond to incidents quickly, consistently and in line with safeguarding procedures.");

    w.bold("2. Roles and responsibilities");
    w.bold("2.1 The Trust Board");
    w.p("The Trust Board approves the model policy and receives an annual report on online safety across the trust's academies.");
    w.bold("2.2 The Principal");
    w.p(&format!(
        "The Principal, {}, is responsible for the safety of the academy community online and is the academy's senior information risk owner. The Principal makes sure that the designated safeguarding lead has the time and resources the role needs.",
        school.principal
    ));
    w.bold("2.3 The Designated Safeguarding Lead");
    w.pieces(
        "",
        &[
            Piece::Plain(&format!(
                "{} is the designated safeguarding lead and owns this policy. The DSL leads on filtering and monitoring, keeps the online safety log, ",
                school.dsl
            )),
            Piece::Deleted("meets the network manager each half term "),
            Piece::Inserted("meets the network manager every fortnight "),
            Piece::Plain("and reports to the local governing body each term. Concerns can be sent to "),
            Piece::Plain(school.safeguarding_email),
            Piece::Plain("."),
        ],
    );
    w.bold("2.4 The network manager");
    w.p(&format!(
        "{} manages the academy's network and devices, applies the trust's security settings, and makes sure that the filtering and monitoring systems work as the DSL expects.",
        school.network_manager
    ));
    w.bold("2.5 All staff");
    w.pieces(
        "",
        &[
            Piece::Plain("All staff follow the staff acceptable use agreement in Appendix A and the trust's "),
            Piece::Italic("Staff Code of Conduct"),
            Piece::Plain(", model safe and respectful use of technology, and report any online safety concern about a student to the DSL without delay."),
        ],
    );
    w.bold("2.6 Students");
    w.p("Students follow the student acceptable use rules they agree to when they receive their network account in Year 7, and are expected to report anything that worries them.");

    w.bold("3. Education and curriculum");
    w.p("Online safety is taught through computing lessons in Key Stage 3, through the personal development programme in every year, and through tutor time. Topics are chosen for each age and revisited as students grow older:");
    w.bullet(0, "Years 7 to 9: privacy settings, healthy friendships online, scams, and how algorithms choose what we see");
    w.bullet(0, "Years 10 and 11: sharing of nude and semi-nude images and the law, online reputation and gambling-like features in games");
    w.bullet(0, "Sixth form: digital footprints and employability, misinformation, and safe use of artificial intelligence tools");

    w.bold("4. Staff training");
    w.p("All staff complete online safety training at induction and every year after that, as part of their safeguarding training. The DSL also briefs staff whenever a new risk is identified.");

    w.bold("5. Use of artificial intelligence tools");
    w.p("Staff may use the AI tools the trust has approved for planning and administration, but must never enter students' personal data into them. Students may use approved AI tools only when their teacher has set a task that allows it, and must say when they have done so.");

    w.bold("6. Filtering and monitoring");
    w.pieces(
        "",
        &[
            Piece::Plain("The academy meets the government's filtering and monitoring standards"),
            Piece::Note("The standards are published by the Department for Education and are reviewed every year."),
            Piece::Plain(". "),
            Piece::Plain(school.filtering),
        ],
    );

    w.bold("7. Devices");
    w.bold("7.1 Academy devices");
    w.p("Laptops and tablets issued by the academy remain its property. They are encrypted, lock after five minutes without use, and may be checked by the network manager at any time.");
    w.bold("7.2 Mobile phones");
    w.pieces(
        "",
        &[
            Piece::Plain("Students in Years 7 to 11 must keep their phones switched off and out of sight during the school day. "),
            Piece::Commented(
                "Sixth-form students may use their phones in the study room.",
                "Do we still allow this now that the study room is shared with Year 11? Please check with the head of sixth form before this goes out.",
            ),
        ],
    );
    if school.sixth_form_devices {
        w.bold("7.3 Sixth form: bring your own device");
        w.p("Students in Years 12 and 13 may connect their own laptop to the academy's guest wireless network after signing the bring-your-own-device agreement. The guest network is filtered in the same way as the academy's own, and the academy cannot give technical support for personal devices.");
    }

    w.bold("8. Responding to incidents");
    w.p("Any member of staff who has a concern about a student's safety online reports it to the DSL straight away. The DSL decides what happens next:");
    w.numbered(0, "If a child is in immediate danger, the police are called at once.");
    w.numbered(
        0,
        "If the material may be illegal, it is not viewed again, copied or shared; the device is secured and the police are informed.",
    );
    w.numbered(0, "If the material is harmful but not illegal, the academy's own behaviour and safeguarding procedures are followed.");
    w.numbered(0, "Every incident is recorded in the online safety log and reviewed at the next safeguarding meeting.");
    w.pieces(
        "",
        &[
            Piece::Plain("Students and parents can also report concerns through the "),
            Piece::Link(school.website, "safeguarding page of our website"),
            Piece::Plain(", or to the national "),
            Piece::Link("https://www.report-abuse.example/", "online abuse reporting service"),
            Piece::Plain(". The academy office can be reached on "),
            Piece::Plain(school.phone),
            Piece::Plain("."),
        ],
    );

    w.bold("9. Monitoring and review");
    w.p("The trust reviews the model policy every year. Each academy's DSL checks that its own arrangements still match what this policy says, and the local governing body is told of any changes.");

    w.page_break();
    w.bold("Appendix A: Staff Acceptable Use Agreement");
    w.p("This agreement applies to every member of staff, supply teacher and regular volunteer. Please read it carefully, sign it and return it to the HR officer.");
    for rule in [
        "I will use the academy's systems and devices for professional purposes, and personal use will be brief and appropriate.",
        "I will keep my passwords private and will use multi-factor authentication where it is offered.",
        "I will lock my screen whenever I leave a device unattended.",
        "I will only use my academy e-mail account to contact students, parents and other professionals.",
        "I will not use my own phone or camera to take pictures of students.",
        "I will only take personal data away from the academy on an encrypted device, and only when I must.",
        "I will not enter students' personal data into AI tools.",
        "I will keep my personal social media private and will not accept current or recent students as contacts.",
        "I will not attempt to bypass the filtering or security systems.",
        "I will report any concern about a student's safety to the DSL without delay.",
        "I will report any breach of data security to the data protection officer at once.",
        "I understand that my use of academy systems is monitored and may be checked.",
    ] {
        w.numbered(0, rule);
    }
    w.p("☐ I have read and agree to follow this agreement.");
    w.p("☐ I will keep up to date with online safety training and updates.");
    w.p("☐ I would like an academy e-mail account.");
    w.table(true, &[&["Name", "Job title", "Signature", "Date"], &["", "", "", ""]]);
    w.blank();
    w.bold("Appendix B: Parent and Carer Agreement");
    w.p("We ask every family to read and sign this agreement when their child joins the academy.");
    w.bullet(0, "I give permission for my child to use the internet, the academy's e-mail system and its devices for learning.");
    w.bullet(0, "I understand that the academy filters internet access but that no filter can block everything.");
    w.bullet(0, "I agree that the academy may check the files my child stores and the websites they visit on its systems.");
    w.bullet(0, "I will not post photographs or videos of other people's children taken at academy events.");
    w.bullet(0, "I will support the academy's approach to online safety and talk to my child about it.");
    w.table(true, &[&["Student's name", "Parent/carer name", "Signature", "Date"], &["", "", "", ""]]);
    w.finish(school.file)
}

/// A Welsh primary school's policy in two languages: Ysgol Gynradd Nant y Wennol.
///
/// Layout: a title in both languages (two paragraphs in Word's Title style, Welsh first),
/// the school's name in both languages in bold, its address and contacts; then the body as
/// one table of two columns, Welsh on the left and English on the right, one row per
/// heading (Heading 2 in each cell) or paragraph, a row of bullets in each language;
/// approval given as a sentence in a row of its own; roles named only in the text.
///
/// What import recognises (see `import_schools`), from the school.yaml `new school`
/// wrote, with `country: wales` and `languages: [cy, en-GB]`:
/// - the bilingual split: the Welsh source (`<slug>.md`, `language: cy`) from the left
///   column and its English translation (`<slug>.en-GB.md`) from the right, row for row,
///   the rules a list again in each; each title (a Title-style line each) and the
///   school's name in each language go to their own language's page;
/// - approval from the Welsh sentence ("Cymeradwywyd y polisi hwn gan y corff
///   llywodraethu ar 3 Mawrth 2025 ... ym mis Mawrth 2026"): approved by "Y corff
///   llywodraethu" on 2025-03-03, next review 2026-03; the sentence stays in the text;
/// - the cover, under the two titles: the name "Ysgol Gynradd Nant y Wennol", the address
///   "Heol y Felin, Llanwennol, LW9 4NB", the phone and e-mail after their labels in both
///   languages, each filling school.yaml's FILL IN value; in the text, the phone and
///   e-mail as `{{ school.contact.* }}`;
/// - people from the text only: Mrs Eirian Pughe (headteacher), Mr Gethin Rowlands
///   (Person Diogelu Dynodedig: `dsl`), Miss Lowri Tudur (arweinydd diogelwch ar-lein:
///   `esafety-coordinator`, added), Mr Dafydd Ellis (chair of governors), each name
///   `{{ role(...) }}` in both languages;
/// - no agreements.
///
/// Left for a person: 8 `import-unconfirmed` notes (the name, phone, e-mail, four
/// people, the owner), 5 `unfilled-placeholder` findings (`short_name` and the four
/// examples no one in the document fills), the review, overdue by the tests' today, and
/// the school's Welsh titles for `dsl` and `esafety-coordinator` ("Person Diogelu
/// Dynodedig", "arweinydd diogelwch ar-lein"), which import does not write.
pub fn welsh_primary() -> SchoolDoc {
    let mut w = Writer::default();
    w.title("Polisi Diogelwch Ar-lein");
    w.title("Online Safety Policy");
    w.bold("Ysgol Gynradd Nant y Wennol");
    w.bold("Nant y Wennol Primary School");
    w.p("Heol y Felin, Llanwennol, LW9 4NB");
    w.p("Ffôn / Telephone: 01632 960587");
    w.p("E-bost / Email: swyddfa@nantywennol.example");
    w.blank();
    let mut rows = Vec::new();
    // Each section: its heading in Welsh and English, then its paragraphs, a pair a row.
    type Section = (&'static str, &'static str, Vec<(&'static str, &'static str)>);
    let mut sections: Vec<Section> = Vec::new();
    let mut section = |welsh_heading, english_heading, pairs: &[(&'static str, &'static str)]| {
        sections.push((welsh_heading, english_heading, pairs.to_vec()));
    };
    section(
        "Cyflwyniad",
        "Introduction",
        &[
            (
                "Mae'r rhyngrwyd yn rhan bwysig o fywyd bob dydd ein disgyblion.",
                "The internet is an important part of our pupils' everyday lives.",
            ),
            (
                "Mae'r polisi hwn yn esbonio sut rydym yn cadw pawb yn ddiogel ar-lein, yn yr ysgol ac adref.",
                "This policy explains how we keep everyone safe online, in school and at home.",
            ),
            (
                "Mae'n berthnasol i'r disgyblion, y staff, y llywodraethwyr, y gwirfoddolwyr a'r ymwelwyr.",
                "It applies to pupils, staff, governors, volunteers and visitors.",
            ),
        ],
    );
    section(
        "Rolau a chyfrifoldebau",
        "Roles and responsibilities",
        &[
            (
                "Mrs Eirian Pughe yw'r pennaeth. Hi sy'n gyfrifol am ddiogelwch ar-lein yn yr ysgol.",
                "Mrs Eirian Pughe is the headteacher. She is responsible for online safety in the school.",
            ),
            (
                "Mr Gethin Rowlands yw'r Person Diogelu Dynodedig. Dylai pawb roi gwybod iddo am unrhyw bryder am blentyn.",
                "Mr Gethin Rowlands is the Designated Safeguarding Person. Everyone should tell him about any concern about a child.",
            ),
            (
                "Miss Lowri Tudur yw'r arweinydd diogelwch ar-lein. Mae hi'n trefnu hyfforddiant i'r staff bob blwyddyn.",
                "Miss Lowri Tudur is the online safety lead. She arranges training for the staff every year.",
            ),
            (
                "Mr Dafydd Ellis yw cadeirydd y llywodraethwyr. Mae'r llywodraethwyr yn gwirio'r polisi bob blwyddyn.",
                "Mr Dafydd Ellis is the chair of governors. The governors check the policy every year.",
            ),
        ],
    );
    section(
        "Dysgu'r disgyblion",
        "Teaching pupils",
        &[
            (
                "Rydym yn dysgu'r disgyblion sut i ddefnyddio'r rhyngrwyd yn ddiogel ac yn garedig.",
                "We teach pupils how to use the internet safely and kindly.",
            ),
            (
                "Yn y Cyfnod Sylfaen, mae'r plant yn dysgu gofyn i oedolyn cyn mynd ar-lein.",
                "In the Foundation Phase, the children learn to ask an adult before going online.",
            ),
            (
                "Yng Nghyfnod Allweddol 2, mae'r disgyblion yn dysgu am gyfrineiriau, preifatrwydd a bwlio ar-lein.",
                "In Key Stage 2, pupils learn about passwords, privacy and online bullying.",
            ),
            ("Rydym yn defnyddio adnoddau Hwb ym mhob dosbarth.", "We use Hwb resources in every class."),
        ],
    );
    section(
        "Rheolau'r ysgol",
        "School rules",
        &[("Mae pawb yn yr ysgol yn cytuno i'r rheolau hyn:", "Everyone in the school agrees to these rules:")],
    );
    section(
        "Cyfrineiriau",
        "Passwords",
        &[
            ("Mae gan bob disgybl o Flwyddyn 3 ymlaen ei gyfrinair ei hun.", "Every pupil from Year 3 onwards has their own password."),
            (
                "Rydym yn dysgu'r plant i beidio â rhannu eu cyfrinair gyda neb, hyd yn oed gyda ffrind.",
                "We teach the children not to share their password with anyone, not even with a friend.",
            ),
            (
                "Mae'r staff yn newid eu cyfrineiriau yn rheolaidd ac yn cloi eu sgrin cyn gadael yr ystafell.",
                "Staff change their passwords regularly and lock their screen before leaving the room.",
            ),
        ],
    );
    section(
        "Ffonau symudol",
        "Mobile phones",
        &[
            ("Nid yw'r disgyblion yn cael defnyddio ffonau symudol yn ystod y dydd.", "Pupils may not use mobile phones during the day."),
            (
                "Os bydd plentyn yn dod â ffôn i'r ysgol, bydd yn ei roi i'r athro yn y bore.",
                "If a child brings a phone to school, they give it to the teacher in the morning.",
            ),
            (
                "Nid yw'r staff yn defnyddio eu ffonau eu hunain i dynnu lluniau o'r plant.",
                "Staff do not use their own phones to take photographs of the children.",
            ),
        ],
    );
    section(
        "Hidlo a monitro",
        "Filtering and monitoring",
        &[
            ("Mae'r awdurdod lleol yn hidlo'r rhyngrwyd yn yr ysgol.", "The local authority filters the internet in school."),
            (
                "Nid oes unrhyw hidlydd yn berffaith, felly mae oedolion yn goruchwylio'r plant bob amser.",
                "No filter is perfect, so adults supervise the children at all times.",
            ),
            ("Mae Miss Tudur yn edrych ar adroddiad yr hidlydd bob wythnos.", "Miss Tudur looks at the filter's report every week."),
        ],
    );
    section(
        "Lluniau a fideos",
        "Photographs and videos",
        &[
            (
                "Rydym yn gofyn am ganiatâd y rhieni cyn cyhoeddi lluniau o blant.",
                "We ask for parents' permission before publishing photographs of children.",
            ),
            (
                "Nid ydym byth yn rhoi enw llawn plentyn gyda'i lun ar wefan yr ysgol.",
                "We never put a child's full name with their photograph on the school website.",
            ),
        ],
    );
    section(
        "Bwlio ar-lein",
        "Online bullying",
        &[
            (
                "Rydym yn delio â bwlio ar-lein yn yr un ffordd â phob math arall o fwlio.",
                "We deal with online bullying in the same way as every other kind of bullying.",
            ),
            (
                "Dylai plant ddweud wrth oedolyn maen nhw'n ymddiried ynddo cyn gynted â phosibl.",
                "Children should tell an adult they trust as soon as possible.",
            ),
        ],
    );
    section(
        "Delio â phryderon",
        "Dealing with concerns",
        &[
            (
                "Os oes pryder am ddiogelwch plentyn, rhaid dweud wrth y Person Diogelu Dynodedig ar unwaith.",
                "If there is a concern about a child's safety, the Designated Safeguarding Person must be told at once.",
            ),
            ("Rydym yn cofnodi pob digwyddiad ac yn rhoi gwybod i'r rhieni.", "We record every incident and let the parents know."),
            (
                "Gall rhieni gysylltu â'r ysgol ar 01632 960587 neu drwy e-bostio swyddfa@nantywennol.example.",
                "Parents can contact the school on 01632 960587 or by e-mailing swyddfa@nantywennol.example.",
            ),
        ],
    );
    section(
        "Rhieni a gofalwyr",
        "Parents and carers",
        &[
            (
                "Rydym yn rhannu cyngor am ddiogelwch ar-lein gyda rhieni bob tymor.",
                "We share advice about online safety with parents every term.",
            ),
            (
                "Gofynnwn i rieni beidio â rhannu lluniau o blant eraill ar y cyfryngau cymdeithasol.",
                "We ask parents not to share photographs of other children on social media.",
            ),
        ],
    );
    section(
        "E-bost a'r wefan",
        "E-mail and the website",
        &[
            (
                "Mae gan bob aelod o staff gyfeiriad e-bost yr ysgol. Nid ydynt yn defnyddio eu cyfeiriad personol i gysylltu â rhieni.",
                "Every member of staff has a school e-mail address. They do not use their personal address to contact parents.",
            ),
            (
                "Mae'r pennaeth yn gyfrifol am bopeth sy'n cael ei gyhoeddi ar wefan yr ysgol.",
                "The headteacher is responsible for everything that is published on the school website.",
            ),
            (
                "Mae'r wefan yn rhoi cyfeiriad a rhif ffôn yr ysgol yn unig. Nid yw'n rhoi cyfeiriad cartref neb.",
                "The website gives only the school's address and phone number. It does not give anyone's home address.",
            ),
        ],
    );
    section(
        "Dyfeisiau'r ysgol",
        "School devices",
        &[
            (
                "Mae gan yr ysgol liniaduron a llechi i'r disgyblion eu defnyddio yn y dosbarth.",
                "The school has laptops and tablets for pupils to use in class.",
            ),
            (
                "Mae'r dyfeisiau'n cloi ar ôl pum munud os nad oes neb yn eu defnyddio.",
                "The devices lock after five minutes if nobody is using them.",
            ),
            ("Ni ddylai neb osod ap newydd heb ganiatâd Miss Tudur.", "Nobody should install a new app without Miss Tudur's permission."),
            (
                "Pan fydd hen ddyfais yn cael ei thaflu, rydym yn dileu'r holl ddata sydd arni yn gyntaf.",
                "When an old device is thrown away, we first delete all the data on it.",
            ),
        ],
    );
    section(
        "Hyfforddiant",
        "Training",
        &[(
            "Mae pob aelod o staff yn cael hyfforddiant diogelwch ar-lein bob blwyddyn, ac mae'r llywodraethwyr yn cael yr un cynnig.",
            "Every member of staff receives online safety training every year, and the governors are offered the same.",
        )],
    );
    section(
        "Cymeradwyo ac adolygu",
        "Approval and review",
        &[(
            "Cymeradwywyd y polisi hwn gan y corff llywodraethu ar 3 Mawrth 2025 a bydd yn cael ei adolygu ym mis Mawrth 2026.",
            "This policy was approved by the governing body on 3 March 2025 and will be reviewed in March 2026.",
        )],
    );
    let rules = [
        ("Rydym yn cadw ein cyfrineiriau yn gyfrinachol.", "We keep our passwords secret."),
        ("Rydym yn gofyn cyn tynnu llun.", "We ask before taking a photo."),
        ("Rydym yn dweud wrth oedolyn os ydym yn gweld rhywbeth sy'n ein poeni.", "We tell an adult if we see something that worries us."),
        ("Rydym yn garedig wrth bawb ar-lein.", "We are kind to everyone online."),
    ];
    let mut columns = [Vec::new(), Vec::new()];
    for (welsh_heading, english_heading, pairs) in sections {
        let style = r#"<w:pStyle w:val="Heading2"/>"#;
        w.said(welsh_heading);
        w.said(english_heading);
        columns[0].push(welsh_heading);
        columns[1].push(english_heading);
        rows.push([cell(1, "", &split(style, &xml(welsh_heading))), cell(1, "", &split(style, &xml(english_heading)))].concat());
        for (welsh, english) in pairs {
            w.said(welsh);
            w.said(english);
            columns[0].push(welsh);
            columns[1].push(english);
            rows.push([cell(1, "", &split("", &xml(welsh))), cell(1, "", &split("", &xml(english)))].concat());
        }
        if english_heading == "School rules" {
            // The rules as bullets, each language's list in its own cell.
            let list = |welsh: bool| rules.iter().map(|r| item(1, 0, &xml(if welsh { r.0 } else { r.1 }))).collect::<String>();
            for (welsh, _) in rules {
                w.said(welsh);
                columns[0].push(welsh);
            }
            for (_, english) in rules {
                w.said(english);
                columns[1].push(english);
            }
            rows.push([cell(1, "", &list(true)), cell(1, "", &list(false))].concat());
        }
    }
    w.body.push_str(&table(2, &rows));
    let doc = w.finish("Polisi Diogelwch Ar-lein - Online Safety Policy.docx");
    SchoolDoc { columns: Some(columns.map(|c| c.join(" "))), ..doc }
}

/// Every generated school document, for tools that want them all.
pub fn all() -> Vec<SchoolDoc> {
    vec![maintained_primary(), academy(&oakfield()), academy(&fernhill()), welsh_primary()]
}
