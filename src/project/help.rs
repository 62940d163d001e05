//! Where a family gets help outside school: the emergency number and the help services
//! of the school's country. A UK school's guidance lists the UK's services (and a Welsh
//! school's, Wales's too); an international school's lists only its own, and calls the
//! number of the country it is in.

use super::config::{Country, HelpService, SchoolConfig};

/// The emergency number of each country (by its two-letter code) that has one number for
/// police, fire and ambulance alike. A country with several (Japan: 110 and 119) is left
/// out: its school gives `emergency_number:` itself.
const EMERGENCY_NUMBERS: [(&str, &str); 48] = [
    ("AT", "112"),
    ("BE", "112"),
    ("BG", "112"),
    ("HR", "112"),
    ("CY", "112"),
    ("CZ", "112"),
    ("DK", "112"),
    ("EE", "112"),
    ("FI", "112"),
    ("FR", "112"),
    ("DE", "112"),
    ("GR", "112"),
    ("HU", "112"),
    ("IE", "112"),
    ("IT", "112"),
    ("LV", "112"),
    ("LT", "112"),
    ("LU", "112"),
    ("MT", "112"),
    ("NL", "112"),
    ("PL", "112"),
    ("PT", "112"),
    ("RO", "112"),
    ("SK", "112"),
    ("SI", "112"),
    ("ES", "112"),
    ("SE", "112"),
    ("IS", "112"),
    ("LI", "112"),
    ("NO", "112"),
    ("CH", "112"),
    ("TR", "112"),
    ("IN", "112"),
    ("KW", "112"),
    ("GB", "999"),
    ("AE", "999"),
    ("QA", "999"),
    ("BH", "999"),
    ("HK", "999"),
    ("MY", "999"),
    ("US", "911"),
    ("CA", "911"),
    ("MX", "911"),
    ("SA", "911"),
    ("JO", "911"),
    ("AU", "000"),
    ("NZ", "111"),
    ("GI", "112"),
];

/// The number a family calls when a child is in danger now: the school's own
/// `guidance: emergency_number:`, else its country's; `None` where neither is known.
pub(crate) fn emergency_number(config: &SchoolConfig) -> Option<String> {
    if let Some(own) = &config.guidance.emergency_number {
        return Some(own.clone());
    }
    match config.country {
        Country::England | Country::Wales | Country::Scotland | Country::NorthernIreland => Some("999".to_owned()),
        Country::International => {
            let code = config.country_code.as_ref()?.value.to_ascii_uppercase();
            EMERGENCY_NUMBERS.iter().find(|(country, _)| *country == code).map(|(_, number)| (*number).to_owned())
        }
    }
}

/// The services a guidance page lists: the country's (unless the school replaces them),
/// then the school's own. `about` gives each built-in service's line in the page's
/// language, from the theme's words (`service_childline`).
pub(crate) fn services(config: &SchoolConfig, about: &dyn Fn(&str) -> String) -> Vec<HelpService> {
    let guidance = &config.guidance;
    let national = if guidance.replace_help_services { Vec::new() } else { national_services(config.country) };
    national
        .into_iter()
        .map(|(name, url, key)| HelpService { name: name.to_owned(), url: url.to_owned(), about: about(key) })
        .chain(guidance.help_services.iter().cloned())
        .collect()
}

/// The names of every service a school's pages may list, in any language: not pupils.
pub(crate) fn service_names(config: &SchoolConfig) -> Vec<String> {
    services(config, &|_| String::new()).into_iter().map(|service| service.name).collect()
}

/// (name, address, the theme's word for what it does) of the services of `country`.
fn national_services(country: Country) -> Vec<(&'static str, &'static str, &'static str)> {
    let uk = [
        ("Childline", "https://www.childline.org.uk/", "service_childline"),
        ("CEOP", "https://www.ceop.police.uk/ceop-reporting/", "service_ceop"),
        ("UK Safer Internet Centre", "https://saferinternet.org.uk/", "service_uksic"),
        ("Childnet", "https://www.childnet.com/", "service_childnet"),
        ("Internet Matters", "https://www.internetmatters.org/", "service_internet_matters"),
    ];
    match country {
        Country::Wales => {
            let wales =
                [("Meic", "https://www.meic.cymru/", "service_meic"), ("Hwb", "https://hwb.gov.wales/keeping-safe-online/", "service_hwb")];
            wales.into_iter().chain(uk).collect()
        }
        Country::England | Country::Scotland | Country::NorthernIreland => uk.to_vec(),
        Country::International => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(yaml: &str) -> SchoolConfig {
        let base = "name: A\nshort_name: A\ntype: independent\nphases: [primary]\ncontact: {address: [A], phone: '01632 960000', email: a@a.example}\npeople: []\n";
        serde_saphyr::from_str(&format!("{base}{yaml}")).unwrap()
    }

    /// Regression: the school in Romania told families to call 999, and listed the UK's services.
    #[test]
    fn the_number_and_services_are_the_schools_countrys() {
        let romania = school("country: international\ncountry_code: RO\n");
        assert_eq!(emergency_number(&romania).as_deref(), Some("112"));
        assert!(services(&romania, &|k| k.to_owned()).is_empty());
        let wales = school("country: wales\n");
        assert_eq!(emergency_number(&wales).as_deref(), Some("999"));
        let names = service_names(&wales);
        assert_eq!(names[0], "Meic");
        assert!(names.contains(&"Childline".to_owned()));
        let england = school("country: england\n");
        assert!(!service_names(&england).contains(&"Meic".to_owned()));
        let japan = school("country: international\ncountry_code: JP\n");
        assert_eq!(emergency_number(&japan), None, "Japan has two numbers: the school gives its own");
        let own = school("country: international\ncountry_code: JP\nguidance: {emergency_number: '110'}\n");
        assert_eq!(emergency_number(&own).as_deref(), Some("110"));
    }
}
