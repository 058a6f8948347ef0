//! Spanish tax ids (NIF, NIE, CIF) and their control character. A wrong control character is
//! a warning, never a refusal: the owner may be copying a client's own typo from an invoice.
//! Other countries' ids are not judged here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the control character of a tax id says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TaxIdCheck {
    /// A Spanish NIF, NIE or CIF whose control character is right.
    Valid,
    /// Shaped like a Spanish NIF, NIE or CIF, but the control character does not match.
    WrongControl,
    /// Not shaped like a Spanish tax id (another country's, or free text): not judged.
    NotSpanish,
}

/// The NIF/NIE control letters, indexed by the number modulo 23.
const NIF_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Checks `tax_id` as written (spaces, dots and dashes ignored, any case).
pub fn check(tax_id: &str) -> TaxIdCheck {
    let id: Vec<u8> = tax_id
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if id.len() != 9 {
        return TaxIdCheck::NotSpanish;
    }
    let digits = |range: std::ops::Range<usize>| id[range].iter().all(u8::is_ascii_digit);
    let number =
        |bytes: &[u8]| -> u32 { bytes.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')) };
    let verdict = |ok: bool| {
        if ok {
            TaxIdCheck::Valid
        } else {
            TaxIdCheck::WrongControl
        }
    };
    let last = id[8];
    match id[0] {
        // NIF: eight digits and a letter.
        b'0'..=b'9' if digits(0..8) && last.is_ascii_alphabetic() => {
            verdict(NIF_LETTERS[(number(&id[0..8]) % 23) as usize] == last)
        }
        // NIE: X, Y or Z (standing for 0, 1, 2), seven digits and a letter.
        b'X' | b'Y' | b'Z' if digits(1..8) && last.is_ascii_alphabetic() => {
            let lead = u32::from(id[0] - b'X');
            let n = lead * 10_000_000 + number(&id[1..8]);
            verdict(NIF_LETTERS[(n % 23) as usize] == last)
        }
        // CIF: an organisation letter, seven digits and a digit or letter.
        b'A'..=b'W' if b"ABCDEFGHJNPQRSUVW".contains(&id[0]) && digits(1..8) => {
            let control = cif_control(&id[1..8]);
            let letter = b"JABCDEFGHI"[control as usize];
            let digit = b'0' + control;
            let ok = match id[0] {
                // Letter only: public bodies, foreign entities, associations…
                b'N' | b'P' | b'Q' | b'R' | b'S' | b'W' => last == letter,
                // Digit only: companies (S.A., S.L.), communities of property.
                b'A' | b'B' | b'E' | b'H' => last == digit,
                _ => last == letter || last == digit,
            };
            verdict(ok)
        }
        _ => TaxIdCheck::NotSpanish,
    }
}

/// The NIF control letter of `number` (eight digits).
pub fn nif_letter(number: u32) -> char {
    NIF_LETTERS[(number % 23) as usize] as char
}

/// A company's CIF (an S.L., letter B) for its seven central digits, with its control digit.
pub fn company_cif(central: u32) -> String {
    let digits = format!("{:07}", central % 10_000_000);
    let control = cif_control(digits.as_bytes());
    format!("B{digits}{control}")
}

/// The CIF control digit of its seven central digits.
fn cif_control(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                // Odd positions (1st, 3rd…): doubled, and the doubled number's digits added.
                let twice = d * 2;
                twice / 10 + twice % 10
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nifs_with_the_right_letter_are_valid_and_a_typo_is_flagged() {
        assert_eq!(check("12345678Z"), TaxIdCheck::Valid);
        assert_eq!(check("12.345.678-z"), TaxIdCheck::Valid, "written any way");
        assert_eq!(check("12345678A"), TaxIdCheck::WrongControl);
        assert_eq!(check("00000000T"), TaxIdCheck::Valid);
    }

    #[test]
    fn nies_count_their_leading_letter() {
        assert_eq!(check("X1234567L"), TaxIdCheck::Valid);
        assert_eq!(check("Y1234567X"), TaxIdCheck::Valid);
        assert_eq!(check("Z1234567R"), TaxIdCheck::Valid);
        assert_eq!(check("X1234567A"), TaxIdCheck::WrongControl);
    }

    #[test]
    fn cifs_use_a_digit_or_a_letter_by_kind_of_organisation() {
        // B = S.L. (digit control); the well-known example A58818501.
        assert_eq!(check("A58818501"), TaxIdCheck::Valid);
        assert_eq!(check("B12345674"), TaxIdCheck::Valid);
        assert_eq!(check("B12345675"), TaxIdCheck::WrongControl);
        // P = public body (letter control): control 4 → D.
        assert_eq!(check("P1234567D"), TaxIdCheck::Valid);
        assert_eq!(
            check("P12345674"),
            TaxIdCheck::WrongControl,
            "a digit where a letter goes"
        );
    }

    #[test]
    fn generated_ids_pass_their_own_check() {
        for n in [0, 1, 1_234_567, 9_999_999] {
            assert_eq!(
                check(&company_cif(n)),
                TaxIdCheck::Valid,
                "{}",
                company_cif(n)
            );
            assert_eq!(
                check(&format!("{:08}{}", n, nif_letter(n))),
                TaxIdCheck::Valid
            );
        }
    }

    #[test]
    fn other_countries_ids_are_not_judged() {
        for id in [
            "20-12345678-3",
            "RFC ABCD800101XYZ",
            "1234",
            "",
            "FR12345678901",
        ] {
            assert_eq!(check(id), TaxIdCheck::NotSpanish, "{id}");
        }
    }
}
