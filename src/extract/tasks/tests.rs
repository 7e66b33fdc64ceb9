//! Unit tests of task extraction: the seed, the CCHC plan, each table shape and assignment form.

use super::roles::agency_heading;
use super::*;
use crate::document::Period;
use proptest::prelude::*;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/seed/176-KH-UBND-2020-lang-son.txt"
);
const PROVINCIAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/provincial/provincial.dev.jsonl"
);

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Splits a plan by its roman section headings (`II. NHIỆM VỤ`) and, inside each, by its
/// numbered items (`1. ...`): paths `II` and `II > 1`, as the structure extractor makes them.
fn outline_of(text: &str, nested: bool) -> Vec<Passage> {
    let roman = Regex::new(r"(?m)^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+(.+)$").unwrap();
    let item = Regex::new(r"(?m)^([0-9]{1,2})\.\s+(.+)$").unwrap();
    let heads: Vec<_> = roman.captures_iter(text).collect();
    let mut out = Vec::new();
    for (k, h) in heads.iter().enumerate() {
        let start = h.get(0).unwrap().start();
        let end = heads
            .get(k + 1)
            .map_or(text.len(), |n| n.get(0).unwrap().start());
        let sec = &text[start..end];
        out.push(Passage {
            path: h[1].to_string(),
            heading: Some(h[2].trim().to_string()),
            text: sec.to_string(),
        });
        if nested {
            let items: Vec<_> = item.captures_iter(sec).collect();
            for (i, it) in items.iter().enumerate() {
                let s = it.get(0).unwrap().start();
                let e = items
                    .get(i + 1)
                    .map_or(sec.len(), |n| n.get(0).unwrap().start());
                out.push(Passage {
                    path: format!("{} > {}", &h[1], &it[1]),
                    heading: Some(it[2].trim().to_string()),
                    text: sec[s..e].to_string(),
                });
            }
        }
    }
    out
}

fn seed() -> Option<String> {
    let t = std::fs::read_to_string(SEED).ok();
    if t.is_none() {
        eprintln!("note: {SEED} missing, skipped");
    }
    t
}

fn check_seed_tasks(tasks: &[Task]) {
    let paths: Vec<&str> = tasks.iter().map(|t| t.path.as_str()).collect();
    assert_eq!(
        paths,
        vec!["II > 1", "II > 2", "II > 3", "II > 4"],
        "{tasks:#?}"
    );
    let t1 = &tasks[0];
    assert_eq!(
        t1.deadline_text.as_deref(),
        Some("Hoàn thành trong Quý IV năm 2020")
    );
    assert_eq!(
        t1.period,
        Some(Period::Range {
            from: Some(ymd(2020, 10, 1)),
            to: ymd(2020, 12, 31)
        })
    );
    assert!(t1.text.starts_with("1. Nâng cao nhận thức"));
    assert!(!t1.text.contains("Thời gian thực hiện"));
    assert!(
        t1.lead.iter().any(|a| a.contains("các sở, ban, ngành")),
        "{:?}",
        t1.lead
    );
    assert_eq!(tasks[1].period, Some(Period::Yearly));
    assert_eq!(tasks[2].period, Some(Period::Yearly));
    assert!(
        tasks[1].lead.iter().any(|a| a == "Sở Giáo dục và Đào tạo"),
        "{:?}",
        tasks[1].lead
    );
    assert!(
        tasks[2].lead.iter().any(|a| a == "Sở Tư pháp"),
        "{:?}",
        tasks[2].lead
    );
    assert!(
        tasks[3].lead.iter().any(|a| a.contains("UBND tỉnh")),
        "{:?}",
        tasks[3].lead
    );
}

#[test]
fn seed_tasks_from_nested_outline() {
    let Some(text) = seed() else { return };
    check_seed_tasks(&extract_tasks(
        &outline_of(&text, true),
        Some(ymd(2020, 10, 27)),
    ));
}

#[test]
fn seed_tasks_from_sections_only() {
    let Some(text) = seed() else { return };
    let tasks = extract_tasks(&outline_of(&text, false), Some(ymd(2020, 10, 27)));
    check_seed_tasks(&tasks);
    assert_eq!(tasks[0].heading.as_deref(), Some("1. Nâng cao nhận thức, phát huy vai trò, trách nhiệm của hệ thống chính trị trong triển khai công tác PBGDPL."));
}

