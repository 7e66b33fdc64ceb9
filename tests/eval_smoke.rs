//! `vanban eval` end to end on a tiny corpus built here: the JSON has exactly the promised shape,
//! every system has a row per variant, and the figures are those the tiny data dictates.

use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};

fn write(dir: &Path, name: &str, v: &Value) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec(v).unwrap()).unwrap();
    p
}

/// `vanban eval --json` on `corpus` and `questions` with `extra` flags: the JSON and the notes.
fn eval_json(corpus: &Path, questions: &Path, extra: &[&str]) -> (Value, String) {
    let out = Command::cargo_bin("vanban")
        .unwrap()
        .args(["eval", "--json", "--corpus"])
        .arg(corpus)
        .arg("--queries")
        .arg(questions)
        .args(extra)
        .output()
        .unwrap();
    let notes = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{notes}");
    (serde_json::from_slice(&out.stdout).unwrap(), notes)
}

#[test]
fn eval_json_shape_on_a_tiny_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let law = write(
        dir.path(),
        "law.json",
        &json!([
            {"id": "Luật Phòng, chống ma túy", "articles": [
                {"id": "32", "text": "Đối tượng bị áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc\n\nNgười nghiện ma túy từ đủ 18 tuổi trở lên bị áp dụng biện pháp xử lý hành chính đưa vào cơ sở cai nghiện bắt buộc."},
                {"id": "33", "text": "Cai nghiện ma túy tự nguyện tại gia đình, cộng đồng."}
            ]},
            {"id": "Luật Hôn nhân và gia đình", "articles": [
                {"id": "8", "text": "Điều kiện kết hôn\n\nNam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên."},
                {"id": "9", "text": "Đăng ký kết hôn\n\nViệc kết hôn phải được đăng ký và do cơ quan nhà nước có thẩm quyền thực hiện."}
            ]}
        ]),
    );
    let questions = write(
        dir.path(),
        "questions.json",
        &json!([
            {"question_id": "q1", "text": "Người nghiện ma túy bị đưa vào cơ sở cai nghiện bắt buộc khi nào?",
             "relevant_articles": [{"law_id": "Luật Phòng, chống ma túy", "article_id": "32"}]},
            {"question_id": "q2", "text": "Việc kết hôn phải được đăng ký ở đâu?",
             "relevant_articles": [{"law_id": "Luật Hôn nhân và gia đình", "article_id": "9"},
                                   {"law_id": "Luật Hôn nhân và gia đình", "article_id": "8"}]},
            {"question_id": "no-gold", "text": "Câu hỏi không có nhãn"}
        ]),
    );
    let (v, _) = eval_json(&law, &questions, &[]);
    let top: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(top, vec!["runs"]);
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 8);
    let keys = [
        "system",
        "variant",
        "queries",
        "recall@1",
        "recall@5",
        "recall@10",
        "mrr@10",
        "ndcg@10",
    ];
    for r in runs {
        let o = r.as_object().unwrap();
        let mut got: Vec<&str> = o.keys().map(String::as_str).collect();
        let mut want = keys.to_vec();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want);
        assert_eq!(r["queries"], 2);
        for k in &keys[3..] {
            let x = r[*k].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&x), "{k} = {x}");
        }
    }
    let pairs: Vec<(String, String)> = runs
        .iter()
        .map(|r| {
            (
                r["system"].as_str().unwrap().to_string(),
                r["variant"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for system in ["vanban", "plain-bm25"] {
        for variant in ["as-written", "no-accents", "tone-swapped", "nfd"] {
            assert!(pairs.contains(&(system.to_string(), variant.to_string())));
        }
    }
    // Four articles, every gold one among them: recall@5 as written is 1 for both systems.
    for r in runs.iter().filter(|r| r["variant"] == "as-written") {
        assert_eq!(r["recall@5"], 1.0, "{r}");
    }
}

/// A corpus of records in the engine's own format (no benchmark ids), questions naming laws by
/// lower-case number as Zalo 2021 does: `--law-key number` finds the gold articles, and
/// `--covered-only` leaves out the question whose law the corpus lacks.
#[test]
fn eval_by_number_on_records_scores_only_covered_questions() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        json!({"so_hieu": "47/2011/TT-BCA", "loai_van_ban": "Thông tư", "trich_yeu": "Quy định chi tiết thi hành Luật Cư trú",
               "noi_dung": "Điều 6. Đăng ký thường trú\nCông dân đăng ký thường trú tại công an xã.\nĐiều 7. Giấy phép lái xe\nNgười điều khiển xe phải mang theo giấy phép lái xe."}),
        json!({"so_hieu": "52/2014/QH13", "loai_van_ban": "Luật", "trich_yeu": "Luật Hôn nhân và gia đình",
               "noi_dung": "Điều 8. Điều kiện kết hôn\nNam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên.\nĐiều 9. Đăng ký kết hôn\nViệc kết hôn phải được đăng ký tại cơ quan nhà nước có thẩm quyền."}),
    ];
    let corpus = dir.path().join("records.jsonl");
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let questions = write(
        dir.path(),
        "questions.json",
        &json!([
            {"id": "a", "text": "Không mang giấy phép lái xe khi điều khiển xe?",
             "relevant_articles": [{"law_id": "47/2011/tt-bca", "article_id": "7"}]},
            {"id": "b", "text": "Nam bao nhiêu tuổi thì được kết hôn?",
             "relevant_articles": [{"law_id": "52/2014/qh13", "article_id": "8"}]},
            {"id": "c", "text": "Mức phạt vượt đèn đỏ là bao nhiêu?",
             "relevant_articles": [{"law_id": "100/2019/nđ-cp", "article_id": "5"}]}
        ]),
    );
    let run = |extra: &[&str]| {
        let (v, notes) = eval_json(&corpus, &questions, extra);
        let as_written = v["runs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["system"] == "vanban" && r["variant"] == "as-written")
            .cloned()
            .unwrap();
        (as_written, notes)
    };
    // By id, no gold article is found: the records' ids are not numbers.
    let (by_id, _) = run(&[]);
    assert_eq!(by_id["recall@10"], 0.0);
    // By number, the two covered questions find their article first; the third cannot.
    let (by_number, _) = run(&["--law-key", "number"]);
    assert_eq!(by_number["queries"], 3);
    assert!((by_number["recall@1"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let (covered, notes) = run(&["--law-key", "number", "--covered-only"]);
    assert_eq!(covered["queries"], 2);
    assert_eq!(covered["recall@1"], 1.0);
    assert!(notes.contains("1 more left out"), "{notes}");
    assert!(
        notes.contains("diacritics restored from the index"),
        "{notes}"
    );
}
