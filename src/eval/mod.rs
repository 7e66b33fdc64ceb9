//! `vanban eval`: retrieval quality at article level, for the engine and a plain BM25 peer, over
//! the same passages and the same query variants.
//!
//! The corpus is read with the ordinary readers (ALQAC/Zalo law layout, or any format the
//! engine reads) and indexed twice: into an in-memory `vanban` index and into the plain peer
//! ([`plain`]). Every question of the gold file is searched as written and in each
//! [`Variant`]; the hits are mapped to (law id, article id) and scored with [`metrics`].

pub mod gold;
pub mod metrics;
pub mod plain;
pub mod variants;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::document::Document;
use crate::error::{Error, Result};
use crate::index::VanbanIndex;
use crate::pipeline::{self, Batch, Change};
use crate::read;
use crate::search::{self, Weights};
pub use gold::{ArticleKey, Question, QuestionSet};
pub use metrics::Metrics;
pub use plain::{PlainBm25, PlainBuilder};
pub use variants::Variant;

/// Hits asked of each system per question.
const TOP: usize = metrics::DEPTH;
/// Separates law id and article id in the peer's stored key (the reference script's choice).
const KEY_SEPARATOR: char = '\u{241f}';

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Corpus files or folders.
    pub corpus: Vec<PathBuf>,
    /// The question file with gold articles.
    pub queries: PathBuf,
    /// The engine's ranking knobs.
    pub weights: Weights,
    /// Variants to run, in order.
    pub variants: Vec<Variant>,
    /// What names a law in the gold articles.
    pub law_key: LawKey,
    /// Score only the questions whose gold articles are all in the corpus (for a corpus that
    /// holds part of the benchmark's laws); the others are counted and left out.
    pub covered_only: bool,
}

/// What the gold's law id is compared with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LawKey {
    /// The document id (the ALQAC/Zalo law layout's `id`/`law_id`).
    #[default]
    Id,
    /// The document number (`159/2020/NĐ-CP`, compared in lower case), for a corpus in another
    /// format whose documents carry no benchmark id: the Zalo 2021 law ids are numbers.
    Number,
}

impl LawKey {
    /// The law name of `doc` under this key (its id when it has no number).
    pub fn of(self, doc: &Document) -> &str {
        match self {
            LawKey::Id => &doc.id,
            LawKey::Number => doc.number.as_deref().unwrap_or(&doc.id),
        }
    }
}

impl EvalOptions {
    /// Every variant with the default weights.
    pub fn new(corpus: Vec<PathBuf>, queries: PathBuf) -> Self {
        EvalOptions {
            corpus,
            queries,
            weights: Weights::default(),
            variants: Variant::ALL.to_vec(),
            law_key: LawKey::Id,
            covered_only: false,
        }
    }
}

/// The system a figure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum System {
    /// The engine.
    #[serde(rename = "vanban")]
    Vanban,
    /// Tantivy's default tokenizer and query parser.
    #[serde(rename = "plain-bm25")]
    PlainBm25,
}

impl System {
    /// The name in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            System::Vanban => "vanban",
            System::PlainBm25 => "plain-bm25",
        }
    }
}

/// The mean metrics of one system on one variant.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// Which system.
    pub system: System,
    /// Which query variant.
    pub variant: Variant,
    /// Questions scored.
    pub queries: usize,
    /// Their mean metrics.
    #[serde(flatten)]
    pub metrics: Metrics,
}

