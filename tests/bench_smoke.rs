//! `vanban bench` on a tiny corpus built here: both systems index the same documents, the server
//! answers every replayed query, and `--scale` repeats the passages. No timing is asserted.

use std::time::Duration;

use serde_json::json;
use vanban::bench::{self, BenchOptions};

#[test]
fn bench_runs_end_to_end_on_a_tiny_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let law = dir.path().join("law.json");
    std::fs::write(
        &law,
        serde_json::to_vec(&json!([{"id": "Luật Hôn nhân và gia đình", "articles": [
            {"id": "8", "text": "Điều kiện kết hôn\n\nNam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên."},
            {"id": "9", "text": "Đăng ký kết hôn\n\nViệc kết hôn phải được đăng ký và do cơ quan nhà nước có thẩm quyền thực hiện."},
            {"id": "10", "text": "Người có quyền yêu cầu hủy việc kết hôn trái pháp luật."}
        ]}]))
        .unwrap(),
    )
    .unwrap();
    let queries = dir.path().join("q.txt");
    std::fs::write(
        &queries,
        "Điều kiện kết hôn là gì?\nĐăng ký kết hôn ở đâu?\nhuy viec ket hon trai phap luat\n",
    )
    .unwrap();
    let mut opts = BenchOptions {
        paths: vec![law],
        queries,
        duration: Duration::from_millis(300),
        clients: vec![1, 2],
        max_requests: 50,
        scale: None,
        index_runs: 3,
        keep_index: Some(dir.path().join("kept")),
    };
    let r = bench::run(&opts).unwrap();
    // The served index is kept and opens with its one document.
    let kept = vanban::index::VanbanIndex::open(&dir.path().join("kept")).unwrap();
    assert_eq!(kept.document_count().unwrap(), 1);
    assert_eq!(r.indexing.len(), 2);
    for f in &r.indexing {
        assert_eq!((f.documents, f.passages), (1, 3), "{}", f.system);
        assert!(f.index_bytes > 0);
        // CPU time is read from /proc on Linux, where the tests run.
        assert!(f.cpu_seconds.is_some_and(|c| c >= 0.0), "{}", f.system);
        // Three runs in turn; the one reported is their median.
        assert_eq!(f.run_seconds.len(), 3, "{}", f.system);
        let mut sorted = f.run_seconds.clone();
        sorted.sort_by(f64::total_cmp);
        assert_eq!(f.seconds, sorted[1], "{}", f.system);
    }
    // The engine's final merge is part of its time; the peer leaves one segment and merges none.
    let (engine, peer) = (&r.indexing[0], &r.indexing[1]);
    assert!(engine
        .merge_seconds
        .is_some_and(|m| m >= 0.0 && m <= engine.seconds));
    assert_eq!(peer.merge_seconds, None);
    assert!(r
        .table()
        .contains("vanban: the final merge into one segment took"));
    assert!(r.table().contains("CPU s"));
    assert!(r.table().contains("plain-tantivy runs, in turn: "));
    assert_eq!(r.load.len(), 2);
    for l in &r.load {
        assert_eq!(l.errors, 0);
        assert!(l.requests > 0 && l.requests <= 50);
        assert!(l.p50_ms <= l.p95_ms && l.p95_ms <= l.p99_ms);
    }
    assert!(r.table().contains("2 client(s)"));

    opts.scale = Some(10);
    opts.clients = vec![1];
    opts.index_runs = 1;
    // Kept where an index already is: refused, naming the folder.
    let e = bench::run(&opts).unwrap_err().to_string();
    assert!(e.contains("kept"), "{e}");
    opts.keep_index = Some(dir.path().join("kept-scaled"));
    let r = bench::run(&opts).unwrap();
    assert_eq!(r.copies, 4);
    let kept = vanban::index::VanbanIndex::open(&dir.path().join("kept-scaled")).unwrap();
    assert_eq!(kept.document_count().unwrap(), 4);
    assert_eq!(r.indexing[0].passages, 12);
    assert_eq!(r.indexing[1].passages, 12);
}