#[test]
fn year_from_the_document_and_role_lines() {
    let p = Passage {
        path: "II > 2".into(),
        heading: None,
        text: "2. Tổ chức hội nghị quán triệt.\n- Cơ quan chủ trì: Sở Tư pháp.\n- Cơ quan phối hợp: Sở Nội vụ; UBND các huyện, thành phố.\n- Thời gian thực hiện: Quý IV.".into(),
    };
    let t = extract_tasks(&[p], Some(ymd(2020, 10, 27)));
    assert_eq!(t.len(), 1);
    assert_eq!(
        t[0].period,
        Some(Period::Range {
            from: Some(ymd(2020, 10, 1)),
            to: ymd(2020, 12, 31)
        })
    );
    assert_eq!(t[0].lead, vec!["Sở Tư pháp"]);
    assert_eq!(t[0].support, vec!["Sở Nội vụ", "UBND các huyện, thành phố"]);
}

#[test]
fn chu_tri_and_phoi_hop_in_a_sentence() {
    let p = Passage {
        path: "III > 1".into(),
        heading: None,
        text: "Sở Tư pháp chủ trì, phối hợp với các sở, ban, ngành hướng dẫn triển khai, hoàn thành trước ngày 15/12/2020.".into(),
    };
    let t = extract_tasks(&[p], None);
    assert_eq!(t.len(), 1);
    // `trước ngày X`: due on X.
    assert_eq!(
        t[0].period,
        Some(Period::Range {
            from: Some(ymd(2020, 12, 15)),
            to: ymd(2020, 12, 15)
        })
    );
    assert_eq!(t[0].lead, vec!["Sở Tư pháp"]);
    assert_eq!(t[0].support, vec!["các sở, ban, ngành"]);
}

fn provincial_plan() -> Option<String> {
    let Ok(all) = std::fs::read_to_string(PROVINCIAL) else {
        eprintln!("note: {PROVINCIAL} missing, skipped");
        return None;
    };
    all.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| {
            v["file"]
                .as_str()
                .is_some_and(|f| f.contains("Ke_hoach_CCHC_giai_doan_2026_2030"))
        })
        .and_then(|v| v["text"].as_str().map(str::to_string))
}

#[test]
fn provincial_plan_tasks_with_periods() {
    let Some(text) = provincial_plan() else {
        return;
    };
    // Sections I–III, and the appendix table as one passage.
    let (main, annex) = text.split_at(text.find("PHỤ LỤC").unwrap());
    let mut outline = outline_of(main, true);
    outline.push(Passage {
        path: "Phụ lục".into(),
        heading: None,
        text: annex.to_string(),
    });
    let tasks = extract_tasks(&outline, None);
    let table: Vec<&Task> = tasks
        .iter()
        .filter(|t| t.path.starts_with("Phụ lục >"))
        .collect();
    let with_period = |ts: &[&Task]| ts.iter().filter(|t| t.period.is_some()).count();
    assert!(table.len() >= 50, "table rows: {}", table.len());
    assert!(
        with_period(&table) * 100 >= table.len() * 60,
        "{} of {}",
        with_period(&table),
        table.len()
    );
    let year_2026 = Period::Range {
        from: Some(ymd(2026, 1, 1)),
        to: ymd(2026, 12, 31),
    };
    assert!(
        table
            .iter()
            .filter(|t| t.period.as_ref() == Some(&year_2026))
            .count()
            >= 3
    );
    assert!(table.iter().any(|t| t.period
        == Some(Period::Range {
            from: Some(ymd(2026, 1, 1)),
            to: ymd(2026, 3, 31)
        })));
    assert!(
        table
            .iter()
            .filter(|t| t.period == Some(Period::Yearly))
            .count()
            >= 5
    );
    // Agencies of public bodies from the table's columns.
    assert!(table
        .iter()
        .any(|t| t.lead == vec!["Công an tỉnh"] && t.support == vec!["Sở Khoa học và Công nghệ"]));
    assert!(
        table
            .iter()
            .filter(|t| t.lead.iter().any(|a| a == "Sở Nội vụ"))
            .count()
            >= 3
    );
    // Inline deadlines in the body: `chậm nhất là ngày 15/4/2026`, `trong quý I năm 2026`.
    let body: Vec<&Task> = tasks
        .iter()
        .filter(|t| !t.path.starts_with("Phụ lục"))
        .collect();
    assert!(
        body.iter().any(|t| t.period
            == Some(Period::Range {
                from: Some(ymd(2026, 4, 15)),
                to: ymd(2026, 4, 15)
            })),
        "{body:#?}"
    );
    assert!(body.iter().any(|t| t.period
        == Some(Period::Range {
            from: Some(ymd(2026, 1, 1)),
            to: ymd(2026, 3, 31)
        })));
}

