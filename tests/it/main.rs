//! The end-to-end tests: one binary (each test binary links the whole library, Typst
//! included, so one link instead of fourteen), a module per area, one fixture harness
//! ([`common`]) and the generators of binary fixtures ([`imagegen`], [`pdf`], [`xlsxgen`], [`docxgen`], [`odtgen`], with whole school documents in [`schooldocs`]).

mod common;
mod docxgen;
mod imagegen;
mod odtgen;
mod pdf;
mod schooldocs;
mod xlsxgen;

mod agreements_classes;
mod agreements_cli;
mod agreements_pdf;
mod agreements_status;
mod bad_input;
mod bilingual;
mod ci_examples;
mod ci_output;
mod commonmark;
mod examples;
mod explain;
mod fuzz;
mod images;
mod import;
mod import_schools;
mod kill;
mod mistakes;
mod office_rosters;
mod output_safety;
mod overrides;
mod page_fidelity;
mod planted_leaks;
mod precision;
mod print_fidelity;
mod published_files;
mod published_images;
mod published_pdfs;
mod serve;
mod site_builder;
mod start_from_nothing;
mod trust_rosters;
mod trust_site;
