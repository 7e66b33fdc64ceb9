//! The command line (clap): parse arguments, call the library, print. Nothing here is worth
//! testing on its own; the library holds the logic.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use vanban::index::VanbanIndex;
use vanban::ingest::{self, IngestOptions, Progress};
use vanban::search::{self, graph};
use vanban::{extract, read};

/// vanban: search Vietnamese legal and administrative documents.
#[derive(Debug, Parser)]
#[command(name = "vanban", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct IndexDir {
    /// Index directory.
    #[arg(long, default_value = "index", global = true)]
    index: PathBuf,
}

#[derive(Debug, Args)]
struct TasksArgs {
    /// An agency as typed (`so giao duc`, `Sở GD&ĐT`, `UBND các huyện`).
    #[arg(long)]
    agency: Option<String>,
    /// The agency's role: lead, support or monitor.
    #[arg(long, value_parser = ["lead", "support", "monitor"])]
    role: Option<String>,
    /// Due from this day (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long)]
    from: Option<String>,
    /// Due up to this day.
    #[arg(long)]
    to: Option<String>,
    /// overdue, upcoming (next 30 days) or ongoing.
    #[arg(long, value_parser = ["overdue", "upcoming", "ongoing"])]
    status: Option<String>,
    /// One document, by id or number.
    #[arg(long)]
    document: Option<String>,
    /// Words the task's text must hold.
    #[arg(long)]
    q: Option<String>,
    /// Order: due (default) or document.
    #[arg(long, value_parser = ["due", "document"], default_value = "due")]
    sort: String,
    /// The day statuses are computed on (default: today).
    #[arg(long)]
    today: Option<String>,
    /// Most tasks printed.
    #[arg(long, default_value_t = 1000)]
    limit: usize,
    /// Print CSV (UTF-8 with a byte-order mark).
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    dir: IndexDir,
}

#[derive(Debug, Args)]
struct SearchArgs {
    /// Query: words, "phrase", -exclude, OR, document numbers.
    query: String,
    /// Document type (repeatable).
    #[arg(long = "type")]
    types: Vec<String>,
    /// Issuing agency.
    #[arg(long)]
    issuer: Option<String>,
    /// Agency in any role, or in --role.
    #[arg(long)]
    agency: Option<String>,
    /// issuer, lead, support or any.
    #[arg(long)]
    role: Option<String>,
    /// Lĩnh vực.
    #[arg(long)]
    field: Option<String>,
    /// Issued on or after (YYYY-MM-DD).
    #[arg(long)]
    issued_from: Option<String>,
    /// Issued on or before (YYYY-MM-DD).
    #[arg(long)]
    issued_to: Option<String>,
    /// In force from on or after (YYYY-MM-DD).
    #[arg(long)]
    effective_from: Option<String>,
    /// In force from on or before (YYYY-MM-DD).
    #[arg(long)]
    effective_to: Option<String>,
    /// A task due on or after (YYYY-MM-DD).
    #[arg(long)]
    deadline_from: Option<String>,
    /// A task due on or before (YYYY-MM-DD).
    #[arg(long)]
    deadline_to: Option<String>,
    /// Cites this document number.
    #[arg(long)]
    cites: Option<String>,
    /// Has this number (`176/KH-UBND`).
    #[arg(long)]
    number: Option<String>,
    /// relevance, issued_desc or issued_asc.
    #[arg(long, default_value = "relevance")]
    sort: String,
    /// Hits per page (max 100).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Page start.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print JSON (the API's shape).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    dir: IndexDir,
}