/// One question's ranking by one system on one variant, for looking into figures.
#[derive(Debug, Clone, Serialize)]
pub struct QueryResult {
    /// Which system.
    pub system: System,
    /// Which variant.
    pub variant: Variant,
    /// Question id.
    pub id: String,
    /// The query as searched.
    pub query: String,
    /// 1-based rank of the first gold article in the top 10.
    pub first_gold_rank: Option<usize>,
    /// The top articles, `law id / article id`.
    pub top: Vec<String>,
    /// The error the search returned, if it failed (scored as an empty ranking).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Facts about the data and the run, printed beside the figures.
#[derive(Debug, Clone, Default)]
pub struct EvalInfo {
    /// Documents (laws) read.
    pub documents: usize,
    /// Passages (articles) indexed in each system.
    pub passages: usize,
    /// Records of the corpus files that the readers skipped.
    pub corpus_skipped: Vec<String>,
    /// Questions scored.
    pub questions: usize,
    /// Question records left out (no text or no gold).
    pub questions_skipped: usize,
    /// Questions left out because a gold article is not in the corpus (`covered_only`).
    pub questions_uncovered: usize,
    /// Distinct gold articles.
    pub gold_articles: usize,
    /// Gold articles absent from the corpus (they can never be found).
    pub gold_missing: usize,
    /// How well the engine restores the questions' diacritics once they are removed.
    pub restoration: Option<Restoration>,
    /// Engine searches that returned an error.
    pub vanban_errors: usize,
    /// Time to build the engine's index.
    pub vanban_index_time: Duration,
    /// Time to build the peer's index.
    pub plain_index_time: Duration,
    /// Time of all the engine's searches.
    pub vanban_search_time: Duration,
    /// Time of all the peer's searches.
    pub plain_search_time: Duration,
}

/// The result of `vanban eval`.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// One row per system and variant.
    pub runs: Vec<Run>,
    /// Facts about the run (not part of the JSON).
    #[serde(skip)]
    pub info: EvalInfo,
    /// Per-question rankings (not part of the JSON).
    #[serde(skip)]
    pub per_query: Vec<QueryResult>,
}

/// A corpus read for evaluation: documents, and every passage with its article key.
pub struct Corpus {
    /// Extracted documents.
    pub documents: Vec<Document>,
    /// Records the readers skipped.
    pub skipped: Vec<String>,
}

impl Corpus {
    /// Reads every file under `paths` with the ordinary readers; a file no reader takes is an
    /// error, since a benchmark must not silently lose part of its corpus.
    pub fn read(paths: &[PathBuf]) -> Result<Corpus> {
        let mut documents = Vec::new();
        let mut skipped = Vec::new();
        for path in read::walk(paths) {
            let file = pipeline::read_path(&path?)?;
            skipped.extend(file.skipped);
            documents.extend(file.documents);
        }
        if documents.is_empty() {
            return Err(Error::Read {
                path: paths.first().cloned().unwrap_or_default(),
                reason: "no document in the corpus".into(),
            });
        }
        Ok(Corpus { documents, skipped })
    }

    /// Every non-empty passage as (article key, text): the articles the index holds, one entry
    /// each, the whole body standing for a document without passages; laws named by `law_key`.
    pub fn passages(&self, law_key: LawKey) -> impl Iterator<Item = (ArticleKey, &str)> {
        self.documents.iter().flat_map(move |d| {
            let whole = d.outline.is_empty().then_some(("", d.body.as_str()));
            d.outline
                .iter()
                .map(|p| (p.path.as_str(), p.text.as_str()))
                .chain(whole)
                .filter(|(_, t)| !t.trim().is_empty())
                .map(move |(path, text)| (ArticleKey::of_passage(law_key.of(d), path), text))
        })
    }
}

/// Runs the evaluation.
pub fn run(opts: &EvalOptions) -> Result<EvalReport> {
    let questions = gold::load(&opts.queries)?;
    let corpus = Corpus::read(&opts.corpus)?;
    evaluate(&corpus, &questions, opts)
}