fn passage(path: &str, text: &str) -> Passage {
    Passage {
        path: path.into(),
        heading: None,
        text: text.into(),
    }
}

#[test]
fn table_columns_by_meaning_in_any_order_with_section_rows() {
    // Header in another order and wording; a section row; a row without a deadline; a
    // monitor and a product column; a header repeated on the next page.
    let text = "PHỤ LỤC\nTT\tĐơn vị thực hiện\tNội dung công việc\tThời hạn\tCơ quan phối hợp\tKết quả\tKiểm tra, đôn đốc\n\
                I\tThể chế\n\
                1\tSở Tư pháp\tRà soát văn bản\tTrước ngày 30/6/2026\tCác sở, ban, ngành\tBáo cáo\tVăn phòng UBND tỉnh\n\
                TT\tĐơn vị thực hiện\tNội dung công việc\tThời hạn\tCơ quan phối hợp\tKết quả\tKiểm tra, đôn đốc\n\
                II\tBộ máy\n\
                01\tSở Nội vụ\tSắp xếp đơn vị\t\tUBND các xã, phường\t\tSở Nội vụ";
    let t = extract_tasks(&[passage("Phụ lục", text)], Some(ymd(2026, 3, 1)));
    assert_eq!(t.len(), 2, "{t:#?}");
    assert_eq!(t[0].path, "Phụ lục > I > 1");
    assert_eq!(t[0].text, "Rà soát văn bản");
    assert_eq!(t[0].lead, vec!["Sở Tư pháp"]);
    assert_eq!(t[0].support, vec!["các sở, ban, ngành"]);
    assert_eq!(t[0].monitor, vec!["Văn phòng UBND tỉnh"]);
    assert_eq!(t[0].product.as_deref(), Some("Báo cáo"));
    assert_eq!(
        t[0].period,
        Some(Period::Range {
            from: Some(ymd(2026, 6, 30)),
            to: ymd(2026, 6, 30)
        })
    );
    // No deadline: a task with no period.
    assert_eq!(t[1].path, "Phụ lục > II > 1");
    assert_eq!(t[1].lead, vec!["Sở Nội vụ"]);
    assert_eq!(t[1].period, None);
}

#[test]
fn a_lead_named_once_for_a_block_leads_every_item() {
    let text = "5. Về chính quyền số\nGiao Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan, đơn vị liên quan:\n\
                a) Theo dõi việc sử dụng chữ ký số.\nb) Xây dựng dữ liệu dùng chung; hoàn thành trong tháng 02/2026.";
    let t = extract_tasks(&[passage("II > 5", text)], Some(ymd(2026, 1, 22)));
    assert_eq!(t.len(), 2, "{t:#?}");
    for task in &t {
        assert_eq!(task.lead, vec!["Sở Khoa học và Công nghệ"]);
        assert_eq!(task.support, vec!["các cơ quan, đơn vị liên quan"]);
    }
    assert_eq!(t[0].path, "II > 5 > a");
    assert_eq!(t[0].period, None);
    assert_eq!(
        t[1].period,
        Some(Period::Range {
            from: Some(ymd(2026, 2, 1)),
            to: ymd(2026, 2, 28)
        })
    );
    // A heading naming the lead, over numbered items that are passages of their own.
    let outline = [
        passage("III", "III. TỔ CHỨC THỰC HIỆN\nGiao Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị liên quan:"),
        passage("III > 1", "1. Theo dõi, đôn đốc việc thực hiện."),
        passage("III > 2", "2. Công khai kết quả chậm nhất vào ngày 05 hằng tháng."),
        passage("IV", "IV. KINH PHÍ\nKinh phí do ngân sách bảo đảm."),
    ];
    let t = extract_tasks(&outline, None);
    assert_eq!(t.len(), 2, "{t:#?}");
    assert!(t.iter().all(|x| x.lead == vec!["Sở Nội vụ"]));
    assert_eq!(t[1].period, Some(Period::Monthly));
    // An agency heading over its items; the `Kính gửi` list assigns nothing.
    let outline = [
        passage("Mở đầu", "Kính gửi:\n- Công an tỉnh;\n- Sở Y tế."),
        passage("2", "2. Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh)\na) Công bố danh mục thủ tục; thời gian hoàn thành trước ngày 30/11/2025.\nb) Thường xuyên theo dõi hệ thống."),
    ];
    let t = extract_tasks(&outline, None);
    assert_eq!(t.len(), 2, "{t:#?}");
    assert!(t.iter().all(|x| x.lead == vec!["Văn phòng UBND tỉnh"]));
    assert_eq!(t[1].period, Some(Period::Ongoing));
}