/// The options of `vanban serve`. Each can also be set in `--config FILE`; a flag wins over
/// the file, and the file over the default shown.
#[derive(Debug, Args)]
struct ServeArgs {
    /// TOML file of serve options (names as the flags, `_` for `-`); see
    /// /etc/vanban/vanban.toml in the Debian package.
    #[arg(long, env = "VANBAN_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    addr: Option<String>,
    /// Folder indexed when the index is empty [default: corpus].
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Allowed CORS origin (repeatable); any origin when none is given. The widget works
    /// only on pages of the allowed origins.
    #[arg(long = "cors-origin")]
    cors_origins: Vec<String>,
    /// API key enabling the write routes (POST/PUT/DELETE /api/documents); prefer the
    /// environment variable, which other users cannot see in the process list. Without a
    /// key the server is read-only and leaves the index writer free for `vanban index`.
    #[arg(long, env = "VANBAN_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// Seconds a request may take before it is answered with 503 [default: 10].
    #[arg(long)]
    request_timeout: Option<u64>,
    /// Largest request body (upload or record), in bytes [default: 16777216].
    #[arg(long)]
    max_body_bytes: Option<usize>,
    /// Seconds a client has to send a request's headers; also the longest a kept-alive
    /// connection may stay idle [default: 10].
    #[arg(long)]
    header_timeout: Option<u64>,
    /// Most connections open at once (default 1024, or half the open-file limit when that
    /// is smaller); further clients wait in the backlog.
    #[arg(long)]
    max_connections: Option<usize>,
    /// Log lines as plain text (coloured only on a terminal) or one JSON object per line
    /// [default: text].
    #[arg(long, value_enum)]
    log_format: Option<vanban::config::LogFormat>,
    /// Index directory [default: index].
    #[arg(long)]
    index: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Ingest files and folders (default: corpus/) into the index; unchanged files are skipped.
    Index {
        /// Files or folders to read.
        paths: Vec<PathBuf>,
        /// Re-read every file, even unchanged ones.
        #[arg(long)]
        force: bool,
        /// Delete the index and build it anew (needed after a schema change).
        #[arg(long)]
        rebuild: bool,
        /// Commit after at least this many documents (at a file boundary) [default: 5000].
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        commit_every: Option<u64>,
        /// Follow symbolic links that lead out of the folders given (by default such files are
        /// reported and left out).
        #[arg(long)]
        follow_links: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// First remove the documents of indexed files under PATHS that are gone (a path that
        /// is itself gone is pruned, not an error), then index what is there.
        #[arg(long)]
        prune: bool,
        #[command(flatten)]
        dir: IndexDir,
    },
    /// Search the index.
    Search(Box<SearchArgs>),
    /// Show one document (by id or number): metadata, outline, citations both ways, tasks.
    Show {
        /// Document id or number.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        dir: IndexDir,
    },
    /// Tasks of the indexed documents (as `GET /api/tasks`): by agency as typed, role, due
    /// period and status; a table, `--json`, or `--csv` (UTF-8 with BOM) for a spreadsheet.
    Tasks(Box<TasksArgs>),
    /// Show what extraction makes of a file, without indexing it.
    Inspect {
        /// The file.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve the HTTP API; indexes corpus/ first when the index is empty.
    Serve(Box<ServeArgs>),
    /// Measure retrieval quality at article level (Recall@1/5/10, MRR@10, nDCG@10) for vanban
    /// and a plain BM25 peer, on the questions as written and in three typing variants.
    Eval(Box<EvalArgs>),
    /// Measure indexing (beside plain tantivy) and search throughput and latency over HTTP.
    Bench(Box<BenchArgs>),
}

#[derive(Debug, Args)]
struct BenchArgs {
    /// Files or folders to index.
    #[arg(default_value = "../shared/corpus")]
    paths: Vec<PathBuf>,
    /// Queries to replay, one a line.
    #[arg(long, default_value = "../shared/queries/citizen_questions.txt")]
    queries: PathBuf,
    /// Seconds per load level.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Concurrent clients of the load levels (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "1,4,16")]
    clients: Vec<usize>,
    /// Most requests per load level.
    #[arg(long, default_value_t = 1_000_000)]
    max_requests: usize,
    /// Repeat the passages with distinct ids until at least N are indexed (N = 1,000,000 when
    /// the flag is given without a value).
    #[arg(long, num_args = 0..=1, default_missing_value = "1000000")]
    scale: Option<usize>,
    /// Index each system this many times, in turn, and report each one's median run (default 3,
    /// or 1 with --scale).
    #[arg(long)]
    index_runs: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// Corpus file or folder (ALQAC/Zalo law layout or any format vanban reads; repeatable).
    #[arg(long, required = true)]
    corpus: Vec<PathBuf>,
    /// Questions with gold articles: `[{text, relevant_articles: [{law_id, article_id}]}]`.
    #[arg(long)]
    queries: PathBuf,
    /// Print JSON: `{"runs": [{system, variant, queries, recall@1, ..., ndcg@10}]}`.
    #[arg(long)]
    json: bool,
    /// Write every question's ranking (JSON lines) to this file, to look into the figures.
    #[arg(long)]
    per_query: Option<PathBuf>,
    /// What the gold's law ids name: the document `id` (ALQAC/Zalo law layout) or its `number`
    /// (a corpus in another format, such as the shared `congbao` records, for Zalo 2021).
    #[arg(long, value_enum, default_value = "id")]
    law_key: vanban::eval::LawKey,
    /// Score only the questions whose gold articles are all in the corpus.
    #[arg(long)]
    covered_only: bool,
    /// Ranking knob: weight of title matches.
    #[arg(long)]
    title_weight: Option<f32>,
    /// Ranking knob: extra weight of accented matches.
    #[arg(long)]
    accented_weight: Option<f32>,
    /// Ranking knob: weight of syllable-pair matches.
    #[arg(long)]
    pairs_weight: Option<f32>,
    /// Ranking knob: weight of an exact number match.
    #[arg(long)]
    number_weight: Option<f32>,
    /// Ranking knob: weight of accented matches of diacritics restored in a query typed without.
    #[arg(long)]
    restored_weight: Option<f32>,
    /// Ranking knob: weight of a passage's context (document title, heading) among passages.
    #[arg(long)]
    context_weight: Option<f32>,
    /// Ranking knob: the average passage length BM25 normalizes by, times the real one.
    #[arg(long)]
    length_scale: Option<f32>,
    /// Ranking knob: weight of a passage that is an article the question names (`điều 38`).
    #[arg(long)]
    article_weight: Option<f32>,
    /// Ranking knob: terms held by more than this share of passages do not rank (0 or 1: all do).
    #[arg(long)]
    common_terms: Option<f32>,
    /// Ranking knob: weight of the terms a document's heading holds when its passages are
    /// ranked among themselves (1: as any term).
    #[arg(long)]
    title_terms_weight: Option<f32>,
}

/// Exit status of a failed command, from the first error of the chain that tells (listed in
/// the README): 3 not found, 4 bad input, 5 index locked, 6 I/O, 1 anything else; clap
/// answers usage errors with 2.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    use vanban::Error as E;
    for cause in e.chain() {
        if let Some(err) = cause.downcast_ref::<E>() {
            return match err {
                E::NotFound(_) | E::NoIndex(_) => 3,
                E::BadRequest { .. } | E::Read { .. } | E::Unsupported { .. } => 4,
                E::Locked(_) => 5,
                E::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => 3,
                E::Io { .. } => 6,
                _ => 1,
            };
        }
        if cause.downcast_ref::<std::io::Error>().is_some() {
            return 6;
        }
    }
    1
}