/// Evaluates an already read corpus on a question set.
pub fn evaluate(
    corpus: &Corpus,
    questions: &QuestionSet,
    opts: &EvalOptions,
) -> Result<EvalReport> {
    let mut info = EvalInfo {
        documents: corpus.documents.len(),
        corpus_skipped: corpus.skipped.clone(),
        questions: questions.questions.len(),
        questions_skipped: questions.skipped,
        ..EvalInfo::default()
    };
    let in_corpus: HashSet<ArticleKey> = corpus.passages(opts.law_key).map(|(k, _)| k).collect();
    let covered;
    let questions = if opts.covered_only {
        let mut kept = questions.clone();
        kept.questions
            .retain(|q| q.gold.iter().all(|k| in_corpus.contains(k)));
        info.questions_uncovered = questions.questions.len() - kept.questions.len();
        info.questions = kept.questions.len();
        covered = kept;
        &covered
    } else {
        questions
    };
    let gold: HashSet<&ArticleKey> = questions.questions.iter().flat_map(|q| &q.gold).collect();
    info.gold_articles = gold.len();
    info.gold_missing = gold.iter().filter(|k| !in_corpus.contains(**k)).count();

    let (engine, peer) = std::thread::scope(|s| {
        let engine = s.spawn(|| build_engine(corpus));
        let peer = build_peer(corpus, opts.law_key);
        let engine = engine
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("indexing panicked".into())));
        (engine, peer)
    });
    let (engine, vanban_time) = engine?;
    let (peer, passages, plain_time) = peer?;
    info.passages = passages;
    info.vanban_index_time = vanban_time;
    info.plain_index_time = plain_time;
    info.restoration = Some(restoration(engine.index(), questions)?);

    // The law name of every document id, for the engine's hits.
    let laws: HashMap<&str, &str> = corpus
        .documents
        .iter()
        .map(|d| (d.id.as_str(), opts.law_key.of(d)))
        .collect();
    let mut runs = Vec::new();
    let mut per_query = Vec::new();
    for &variant in &opts.variants {
        let queries: Vec<String> = questions
            .questions
            .iter()
            .map(|q| variant.apply(&q.text))
            .collect();
        let (vanban, plain) = std::thread::scope(|s| {
            let v = s.spawn(|| rank_engine(&engine, &queries, &opts.weights, &laws));
            let p = rank_peer(&peer, &queries);
            let v = v
                .join()
                .unwrap_or_else(|_| Err(Error::Internal("search panicked".into())));
            (v, p)
        });
        let (vanban, vtime) = vanban?;
        let (plain, ptime) = plain?;
        info.vanban_search_time += vtime;
        info.plain_search_time += ptime;
        for (system, rankings) in [(System::Vanban, vanban), (System::PlainBm25, plain)] {
            let mut scores = Vec::with_capacity(rankings.len());
            for ((q, query), ranking) in questions.questions.iter().zip(&queries).zip(rankings) {
                let (ranked, error) = match ranking {
                    Ok(r) => (r, None),
                    Err(e) => {
                        info.vanban_errors += 1;
                        (Vec::new(), Some(e.to_string()))
                    }
                };
                scores.push(metrics::score(&ranked, &q.gold));
                per_query.push(QueryResult {
                    system,
                    variant,
                    id: q.id.clone(),
                    query: query.clone(),
                    first_gold_rank: ranked
                        .iter()
                        .position(|k| q.gold.contains(k))
                        .map(|i| i + 1),
                    top: ranked
                        .iter()
                        .map(|k| format!("{} / {}", k.law, k.article))
                        .collect(),
                    error,
                });
            }
            runs.push(Run {
                system,
                variant,
                queries: scores.len(),
                metrics: metrics::mean(&scores),
            });
        }
    }
    Ok(EvalReport {
        runs,
        info,
        per_query,
    })
}

/// Diacritics restoration (the `did_you_mean` of a query typed without them), measured on the
/// questions: each is stripped of its diacritics and restored from the index's own statistics.
#[derive(Debug, Clone, Copy, Default)]
pub struct Restoration {
    /// Syllables of the questions.
    pub syllables: usize,
    /// Syllables restored as the question wrote them.
    pub syllables_right: usize,
    /// Questions.
    pub questions: usize,
    /// Questions restored entirely as written.
    pub questions_right: usize,
}

