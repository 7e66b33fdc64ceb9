//! Document types: one table of what each type is called, the codes that stand for it in a
//! number (`NĐ`), the written forms that mean it in a metadata field, the word that stands for it
//! on the line above a title (`NGHỊ ĐỊNH`), and the words that cite it in running text.
//!
//! Number parsing ([`crate::number`]), metadata and header reading and citations
//! ([`crate::extract`]) all read this table; adding a type is one entry here.
//!
//! Sources: Nghị định 30/2020/NĐ-CP, Phụ lục I (type words) and Phụ lục III (abbreviations of
//! document types), and Quy định 66-QĐ/TW of the Party for Party documents; plus the old series
//! seen in vbpl.vn (`TTLB`, `LCT`, `SL`).

/// A document type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum DocType {
    KeHoach,
    QuyetDinh,
    NghiDinh,
    ThongTu,
    ThongTuLienTich,
    ChiThi,
    KetLuan,
    NghiQuyet,
    NghiQuyetLienTich,
    Luat,
    PhapLenh,
    SacLenh,
    ThongBao,
    BaoCao,
    ToTrinh,
    HuongDan,
    CongVan,
    CongDien,
    GiayMoi,
    GiayGioiThieu,
    QuyDinh,
    QuyChe,
    ChuongTrinh,
    DeAn,
    PhuongAn,
    BienBan,
    HopDong,
    GiayPhep,
    VanBanHopNhat,
    HienPhap,
    Lenh,
    ThamLuan,
}

/// What is known of one type.
struct Spec {
    /// Its name (`Nghị định`): what documents and facets show.
    name: &'static str,
    /// Type codes in their standard spelling (`NĐ`); the first code of the table that folds to
    /// a spelling without `đ` wins, so the table's order counts.
    codes: &'static [&'static str],
    /// Written forms of a metadata field that mean it, folded, matched as a prefix
    /// (`nghi dinh` in `Nghị định của Chính phủ`). `Bộ luật` is a `Luật` (vbpl.vn files codes
    /// under Luật).
    forms: &'static [&'static str],
    /// Words standing alone on the line above a title (Phụ lục I).
    header: &'static [&'static str],
    /// Words citing it in running text (`Nghị định số ...`).
    cited: &'static [&'static str],
}

use DocType::*;

impl DocType {
    /// Every type, in table order.
    pub const ALL: [DocType; 32] = [
        KeHoach,
        QuyetDinh,
        NghiDinh,
        ThongTu,
        ThongTuLienTich,
        ChiThi,
        KetLuan,
        NghiQuyet,
        NghiQuyetLienTich,
        Luat,
        PhapLenh,
        SacLenh,
        ThongBao,
        BaoCao,
        ToTrinh,
        HuongDan,
        CongVan,
        CongDien,
        GiayMoi,
        GiayGioiThieu,
        QuyDinh,
        QuyChe,
        ChuongTrinh,
        DeAn,
        PhuongAn,
        BienBan,
        HopDong,
        GiayPhep,
        VanBanHopNhat,
        HienPhap,
        Lenh,
        ThamLuan,
    ];