/// Runs the command line.
pub fn run(cli: Cli) -> Result<()> {
    // `serve` starts its logs once its configuration is read.
    if !matches!(cli.command, Command::Serve(_)) {
        vanban::config::init_logs(vanban::config::LogFormat::Text);
    }
    match cli.command {
        Command::Index {
            paths,
            force,
            rebuild,
            commit_every,
            follow_links,
            json,
            prune,
            dir,
        } => {
            let options = IngestOptions {
                force,
                docs_per_commit: commit_every.map(|n| n as usize),
                follow_links,
            };
            index_cmd(paths, options, rebuild, json, prune, &dir.index)
        }
        Command::Search(args) => {
            let SearchArgs {
                query,
                types,
                issuer,
                agency,
                role,
                field,
                issued_from,
                issued_to,
                effective_from,
                effective_to,
                deadline_from,
                deadline_to,
                cites,
                number,
                sort,
                limit,
                offset,
                json,
                dir,
            } = *args;
            // The same checks and codes as the HTTP API's.
            let req = search::SearchParams {
                q: Some(query),
                types,
                issuer,
                agency,
                role,
                field,
                issued_from,
                issued_to,
                effective_from,
                effective_to,
                deadline_from,
                deadline_to,
                cites,
                number,
                sort: Some(sort),
                limit: Some(limit),
                offset: Some(offset),
            }
            .into_request()?;
            let index = VanbanIndex::open(&dir.index)?;
            let res = search::search(&index, &req)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&res)?);
            } else {
                println!("{} document(s)", res.total);
                for (i, h) in res.hits.iter().enumerate() {
                    println!(
                        "{:>3}. {}  {}  {}  {}  [{}]",
                        req.page.offset + i + 1,
                        h.number.as_deref().unwrap_or("-"),
                        h.doc_type.as_deref().unwrap_or("-"),
                        h.issued
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "-".into()),
                        h.title.as_deref().unwrap_or(""),
                        h.id
                    );
                    for p in &h.passages {
                        println!("       {}: {}", p.path, p.text.replace('\n', " "));
                    }
                }
                if res.phrases_relaxed {
                    println!("no document holds the quoted phrase exactly; these hold its words");
                }
                match (res.did_you_mean, res.corrected) {
                    (Some(d), true) => println!("searched for: {d} (as typed it found little)"),
                    (Some(d), false) => println!("did you mean: {d}"),
                    _ => {}
                }
                if !res.not_indexed.is_empty() {
                    println!("not in the index: {}", res.not_indexed.join(", "));
                }
            }
            Ok(())
        }
        Command::Show { id, json, dir } => show_cmd(&id, json, &dir.index),
        Command::Tasks(args) => tasks_cmd(&args),
        Command::Inspect { file, json } => {
            let read = read::read_file(&file)?;
            let docs: Vec<_> = read.docs.into_iter().map(extract::extract).collect();
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &serde_json::json!({"documents": docs, "skipped": read.skipped})
                    )?
                );
            } else {
                for d in &docs {
                    print_document(d);
                }
                for s in &read.skipped {
                    println!("skipped: {s}");
                }
            }
            Ok(())
        }
        Command::Serve(args) => serve_args_cmd(*args),
        Command::Eval(args) => eval_cmd(*args),
        Command::Bench(args) => bench_cmd(*args),
    }
}