fn restoration(index: &VanbanIndex, questions: &QuestionSet) -> Result<Restoration> {
    let model = index.accent_model(&index.searcher())?;
    let syllables = |s: &str| -> Vec<String> {
        crate::text::syllables(s)
            .into_iter()
            .map(|t| t.text)
            .collect()
    };
    let mut r = Restoration::default();
    for q in &questions.questions {
        let plain = variants::remove_accents(&q.text);
        let restored = model.restore(&plain).unwrap_or(plain);
        let (want, got) = (syllables(&q.text), syllables(&restored));
        let right = if want.len() == got.len() {
            want.iter().zip(&got).filter(|(a, b)| a == b).count()
        } else {
            0
        };
        r.syllables += want.len();
        r.syllables_right += right;
        r.questions += 1;
        r.questions_right += usize::from(right == want.len());
    }
    Ok(r)
}

fn build_engine(corpus: &Corpus) -> Result<(search::Engine, Duration)> {
    let start = Instant::now();
    let index = VanbanIndex::in_memory()?;
    let mut writer = index.writer()?;
    let mut batch = Batch::new(&index, &mut writer);
    for doc in &corpus.documents {
        batch.stage(&Change::Upsert(Box::new(doc.clone())))?;
    }
    batch.commit(None)?;
    drop(batch);
    drop(writer);
    Ok((search::Engine::new(index), start.elapsed()))
}

fn build_peer(corpus: &Corpus, law_key: LawKey) -> Result<(PlainBm25, usize, Duration)> {
    let start = Instant::now();
    let mut builder = PlainBuilder::in_memory()?;
    let mut n = 0;
    for (key, text) in corpus.passages(law_key) {
        builder.add(&format!("{}{KEY_SEPARATOR}{}", key.law, key.article), text)?;
        n += 1;
    }
    let peer = builder.finish()?;
    Ok((peer, n, start.elapsed()))
}

type Rankings = Vec<Result<Vec<ArticleKey>>>;

fn rank_engine(
    engine: &search::Engine,
    queries: &[String],
    w: &Weights,
    laws: &HashMap<&str, &str>,
) -> Result<(Rankings, Duration)> {
    let start = Instant::now();
    let out = queries
        .iter()
        .map(|q| {
            engine.search_passages(q, TOP, w).map(|hits| {
                hits.iter()
                    .map(|h| {
                        let law = laws.get(h.doc_id.as_str()).copied().unwrap_or(&h.doc_id);
                        ArticleKey::of_passage(law, &h.path)
                    })
                    .collect()
            })
        })
        .collect();
    Ok((out, start.elapsed()))
}

fn rank_peer(peer: &PlainBm25, queries: &[String]) -> Result<(Rankings, Duration)> {
    let start = Instant::now();
    let mut out = Vec::with_capacity(queries.len());
    for q in queries {
        let keys = peer.search(q, TOP)?;
        out.push(Ok(keys
            .iter()
            .map(|k| match k.split_once(KEY_SEPARATOR) {
                Some((law, article)) => ArticleKey::new(law, article),
                None => ArticleKey::new(k, ""),
            })
            .collect()));
    }
    Ok((out, start.elapsed()))
}