#[test]
fn a_heading_that_assigns_leads_its_items_and_the_passages_below() {
    let outline = [
        passage("III", "III. Giao Sở Nội vụ chủ trì thực hiện\na) Tổng hợp kết quả.\nb) Báo cáo Ủy ban nhân dân tỉnh."),
        passage("III > 1", "1. Theo dõi việc thực hiện."),
        passage("IV", "IV. Giao Sở Y tế rà soát các cơ sở, hoàn thành trước ngày 05/11/2025."),
    ];
    let t = extract_tasks(&outline, None);
    assert_eq!(t.len(), 4, "{t:#?}");
    assert!(t[..3].iter().all(|x| x.lead == vec!["Sở Nội vụ"]), "{t:#?}");
    // A heading with its own deadline is a task itself.
    assert_eq!(t[3].lead, vec!["Sở Y tế"]);
    assert!(t[3].period.is_some());
}

#[test]
fn who_assigns_is_not_who_acts() {
    let p = passage("Mở đầu", "Ủy ban nhân dân tỉnh nhận được Công văn số 1/BTC.\nChủ tịch Ủy ban nhân dân tỉnh giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với Sở Tài chính xây dựng báo cáo.");
    let t = extract_tasks(&[p], None);
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].lead, vec!["Sở Tài nguyên và Môi trường"]);
    assert_eq!(t[0].support, vec!["Sở Tài chính"]);
}

#[test]
fn a_reports_results_are_not_tasks_but_its_next_steps_are() {
    let outline = [
        passage("II", "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC"),
        passage("II > 1", "1. Cải cách thể chế\nSở Tư pháp thực hiện thẩm định 11 văn bản QPPL, góp ý 12 dự thảo văn bản QPPL."),
        passage("II > 2", "2. Các sở, ngành, địa phương trên địa bàn tỉnh ban hành các kế hoạch và triển khai các mô hình."),
        passage("IV", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CCHC QUÝ II NĂM 2026"),
        passage("IV > 1", "1. Sở Nội vụ tham mưu tổ chức kiểm tra công tác cải cách hành chính, hoàn thành trước ngày 30/6/2026."),
    ];
    let t = extract_tasks_of(&outline, None, Some("Báo cáo"));
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].path, "IV > 1");
    assert_eq!(t[0].lead, vec!["Sở Nội vụ"]);
    // The same text in a plan: the results section is read as it was before.
    assert!(extract_tasks_of(&outline, None, Some("Kế hoạch")).len() > 1);
}

#[test]
fn submissions_closings_counts_and_contacts_assign_nothing() {
    for text in [
        "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định.",
        "Công an tỉnh kính báo cáo Lãnh đạo UBND tỉnh chỉ đạo thẩm định.",
        "Ủy ban nhân dân tỉnh thông báo để Hiệp hội Nước mắm Phan Thiết biết./.",
        "Văn phòng UBND tỉnh gửi Sở Nội vụ tổng hợp./.",
        "Sở Tư pháp thực hiện thẩm định 268 dự thảo văn bản QPPL.",
        "Kính gửi:\n- Bộ Tư pháp;\n- UBND các tỉnh, thành phố trực thuộc Trung ương.",
    ] {
        let t = extract_tasks(&[passage("Mở đầu", text)], None);
        assert!(t.is_empty(), "{text}: {t:#?}");
    }
    // Contacts under a lead named once, and a recipient list item.
    let text = "Giao Văn phòng UBND tỉnh cử công chức tham gia Đoàn kiểm tra:\n- Ông Nguyễn Văn A - Phó Chánh Văn phòng.\n- Điện thoại: 0903 000 000.\n- Công an tỉnh;";
    let t = extract_tasks(&[passage("Mở đầu", text)], None);
    assert!(t.is_empty(), "{t:#?}");
    // An assignment that reports a count is still one (`giao` wins).
    let t = extract_tasks(
        &[passage(
            "Mở đầu",
            "Giao Sở Tư pháp thẩm định 11 văn bản trước ngày 15/4/2026.",
        )],
        None,
    );
    assert_eq!(t.len(), 1);
}