/// `vanban serve`: merges the flags over the configuration file, starts the logs, serves.
fn serve_args_cmd(args: ServeArgs) -> Result<()> {
    let file = match &args.config {
        Some(path) => vanban::config::ServeConfig::load(path)?,
        None => vanban::config::ServeConfig::default(),
    };
    vanban::config::init_logs(args.log_format.or(file.log_format).unwrap_or_default());
    if let Some(path) = &args.config {
        tracing::info!(config = %path.display(), "configuration file read");
    }
    let request_timeout = std::time::Duration::from_secs(
        args.request_timeout
            .or(file.request_timeout)
            .unwrap_or(10)
            .max(1),
    );
    let cors_origins = if args.cors_origins.is_empty() {
        file.cors_origins.unwrap_or_default()
    } else {
        args.cors_origins
    };
    let options = vanban::http::ServerOptions {
        cors_origins,
        api_key: args.api_key.or(file.api_key),
        request_timeout,
        max_body_bytes: args
            .max_body_bytes
            .or(file.max_body_bytes)
            .unwrap_or(vanban::http::MAX_BODY_BYTES),
    };
    let header_timeout = args.header_timeout.or(file.header_timeout).unwrap_or(10);
    let limits = vanban::http::serve::ServeLimits {
        header_read_timeout: std::time::Duration::from_secs(header_timeout.max(1)),
        max_connections: args
            .max_connections
            .or(file.max_connections)
            .unwrap_or_else(vanban::http::serve::default_max_connections),
        // Requests in flight end by their own timeout; a little more for the answer.
        shutdown_grace: request_timeout + std::time::Duration::from_secs(5),
    };
    let addr = args
        .addr
        .or(file.addr)
        .unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let corpus = args
        .corpus
        .or(file.corpus)
        .unwrap_or_else(|| "corpus".into());
    let index = args.index.or(file.index).unwrap_or_else(|| "index".into());
    serve_cmd(&addr, &corpus, &options, &limits, &index)
}

