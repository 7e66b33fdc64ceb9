//! Bytes of a text format (txt, JSON, CSV, HTML) to Unicode: byte-order marks, UTF-8, and the
//! legacy Vietnamese encodings when the bytes are not UTF-8; binary files are refused.

use unicode_normalization::UnicodeNormalization;

use super::legacy;

/// Text decoded from bytes, with a note when it was converted from a legacy encoding.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text, without byte-order mark.
    pub text: String,
    /// `converted from TCVN3 (ABC) ...` when it was not UTF-8.
    pub warning: Option<String>,
}

/// Decodes a text file's bytes. UTF-16 needs its byte-order mark; otherwise NUL bytes mean a
/// binary file. Bytes that are not UTF-8 go to [`legacy::decode`]; its reason is the error.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors {
                return Err(format!("invalid {}", encoding.name()));
            }
            return Ok(Decoded {
                text: text.into_owned(),
                warning: None,
            });
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("NUL byte at offset {at}: a binary file, not text"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_string(),
            warning: None,
        }),
        Err(utf8) => {
            let at = utf8.valid_up_to();
            let (text, enc) = legacy::decode(bytes)
                .map_err(|reason| format!("invalid UTF-8 at byte {at}; {reason}"))?;
            Ok(Decoded {
                text,
                warning: Some(format!(
                    "not UTF-8: converted from {} to Unicode",
                    enc.name()
                )),
            })
        }
    }
}

/// Decodes with a named charset (an HTML `<meta charset>`), composing Windows-1258 tones.
pub(crate) fn decode_with_label(bytes: &[u8], label: &str) -> Option<String> {
    let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors {
        return None;
    }
    Some(text.nfc().collect())
}

/// Drops control characters an extractor may leave (NUL, form feeds, stray escapes), keeping
/// line breaks and tabs; normalizes line ends to `\n` and composes to NFC (antiword gives
/// Windows-1258-style combining tones, `Ủ` as `U` + U+0309).
pub(crate) fn clean_controls(text: &str) -> String {
    let text = nfc(text);
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' | '\u{b}' | '\u{c}' => '\n',
            other => other,
        })
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// `text` in NFC, copied only when it is not already.
pub(crate) fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if unicode_normalization::is_nfc(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Composes a document's text, passages and fields to NFC, whatever reader made it.
pub(crate) fn compose(doc: &mut crate::document::RawDoc) {
    let fix = |s: &mut String| {
        if let std::borrow::Cow::Owned(n) = nfc(s) {
            *s = n;
        }
    };
    fix(&mut doc.text);
    for p in &mut doc.passages {
        fix(&mut p.text);
        fix(&mut p.path);
        p.heading.iter_mut().for_each(fix);
    }
    let f = &mut doc.fields;
    for slot in [
        &mut f.id,
        &mut f.number,
        &mut f.doc_type,
        &mut f.title,
        &mut f.issuer,
        &mut f.issued,
        &mut f.effective,
        &mut f.signer,
        &mut f.field,
    ] {
        slot.iter_mut().for_each(fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom() {
        let d = decode("\u{feff}Kế hoạch".as_bytes()).unwrap();
        assert_eq!(d.text, "Kế hoạch");
        assert!(d.warning.is_none());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Điều 1".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "Điều 1");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode(b"abc\0def").unwrap_err();
        assert!(err.contains("NUL byte at offset 3"), "{err}");
    }

    #[test]
    fn invalid_utf8_in_the_middle_is_reported_with_its_offset() {
        let mut bytes = "Ủy ban nhân dân tỉnh Lạng Sơn ".as_bytes().to_vec();
        let at = bytes.len();
        bytes.extend([0xC3, 0x28, 0xFF, 0xFE]);
        bytes.extend(" ban hành Kế hoạch".as_bytes());
        let err = decode(&bytes).unwrap_err();
        assert!(
            err.contains(&format!("invalid UTF-8 at byte {at}")),
            "{err}"
        );
    }

    #[test]
    fn nfd_is_composed() {
        assert_eq!(clean_controls("U\u{309}y ban"), "Ủy ban");
    }

    #[test]
    fn controls_are_dropped() {
        assert_eq!(clean_controls("a\u{0}b\r\nc\u{c}d\te"), "ab\nc\nd\te");
    }
}
