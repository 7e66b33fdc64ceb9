//! The issuing body a number's issuer code stands for (`NĐ-CP` → Chính phủ, `QĐ-TTg` → Thủ tướng
//! Chính phủ, `TT-BCA` → Bộ Công an), for citations that give a number without `của ...`.
//!
//! Only the codes of central bodies are listed: they are fixed by Nghị định 30/2020/NĐ-CP
//! (Phụ lục III) and its predecessors. A local code (`UBND`) does not say which province, and
//! `TW` does not say which Party body (Ban Bí thư, Bộ Chính trị), so those stay unknown.

/// The issuing body for one issuer code, or `None` when the code does not name one body.
pub fn issuer_for_code(code: &str) -> Option<&'static str> {
    let upper = code.trim().to_uppercase().replace('Ð', "Đ");
    // `QH14`, `UBTVQH13`: the legislature's term follows the code.
    let base = upper.trim_end_matches(|c: char| c.is_ascii_digit());
    Some(match base {
        "QH" => "Quốc hội",
        "UBTVQH" => "Ủy ban Thường vụ Quốc hội",
        "CTN" => "Chủ tịch nước",
        "CP" => "Chính phủ",
        "TTG" => "Thủ tướng Chính phủ",
        "VPCP" => "Văn phòng Chính phủ",
        "TTCP" => "Thanh tra Chính phủ",
        "BTP" => "Bộ Tư pháp",
        "BCA" => "Bộ Công an",
        "BQP" => "Bộ Quốc phòng",
        "BNG" => "Bộ Ngoại giao",
        "BNV" => "Bộ Nội vụ",
        "BTC" => "Bộ Tài chính",
        "BYT" => "Bộ Y tế",
        "BXD" => "Bộ Xây dựng",
        "BCT" => "Bộ Công Thương",
        "BGTVT" => "Bộ Giao thông vận tải",
        "BGDĐT" => "Bộ Giáo dục và Đào tạo",
        "BKHĐT" => "Bộ Kế hoạch và Đầu tư",
        "BKHCN" => "Bộ Khoa học và Công nghệ",
        "BTTTT" => "Bộ Thông tin và Truyền thông",
        "BTNMT" => "Bộ Tài nguyên và Môi trường",
        "BNNPTNT" => "Bộ Nông nghiệp và Phát triển nông thôn",
        "BNNMT" => "Bộ Nông nghiệp và Môi trường",
        "BLĐTBXH" => "Bộ Lao động - Thương binh và Xã hội",
        "BVHTTDL" => "Bộ Văn hóa, Thể thao và Du lịch",
        "BDTTG" => "Bộ Dân tộc và Tôn giáo",
        "UBDT" => "Ủy ban Dân tộc",
        "NHNN" => "Ngân hàng Nhà nước Việt Nam",
        "KTNN" => "Kiểm toán nhà nước",
        "TANDTC" => "Tòa án nhân dân tối cao",
        "VKSNDTC" => "Viện kiểm sát nhân dân tối cao",
        "HĐTP" => "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
        _ => return None,
    })
}

/// The issuing bodies of a joint number (`TTLT-BYT-BTC`), joined with `, `, when every code is
/// known; `None` when any is not (a partial list would be a wrong issuer).
pub fn issuer_for_codes(codes: &[String]) -> Option<String> {
    let names: Option<Vec<&str>> = codes.iter().map(|c| issuer_for_code(c)).collect();
    let names = names?;
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_codes() {
        assert_eq!(issuer_for_code("TTg"), Some("Thủ tướng Chính phủ"));
        assert_eq!(issuer_for_code("CP"), Some("Chính phủ"));
        assert_eq!(issuer_for_code("QH14"), Some("Quốc hội"));
        assert_eq!(
            issuer_for_code("UBTVQH12"),
            Some("Ủy ban Thường vụ Quốc hội")
        );
        assert_eq!(issuer_for_code("BGDĐT"), Some("Bộ Giáo dục và Đào tạo"));
    }

    #[test]
    fn local_and_party_codes_are_unknown() {
        assert_eq!(issuer_for_code("UBND"), None);
        assert_eq!(issuer_for_code("TW"), None);
        assert_eq!(issuer_for_codes(&["UBND".into(), "NC".into()]), None);
    }

    #[test]
    fn joint_numbers_name_every_body() {
        assert_eq!(
            issuer_for_codes(&["BYT".into(), "BTC".into()]),
            Some("Bộ Y tế, Bộ Tài chính".into())
        );
    }
}