fn bench_cmd(args: BenchArgs) -> Result<()> {
    anyhow::ensure!(
        args.seconds.is_finite() && args.seconds > 0.0 && args.seconds <= 3600.0,
        "--seconds must be between 0 and 3600"
    );
    anyhow::ensure!(
        args.clients.iter().all(|&c| (1..=256).contains(&c)),
        "--clients must be between 1 and 256"
    );
    let index_runs = args
        .index_runs
        .unwrap_or(if args.scale.is_some() { 1 } else { 3 });
    anyhow::ensure!(
        (1..=25).contains(&index_runs),
        "--index-runs must be between 1 and 25"
    );
    let opts = vanban::bench::BenchOptions {
        index_runs,
        paths: args.paths,
        queries: args.queries,
        duration: std::time::Duration::from_secs_f64(args.seconds),
        clients: args.clients,
        max_requests: args.max_requests,
        scale: args.scale,
    };
    let report = vanban::bench::run(&opts)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
        for u in &report.unreadable {
            eprintln!("unreadable: {u}");
        }
    }
    Ok(())
}

fn eval_cmd(args: EvalArgs) -> Result<()> {
    use std::io::Write;
    let mut opts = vanban::eval::EvalOptions::new(args.corpus, args.queries);
    opts.law_key = args.law_key;
    opts.covered_only = args.covered_only;
    let w = &mut opts.weights;
    for (knob, value) in [
        (&mut w.title, args.title_weight),
        (&mut w.accented, args.accented_weight),
        (&mut w.pairs, args.pairs_weight),
        (&mut w.number, args.number_weight),
        (&mut w.restored, args.restored_weight),
        (&mut w.context, args.context_weight),
        (&mut w.length_scale, args.length_scale),
        (&mut w.article, args.article_weight),
        (&mut w.common, args.common_terms),
        (&mut w.title_terms, args.title_terms_weight),
    ] {
        if let Some(v) = value {
            *knob = v;
        }
    }
    let report = vanban::eval::run(&opts)?;
    if let Some(path) = &args.per_query {
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        for r in &report.per_query {
            serde_json::to_writer(&mut out, r)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    for note in report.notes() {
        eprintln!("{note}");
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
    }
    Ok(())
}

fn index_cmd(
    paths: Vec<PathBuf>,
    options: IngestOptions,
    rebuild: bool,
    json: bool,
    prune: bool,
    dir: &std::path::Path,
) -> Result<()> {
    if rebuild && dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    let mut paths = if paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        paths
    };
    if prune {
        let index = VanbanIndex::open_or_create(dir)?;
        let pruned = vanban::prune::prune(&index, &paths)?;
        let line = format!(
            "pruned {} document(s) of {} file(s) that are gone",
            pruned.documents,
            pruned.files.len()
        );
        // stdout stays one JSON document with --json.
        if json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
        paths.retain(|p| p.exists());
        if paths.is_empty() {
            return Ok(());
        }
    }
    // A path that does not exist is an error, not an empty index (issue 23).
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(vanban::Error::NotFound(format!(
            "{}: no such file or folder",
            missing.display()
        ))
        .into());
    }
    let index = VanbanIndex::open_or_create(dir)?;
    let report = run_ingest(&index, &paths, options)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} file(s) seen, {} indexed, {} unchanged, {} record(s) read, {} document(s) written, {} merged, in {:.1}s",
            report.files_seen,
            report.files_indexed,
            report.files_unchanged,
            report.records,
            report.documents,
            report.merged.len(),
            report.elapsed.as_secs_f64()
        );
        for m in &report.merged {
            println!(
                "merged {} (read twice): kept {}, replaced {}",
                m.id, m.kept, m.replaced
            );
        }
        for p in &report.problems {
            println!("skipped {}: {}", p.path, p.reason);
        }
        println!(
            "index: {} document(s), {} bytes",
            index.document_count()?,
            index.size_bytes()
        );
    }
    Ok(())
}

