//! Retrieval metrics at article level with binary relevance: Recall@1/5/10, MRR@10, nDCG@10.
//! The definitions are those of the reference script (`shared/eval/reference/plain_bm25.py`), so
//! that figures compare: Recall@k is the share of a question's gold articles found in the top k,
//! MRR@10 the reciprocal rank of the first gold article in the top 10 (0 when none), nDCG@10 the
//! DCG of the top 10 over the DCG of the ideal ranking of min(gold, 10) articles.

use std::collections::HashSet;
use std::hash::Hash;

use serde::Serialize;

/// Depth of MRR and nDCG.
pub const DEPTH: usize = 10;

/// The metrics of one question, or their mean over many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Share of gold articles in the top 1.
    #[serde(rename = "recall@1")]
    pub recall_1: f64,
    /// Share of gold articles in the top 5.
    #[serde(rename = "recall@5")]
    pub recall_5: f64,
    /// Share of gold articles in the top 10.
    #[serde(rename = "recall@10")]
    pub recall_10: f64,
    /// Reciprocal rank of the first gold article within the top 10.
    #[serde(rename = "mrr@10")]
    pub mrr_10: f64,
    /// Normalized discounted cumulative gain at 10.
    #[serde(rename = "ndcg@10")]
    pub ndcg_10: f64,
}

/// Scores one ranking against its gold set. A key ranked twice counts once, at its first rank
/// (a ranking of passages may name one article twice). An empty gold set scores 0 everywhere.
pub fn score<K: Eq + Hash>(ranked: &[K], gold: &HashSet<K>) -> Metrics {
    if gold.is_empty() {
        return Metrics::default();
    }
    let mut seen: HashSet<&K> = HashSet::new();
    let distinct: Vec<&K> = ranked.iter().filter(|k| seen.insert(*k)).collect();
    let found_in = |k: usize| {
        distinct
            .iter()
            .take(k)
            .filter(|r| gold.contains(**r))
            .count()
    };
    let n_gold = gold.len() as f64;
    let mrr_10 = distinct
        .iter()
        .take(DEPTH)
        .position(|r| gold.contains(*r))
        .map_or(0.0, |i| 1.0 / (i as f64 + 1.0));
    let gain = |i: usize| 1.0 / (i as f64 + 2.0).log2();
    let dcg: f64 = distinct
        .iter()
        .take(DEPTH)
        .enumerate()
        .filter(|(_, r)| gold.contains(**r))
        .map(|(i, _)| gain(i))
        // fold from +0.0: an empty f64 `sum` is -0.0, which prints as `-0.0000`.
        .fold(0.0, |a, b| a + b);
    let ideal: f64 = (0..gold.len().min(DEPTH)).map(gain).fold(0.0, |a, b| a + b);
    Metrics {
        recall_1: found_in(1) as f64 / n_gold,
        recall_5: found_in(5) as f64 / n_gold,
        recall_10: found_in(10) as f64 / n_gold,
        mrr_10,
        ndcg_10: dcg / ideal,
    }
}

/// The mean of per-question metrics; all zero for none.
pub fn mean(all: &[Metrics]) -> Metrics {
    if all.is_empty() {
        return Metrics::default();
    }
    let n = all.len() as f64;
    let sum = |f: fn(&Metrics) -> f64| all.iter().map(f).fold(0.0, |a, b| a + b) / n;
    Metrics {
        recall_1: sum(|m| m.recall_1),
        recall_5: sum(|m| m.recall_5),
        recall_10: sum(|m| m.recall_10),
        mrr_10: sum(|m| m.mrr_10),
        ndcg_10: sum(|m| m.ndcg_10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(keys: &[&'static str]) -> HashSet<&'static str> {
        keys.iter().copied().collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn one_gold_article_at_rank_3() {
        let m = score(&["a", "b", "g", "c"], &gold(&["g"]));
        assert_eq!((m.recall_1, m.recall_5, m.recall_10), (0.0, 1.0, 1.0));
        assert!(close(m.mrr_10, 1.0 / 3.0));
        // DCG = 1/log2(4) = 0.5; ideal = 1/log2(2) = 1.
        assert!(close(m.ndcg_10, 0.5));
    }

    #[test]
    fn one_gold_article_at_rank_1_and_missing() {
        let m = score(&["g", "a"], &gold(&["g"]));
        assert_eq!(
            m,
            Metrics {
                recall_1: 1.0,
                recall_5: 1.0,
                recall_10: 1.0,
                mrr_10: 1.0,
                ndcg_10: 1.0
            }
        );
        assert_eq!(score(&["a", "b"], &gold(&["g"])), Metrics::default());
    }

    #[test]
    fn two_gold_articles_at_ranks_2_and_7() {
        let ranked = ["a", "g1", "b", "c", "d", "e", "g2", "f"];
        let m = score(&ranked, &gold(&["g1", "g2"]));
        assert_eq!((m.recall_1, m.recall_5, m.recall_10), (0.0, 0.5, 1.0));
        assert!(close(m.mrr_10, 0.5));
        // Rank r gains 1/log2(r + 1): DCG = 1/log2(3) + 1/log2(8) = 0.63093 + 0.33333;
        // ideal = 1 + 1/log2(3) = 1.63093.
        let dcg = 1.0 / 3f64.log2() + 1.0 / 3.0;
        let ideal = 1.0 + 1.0 / 3f64.log2();
        assert!(close(m.ndcg_10, dcg / ideal));
        assert!((m.ndcg_10 - 0.5912).abs() < 1e-4);
    }

    #[test]
    fn three_gold_articles_one_beyond_10() {
        let mut ranked: Vec<String> = vec!["g1".into()];
        ranked.extend((0..9).map(|i| format!("x{i}")));
        ranked.push("g2".into()); // rank 11: outside every cut-off
        ranked.insert(4, "g3".into()); // rank 5, pushes x8 to 10 and g2 to 12
        let gold: HashSet<String> = ["g1", "g2", "g3"].iter().map(|s| s.to_string()).collect();
        let m = score(&ranked, &gold);
        assert!(close(m.recall_1, 1.0 / 3.0));
        assert!(close(m.recall_5, 2.0 / 3.0));
        assert!(close(m.recall_10, 2.0 / 3.0));
        assert!(close(m.mrr_10, 1.0));
        // DCG = 1 + 1/log2(6); ideal = 1 + 1/log2(3) + 1/log2(4).
        let dcg = 1.0 + 1.0 / 6f64.log2();
        let ideal = 1.0 + 1.0 / 3f64.log2() + 0.5;
        assert!(close(m.ndcg_10, dcg / ideal));
        assert!((m.ndcg_10 - 0.6508).abs() < 1e-4);
    }

    #[test]
    fn a_repeated_key_counts_once() {
        let m = score(&["a", "a", "g"], &gold(&["g"]));
        assert!(close(m.mrr_10, 0.5));
    }

    #[test]
    fn mean_averages_each_metric() {
        let a = score(&["g"], &gold(&["g"]));
        let b = score(&["x"], &gold(&["g"]));
        assert!(b.ndcg_10.is_sign_positive(), "no -0.0 for a miss");
        let m = mean(&[a, b]);
        assert!(close(m.recall_1, 0.5) && close(m.ndcg_10, 0.5) && close(m.mrr_10, 0.5));
        assert_eq!(mean(&[]), Metrics::default());
    }
}
