//! Checking a client's form: every field at once (see `validation`), and the words search
//! finds a client by.

use super::contacts::ContactPerson;
use super::{
    ClientInput, ClientKind, ClientStatus, FollowUpColour, MAX_LINE, MAX_NAME, MAX_PROFILE,
    MAX_TAG, MAX_TAGS, MAX_TAX_ID,
};
use crate::text::{self, SearchWords};
use crate::validation::{Checks, FieldError, Rule};
use crate::Result;

/// Input after validation: trimmed, blank fields as `None`, keys computed.
pub(super) struct ValidClient {
    pub(super) kind: ClientKind,
    pub(super) name: String,
    pub(super) sort_name: String,
    pub(super) tax_id: Option<String>,
    pub(super) tax_id_key: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) email: Option<String>,
    pub(super) whatsapp: Option<String>,
    pub(super) address: Option<String>,
    pub(super) city: Option<String>,
    pub(super) segment: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) status: ClientStatus,
    pub(super) colour: FollowUpColour,
    pub(super) profile: String,
}

impl ValidClient {
    /// What search finds this client by, with its contact people.
    pub(super) fn search_words(&self, contacts: &[ContactPerson]) -> String {
        search_words(
            &self.name,
            self.tax_id.as_deref(),
            [self.phone.as_deref(), self.whatsapp.as_deref()],
            self.email.as_deref(),
            self.city.as_deref(),
            contacts,
        )
    }
}

/// The words search finds a client by (stored in `clients.search_words`, see `text`): name,
/// tax id as written and as its key, phones, e-mail, city, and its live contact people's
/// names, phones and e-mails.
pub(super) fn search_words(
    name: &str,
    tax_id: Option<&str>,
    phones: [Option<&str>; 2],
    email: Option<&str>,
    city: Option<&str>,
    contacts: &[ContactPerson],
) -> String {
    let mut words = SearchWords::default();
    words
        .text(Some(name))
        .text(tax_id)
        .text(tax_id.map(tax_id_key).as_deref())
        .text(email)
        .text(city);
    for phone in phones {
        words.phone(phone);
    }
    for person in contacts {
        words
            .text(Some(&person.name))
            .phone(person.phone.as_deref())
            .phone(person.whatsapp.as_deref())
            .text(person.email.as_deref());
    }
    words.finish()
}

/// The uniqueness key of a tax id: upper-case, letters and digits only ("b-12.345.678" and
/// "B12345678" are the same company).
pub fn tax_id_key(tax_id: &str) -> String {
    tax_id
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Checks every field of `input` and reports every problem at once.
pub(super) fn validate(input: &ClientInput) -> Result<ValidClient> {
    let mut checks = Checks::new();
    let name = checks.required("name", &input.name, MAX_NAME);
    let tax_id = checks.text("taxId", input.tax_id.as_deref(), MAX_TAX_ID);
    let tax_id_key = tax_id.as_deref().map(tax_id_key);
    if tax_id_key.as_deref() == Some("") {
        checks.invalid("taxId", "a tax id needs letters or digits");
    }
    let tags: Vec<String> = input
        .tags
        .iter()
        .filter_map(|t| checks.text("tags", Some(t), MAX_TAG))
        .collect();
    if tags.len() > MAX_TAGS {
        checks.fail(FieldError {
            max: Some(MAX_TAGS as i64),
            ..FieldError::new("tags", Rule::TooMany, format!("more than {MAX_TAGS} tags"))
        });
    }
    let client = ValidClient {
        kind: input.kind.unwrap_or(ClientKind::Company),
        sort_name: text::fold(&name),
        name,
        tax_id,
        tax_id_key,
        phone: checks.phone("phone", input.phone.as_deref()),
        email: checks.email("email", input.email.as_deref()),
        whatsapp: checks.phone("whatsapp", input.whatsapp.as_deref()),
        address: checks.text("address", input.address.as_deref(), MAX_LINE),
        city: checks.text("city", input.city.as_deref(), MAX_NAME),
        segment: checks.text("segment", input.segment.as_deref(), MAX_NAME),
        tags,
        status: input.status.unwrap_or(ClientStatus::Prospect),
        colour: input.colour.unwrap_or(FollowUpColour::None),
        profile: checks.long_text(
            "profile",
            input.profile.as_deref().unwrap_or(""),
            MAX_PROFILE,
        ),
    };
    checks.finish()?;
    Ok(client)
}