fn run_ingest(
    index: &VanbanIndex,
    paths: &[PathBuf],
    options: IngestOptions,
) -> Result<ingest::IngestReport> {
    use std::io::IsTerminal;
    let bar = std::io::stderr()
        .is_terminal()
        .then(indicatif::ProgressBar::no_length);
    let mut progress = |p: Progress<'_>| {
        if let Some(bar) = &bar {
            match p {
                Progress::Start(n) => bar.set_length(n as u64),
                Progress::File(path) => {
                    bar.set_message(path.display().to_string());
                    bar.inc(1);
                }
            }
        }
    };
    let report = ingest::ingest(index, paths, options, &mut progress)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(report)
}

fn tasks_cmd(a: &TasksArgs) -> Result<()> {
    use vanban::document::Role;
    use vanban::search::tasks::{self, Status, TaskQuery, TaskSort};
    let date = |name: &str, v: &Option<String>| {
        v.as_deref()
            .map(|v| vanban::search::parse_date(name, v))
            .transpose()
    };
    let query = TaskQuery {
        agency: a.agency.clone(),
        role: match a.role.as_deref() {
            Some("lead") => Some(Role::Lead),
            Some("support") => Some(Role::Support),
            Some("monitor") => Some(Role::Monitor),
            _ => None,
        },
        from: date("from", &a.from)?,
        to: date("to", &a.to)?,
        status: a.status.as_deref().and_then(Status::parse),
        document: a.document.clone(),
        q: a.q.clone(),
        sort: if a.sort == "document" {
            TaskSort::Document
        } else {
            TaskSort::Due
        },
        today: date("today", &a.today)?.unwrap_or_else(|| chrono::Local::now().date_naive()),
        limit: a.limit,
        offset: 0,
    };
    let index = VanbanIndex::open(&a.dir.index)?;
    let page = tasks::task_page(&index, &query)?;
    let mut text = String::new();
    if a.csv {
        text = tasks::to_csv(&page.tasks);
    } else if a.json {
        text = serde_json::to_string_pretty(&page)? + "\n";
    } else {
        text.push_str(&format!("{} task(s)\n", page.total));
        for row in tasks::export_rows(&page.tasks) {
            let task: String = row[3].chars().take(80).collect();
            text.push_str(&format!(
                "{} | {} | {} | due {} ({}) | lead: {} | support: {}\n",
                row[0], row[2], task, row[9], row[10], row[4], row[5]
            ));
        }
    }
    // A reader that stops early (`| head`) is not an error.
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

fn show_cmd(id: &str, json: bool, dir: &std::path::Path) -> Result<()> {
    let index = VanbanIndex::open(dir)?;
    let doc = match index.get(id)? {
        Some(d) => d,
        None => {
            let key = vanban::number::key(id)
                .with_context(|| format!("no document with id or number `{id}`"))?;
            index
                .by_number_key(&key)?
                .into_iter()
                .next()
                .with_context(|| format!("no document with id or number `{id}`"))?
        }
    };
    let citations = graph::citations_of(&index, &doc)?;
    let cited_by = match &doc.number_key {
        Some(k) => graph::cited_by(&index, k)?,
        None => Vec::new(),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"document": doc, "citations": citations, "cited_by": cited_by})
            )?
        );
        return Ok(());
    }
    print_document(&doc);
    println!("cites:");
    for c in &citations {
        println!(
            "  {:?} {} {} {}{}",
            c.relation,
            c.doc_type.as_deref().unwrap_or(""),
            c.number_key.as_deref().unwrap_or("-"),
            c.date.map(|d| d.to_string()).unwrap_or_default(),
            c.resolved_id
                .as_ref()
                .map(|r| format!(" -> [{r}]"))
                .unwrap_or_default()
        );
    }
    println!("cited by:");
    for c in &cited_by {
        println!(
            "  {:?} {} {} [{}]",
            c.relation,
            c.number.as_deref().unwrap_or("-"),
            c.title.as_deref().unwrap_or(""),
            c.id
        );
    }
    Ok(())
}