#[test]
fn agency_headings_keep_whole_names_and_drop_a_trailing_where() {
    assert_eq!(
        agency_heading("UBND các tỉnh, thành phố trực thuộc Trung ương."),
        Some(vec!["UBND các tỉnh, thành phố".to_string()])
    );
    let whole = agency_heading("Các đơn vị trực thuộc Trung ương đóng trên địa bàn tỉnh");
    assert!(
        whole
            .as_ref()
            .is_none_or(|l| l.iter().any(|a| a.ends_with("đóng trên địa bàn tỉnh"))),
        "{whole:?}"
    );
}

#[test]
fn plan_span_from_a_draft_date_line_and_the_title() {
    let body = "ỦY BAN NHÂN DÂN\nSố:   /KH-UBND\tLâm Đồng, ngày       tháng 3 năm 2026\nKẾ HOẠCH";
    let title = "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng";
    assert_eq!(
        plan_span(body, Some(title), None),
        (Some(ymd(2026, 3, 1)), Some(ymd(2030, 12, 31)))
    );
    let issued = Some(ymd(2020, 10, 27));
    assert_eq!(plan_span(body, None, issued), (issued, None));
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,300}", y in proptest::option::of(1990i32..2100)) {
        let p = Passage { path: "I".into(), heading: None, text: s };
        let _ = extract_tasks(&[p], y.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)));
    }

    #[test]
    fn never_panics_on_plan_like_text(s in "(Thời gian thực hiện: |Quý IV|\n|1\\. |giao |Sở Tư pháp|phối hợp với |chủ trì|\t|trước ngày 15/12|Cơ quan chủ trì: |STT\tNhiệm vụ\tThời gian\tChủ trì|I\t|2\t){0,25}") {
        let p = Passage { path: "II".into(), heading: None, text: s };
        let _ = extract_tasks(&[p.clone(), p], None);
    }
}

#[test]
fn quotations_wrapped_lines_and_an_invitations_host_assign_nothing() {
    // Quoted law and a quoted letter (a Tờ trình's account of what it received).
    let text = "a) Khoản 3 Điều 15 Nghị định số 126/2024/NĐ-CP quy định: “Chủ tịch\nỦy ban nhân dân cấp tỉnh có thẩm quyền công nhận ban vận động thành lập\nhội; cho phép thành lập, giải thể hội”.\n(2) Hội Làm vườn có Văn bản số 01/HLV báo cáo: “nhận thấy không có khả năng tổ chức đại hội. Vậy\nHội làm vườn tỉnh Bình Thuận làm công văn này báo cáo và đề nghị Ủy ban\nnhân dân tỉnh xử lý”.\nGiao Sở Nội vụ theo dõi việc thực hiện các nội dung trên.";
    let t = extract_tasks(&[passage("2", text)], None);
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].lead, vec!["Sở Nội vụ"]);
    // A line wrapped mid-sentence is not a paragraph of its own.
    let text = "Ngày 21/10/2024, Sở Nội vụ có Công văn số 2903/SNV-TCCC đề nghị\ncác sở: Thông tin và Truyền thông, Xây dựng có ý kiến về dự thảo văn bản trên.";
    let t = extract_tasks(&[passage("2", text)], None);
    assert!(t.is_empty(), "{t:#?}");
    // An invitation: the committee hosts and chairs; the preparation is the task.
    let outline = [
        passage("Mở đầu", "Ủy ban nhân dân tỉnh tổ chức Họp đánh giá công tác cải cách hành chính năm 2025."),
        passage("3", "3. Nội dung: Họp đánh giá kết quả do Đồng chí Nguyễn Văn A - Phó Chủ tịch\nUBND tỉnh chủ trì."),
        passage("6", "6. Phân công chuẩn bị:\n- Giao Sở Nội vụ chuẩn bị nội dung để báo cáo tại cuộc họp."),
    ];
    let t = extract_tasks_of(&outline, None, Some("Giấy mời"));
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].lead, vec!["Sở Nội vụ"]);
    // The same paragraphs in a plan are read as before.
    assert!(extract_tasks_of(&outline, None, Some("Kế hoạch")).len() > 1);
}

#[test]
fn phoi_voi_is_a_typo_of_phoi_hop_voi() {
    let p = passage("Mở đầu", "Chủ tịch Ủy ban nhân dân tỉnh giao Sở Khoa học và Công nghệ chủ trì, phối với Công an tỉnh, các sở, ngành, đơn vị có liên quan triển khai thực hiện.");
    let t = extract_tasks(&[p], None);
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].lead, vec!["Sở Khoa học và Công nghệ"]);
    assert_eq!(
        t[0].support,
        vec!["Công an tỉnh", "các sở, ngành, đơn vị có liên quan"]
    );
}