impl EvalReport {
    /// The figures as a table for people, each engine row beside its peer.
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<13}{:<11}{:>8}{:>10}{:>10}{:>10}{:>9}{:>9}",
            "variant",
            "system",
            "queries",
            "recall@1",
            "recall@5",
            "recall@10",
            "mrr@10",
            "ndcg@10"
        );
        for r in &self.runs {
            let m = &r.metrics;
            let _ = writeln!(
                s,
                "{:<13}{:<11}{:>8}{:>10.4}{:>10.4}{:>10.4}{:>9.4}{:>9.4}",
                r.variant.name(),
                r.system.name(),
                r.queries,
                m.recall_1,
                m.recall_5,
                m.recall_10,
                m.mrr_10,
                m.ndcg_10
            );
        }
        s
    }

    /// The facts of the run, one per line.
    pub fn notes(&self) -> Vec<String> {
        let i = &self.info;
        let mut out = vec![
            format!(
                "corpus: {} document(s), {} passage(s); {} record(s) skipped by the readers",
                i.documents,
                i.passages,
                i.corpus_skipped.len()
            ),
            format!(
                "questions: {} scored, {} without text or gold left out; {} distinct gold article(s), {} of them not in the corpus",
                i.questions, i.questions_skipped, i.gold_articles, i.gold_missing
            ),
            format!(
                "time: vanban index {:.2}s, search {:.2}s; plain-bm25 index {:.2}s, search {:.2}s",
                i.vanban_index_time.as_secs_f64(),
                i.vanban_search_time.as_secs_f64(),
                i.plain_index_time.as_secs_f64(),
                i.plain_search_time.as_secs_f64()
            ),
        ];
        if let Some(r) = i.restoration.filter(|r| r.syllables > 0) {
            out.push(format!(
                "diacritics restored from the index (questions without them): {:.1} % of syllables, {:.1} % of questions whole",
                100.0 * r.syllables_right as f64 / r.syllables as f64,
                100.0 * r.questions_right as f64 / r.questions.max(1) as f64
            ));
        }
        if i.questions_uncovered > 0 {
            out.push(format!(
                "questions: {} more left out because a gold article is not in the corpus (--covered-only)",
                i.questions_uncovered
            ));
        }
        if i.vanban_errors > 0 {
            out.push(format!(
                "warning: {} vanban search(es) failed and were scored as empty rankings (see --per-query)",
                i.vanban_errors
            ));
        }
        if i.gold_articles > 0 && i.gold_missing == i.gold_articles {
            out.push(
                "warning: no gold article is in the corpus; every figure is 0 (is this the questions' corpus?)"
                    .into(),
            );
        } else if i.gold_missing > 0 {
            out.push(format!(
                "warning: {} gold article(s) are not in the corpus and cap recall below 1",
                i.gold_missing
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAW: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/eval/alqac2023/law.json"
    );

    #[test]
    fn corpus_passages_carry_article_keys() {
        if !std::path::Path::new(LAW).exists() {
            eprintln!("note: {LAW} not found, test skipped");
            return;
        }
        let corpus = Corpus::read(&[PathBuf::from(LAW)]).unwrap();
        assert_eq!(corpus.documents.len(), 17);
        let keys: HashSet<ArticleKey> = corpus.passages(LawKey::Id).map(|(k, _)| k).collect();
        assert_eq!(corpus.passages(LawKey::Id).count(), 2249);
        assert!(keys.contains(&ArticleKey::new("Luật Phòng, chống ma túy", "32")));
        assert!(keys.contains(&ArticleKey::new("Hiến pháp", "1")));
    }

    /// Questions whose every syllable the corpus writes one way come back as written; a
    /// syllable the corpus never holds stays without diacritics and counts as wrong.
    #[test]
    fn restoration_counts_syllables_and_whole_questions() {
        let index = crate::index::index_of(&[Document {
            id: "a".into(),
            body: "Phổ biến giáo dục pháp luật cho cán bộ. Phổ biến giáo dục pháp luật.".into(),
            ..Document::default()
        }]);
        let question = |text: &str| gold::Question {
            id: text.into(),
            text: text.into(),
            gold: [ArticleKey::new("a", "1")].into_iter().collect(),
        };
        let set = QuestionSet {
            questions: vec![question("phổ biến pháp luật"), question("giáo dục kỹ")],
            skipped: 0,
        };
        let r = restoration(&index, &set).unwrap();
        assert_eq!((r.syllables, r.syllables_right), (7, 6));
        assert_eq!((r.questions, r.questions_right), (2, 1));
    }
}