fn print_document(d: &vanban::Document) {
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    println!("id:        {}", d.id);
    println!("number:    {} (key {})", opt(&d.number), opt(&d.number_key));
    println!("type:      {}", opt(&d.doc_type));
    println!("title:     {}", opt(&d.title));
    println!(
        "issuer:    {}{}",
        opt(&d.issuer),
        d.issuer_parent
            .as_ref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default()
    );
    println!(
        "issued:    {}",
        d.issued
            .map(|x| x.to_string())
            .unwrap_or_else(|| "-".into())
    );
    println!(
        "effective: {}",
        d.effective
            .map(|x| x.to_string())
            .unwrap_or_else(|| "-".into())
    );
    println!("signer:    {} {}", opt(&d.signer_role), opt(&d.signer));
    println!("source:    {}", d.source);
    println!("outline:   {} passage(s)", d.outline.len());
    for p in d.outline.iter().take(50) {
        println!("  {}  {}", p.path, p.heading.as_deref().unwrap_or(""));
    }
    if !d.tasks.is_empty() {
        println!("tasks:");
        for t in &d.tasks {
            println!(
                "  {}  {}  lead: {}  support: {}",
                t.path,
                t.deadline_text.as_deref().unwrap_or("-"),
                t.lead.join(", "),
                t.support.join(", ")
            );
        }
    }
    for w in &d.warnings {
        println!("warning:   {w}");
    }
}

fn serve_cmd(
    addr: &str,
    corpus: &std::path::Path,
    options: &vanban::http::ServerOptions,
    limits: &vanban::http::serve::ServeLimits,
    dir: &std::path::Path,
) -> Result<()> {
    let index = VanbanIndex::open_or_create(dir)?;
    if index.document_count()? == 0 {
        tracing::info!(
            index = %dir.display(),
            corpus = %corpus.display(),
            "the index is empty: indexing the corpus folder first"
        );
        let report = run_ingest(&index, &[corpus.to_path_buf()], IngestOptions::default())?;
        tracing::info!(
            documents = report.documents,
            files = report.files_indexed,
            "corpus indexed"
        );
        for p in &report.problems {
            tracing::warn!(path = %p.path, reason = %p.reason, "file skipped");
        }
    }
    if options.api_key.as_deref() == Some("") {
        anyhow::bail!("the API key is empty; give a non-empty --api-key or VANBAN_API_KEY");
    }
    if let Some(key) = options.api_key.as_deref() {
        if key.chars().count() < vanban::http::auth::MIN_KEY_CHARS {
            tracing::warn!(
                "the API key has {} characters; use at least {} random ones \
                 (e.g. `openssl rand -hex 32`)",
                key.chars().count(),
                vanban::http::auth::MIN_KEY_CHARS
            );
        }
    }
    let writes = options.api_key.is_some();
    let app = vanban::http::router(index, options)?;
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        tracing::info!(
            "vanban listening on http://{} ({})",
            listener.local_addr()?,
            if writes {
                "writes enabled"
            } else {
                "read-only"
            }
        );
        vanban::http::serve::serve(
            listener,
            app,
            limits,
            vanban::http::serve::shutdown_signal(),
        )
        .await;
        tracing::info!("vanban stopped");
        Ok(())
    })
}