    fn spec(self) -> Spec {
        let s = |name, codes, forms, header, cited| Spec {
            name,
            codes,
            forms,
            header,
            cited,
        };
        match self {
            KeHoach => s(
                "Kế hoạch",
                &["KH"],
                &["ke hoach"],
                &["KẾ HOẠCH"],
                &["Kế hoạch"],
            ),
            QuyetDinh => s(
                "Quyết định",
                &["QĐ"],
                &["quyet dinh"],
                &["QUYẾT ĐỊNH"],
                &["Quyết định"],
            ),
            NghiDinh => s(
                "Nghị định",
                &["NĐ"],
                &["nghi dinh"],
                &["NGHỊ ĐỊNH"],
                &["Nghị định"],
            ),
            ThongTu => s(
                "Thông tư",
                &["TT"],
                &["thong tu"],
                &["THÔNG TƯ"],
                &["Thông tư"],
            ),
            ThongTuLienTich => s(
                "Thông tư liên tịch",
                &["TTLT", "TTLB"],
                &["thong tu lien tich", "thong tu lien bo"],
                &["THÔNG TƯ LIÊN TỊCH"],
                &["Thông tư liên tịch"],
            ),
            ChiThi => s("Chỉ thị", &["CT"], &["chi thi"], &["CHỈ THỊ"], &["Chỉ thị"]),
            KetLuan => s(
                "Kết luận",
                &["KL"],
                &["ket luan"],
                &["KẾT LUẬN"],
                &["Kết luận"],
            ),
            NghiQuyet => s(
                "Nghị quyết",
                &["NQ"],
                &["nghi quyet"],
                &["NGHỊ QUYẾT"],
                &["Nghị quyết"],
            ),
            NghiQuyetLienTich => s(
                "Nghị quyết liên tịch",
                &["NQLT"],
                &["nghi quyet lien tich"],
                &["NGHỊ QUYẾT LIÊN TỊCH"],
                &["Nghị quyết liên tịch"],
            ),
            Luat => s(
                "Luật",
                &["QH", "L", "LCT"],
                &["bo luat", "luat"],
                &["LUẬT", "BỘ LUẬT"],
                &["Bộ luật", "Luật"],
            ),
            PhapLenh => s(
                "Pháp lệnh",
                &["PL"],
                &["phap lenh"],
                &["PHÁP LỆNH"],
                &["Pháp lệnh"],
            ),
            SacLenh => s("Sắc lệnh", &["SL"], &["sac lenh"], &[], &["Sắc lệnh"]),
            ThongBao => s(
                "Thông báo",
                &["TB"],
                &["thong bao"],
                &["THÔNG BÁO"],
                &["Thông báo"],
            ),
            BaoCao => s("Báo cáo", &["BC"], &["bao cao"], &["BÁO CÁO"], &["Báo cáo"]),
            ToTrinh => s(
                "Tờ trình",
                &["TTr"],
                &["to trinh"],
                &["TỜ TRÌNH"],
                &["Tờ trình"],
            ),
            HuongDan => s(
                "Hướng dẫn",
                &["HD"],
                &["huong dan"],
                &["HƯỚNG DẪN"],
                &["Hướng dẫn"],
            ),
            CongVan => s(
                "Công văn",
                &["CV"],
                &["cong van"],
                &["CÔNG VĂN"],
                &["Công văn"],
            ),
            CongDien => s("Công điện", &["CĐ"], &["cong dien"], &["CÔNG ĐIỆN"], &[]),
            GiayMoi => s("Giấy mời", &["GM"], &["giay moi"], &["GIẤY MỜI"], &[]),
            GiayGioiThieu => s("Giấy giới thiệu", &["GGT"], &[], &[], &[]),
            QuyDinh => s(
                "Quy định",
                &["QĐi"],
                &["quy dinh"],
                &["QUY ĐỊNH"],
                &["Quy định"],
            ),
            QuyChe => s("Quy chế", &["QC"], &["quy che"], &["QUY CHẾ"], &["Quy chế"]),
            ChuongTrinh => s(
                "Chương trình",
                &["CTr"],
                &["chuong trinh"],
                &["CHƯƠNG TRÌNH"],
                &["Chương trình"],
            ),
            DeAn => s("Đề án", &["ĐA"], &["de an"], &["ĐỀ ÁN"], &["Đề án"]),
            PhuongAn => s(
                "Phương án",
                &["PA"],
                &["phuong an"],
                &["PHƯƠNG ÁN"],
                &["Phương án"],
            ),
            BienBan => s("Biên bản", &["BB"], &["bien ban"], &["BIÊN BẢN"], &[]),
            HopDong => s("Hợp đồng", &["HĐ"], &[], &[], &[]),
            GiayPhep => s("Giấy phép", &["GP"], &[], &[], &[]),
            VanBanHopNhat => s(
                "Văn bản hợp nhất",
                &["VBHN"],
                &["van ban hop nhat"],
                &[],
                &["Văn bản hợp nhất"],
            ),
            HienPhap => s("Hiến pháp", &[], &["hien phap"], &["HIẾN PHÁP"], &[]),
            Lenh => s("Lệnh", &[], &["lenh"], &["LỆNH"], &["Lệnh"]),
            ThamLuan => s("Tham luận", &[], &["tham luan"], &["THAM LUẬN"], &[]),
        }
    }

    /// Its name (`Nghị định`).
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// Its type codes in their standard spelling.
    pub fn codes(self) -> &'static [&'static str] {
        self.spec().codes
    }

    /// Every (type code, type name), in table order.
    pub fn all_codes() -> impl Iterator<Item = (&'static str, &'static str)> {
        Self::ALL
            .into_iter()
            .flat_map(|t| t.codes().iter().map(move |c| (*c, t.name())))
    }

    /// Every (folded written form, type name), longest form first, so that a form that begins
    /// another (`nghi quyet`, `nghi quyet lien tich`) is tried after it.
    pub fn written_forms() -> Vec<(&'static str, &'static str)> {
        let mut forms: Vec<(&'static str, &'static str)> = Self::ALL
            .into_iter()
            .flat_map(|t| t.spec().forms.iter().map(move |f| (*f, t.name())))
            .collect();
        forms.sort_by_key(|(f, _)| std::cmp::Reverse(f.chars().count()));
        forms
    }

    /// Every word standing for a type on the line above a title.
    pub fn header_words() -> impl Iterator<Item = &'static str> {
        Self::ALL
            .into_iter()
            .flat_map(|t| t.spec().header.iter().copied())
    }

    /// Every word citing a document by its type, with the words that cite a document of no type
    /// of the table (`Văn bản`, `Thông tri`), longest first so that `Thông tư liên tịch` wins
    /// over `Thông tư`.
    pub fn cited_words() -> Vec<&'static str> {
        let mut words: Vec<&'static str> = Self::ALL
            .into_iter()
            .flat_map(|t| t.spec().cited.iter().copied())
            .chain(CITED_WITHOUT_TYPE.iter().copied())
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        words
    }
}

/// Words citing a document without naming a type of the table.
const CITED_WITHOUT_TYPE: &[&str] = &["Văn bản", "Thông tri"];

impl std::fmt::Display for DocType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_listed_once_and_codes_are_unique() {
        let mut names: Vec<&str> = DocType::ALL.iter().map(|t| t.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), DocType::ALL.len());
        let mut codes: Vec<&str> = DocType::all_codes().map(|(c, _)| c).collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }

    #[test]
    fn a_form_that_begins_another_comes_after_it() {
        let forms = DocType::written_forms();
        for (i, (a, _)) in forms.iter().enumerate() {
            for (b, _) in &forms[i + 1..] {
                assert!(!b.starts_with(&format!("{a} ")), "{a} before {b}");
            }
        }
        let words = DocType::cited_words();
        let at = |w: &str| words.iter().position(|x| *x == w).unwrap();
        assert!(at("Thông tư liên tịch") < at("Thông tư"));
        assert!(at("Văn bản hợp nhất") < at("Văn bản"));
    }
}
