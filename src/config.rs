//! The server's configuration file (`vanban serve --config FILE`, TOML) and its log output.
//!
//! Every `serve` option can be set in the file under the same name as its flag, with `_` for
//! `-` (`request_timeout = 10`); a flag given on the command line wins over the file. The
//! packaged file `/etc/vanban/vanban.toml` (packaging/vanban.toml) documents each one.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not valid TOML, or names an option `serve` does not have.
    #[error("configuration file {path}: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
}

/// How log lines are written (to standard error, which systemd sends to the journal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines; coloured only when standard error is a terminal and `NO_COLOR`
    /// is unset.
    #[default]
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

/// The options of `vanban serve` as read from a file; `None` where the file says nothing.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// Address to listen on.
    pub addr: Option<String>,
    /// Index directory.
    pub index: Option<PathBuf>,
    /// Folder indexed when the index is empty.
    pub corpus: Option<PathBuf>,
    /// Allowed CORS origins.
    pub cors_origins: Option<Vec<String>>,
    /// API key enabling the write routes.
    pub api_key: Option<String>,
    /// Seconds a request may take.
    pub request_timeout: Option<u64>,
    /// Largest request body, in bytes.
    pub max_body_bytes: Option<usize>,
    /// Seconds a client has to send a request's headers.
    pub header_timeout: Option<u64>,
    /// Most connections open at once.
    pub max_connections: Option<usize>,
    /// Log format.
    pub log_format: Option<LogFormat>,
    /// Folder whose files are indexed, re-indexed or pruned as they change.
    pub watch: Option<PathBuf>,
    /// Poll the watched folder rather than use file events.
    pub watch_poll: Option<bool>,
    /// A read-only replica: refuses writes, follows the writer's commits.
    pub read_only: Option<bool>,
    /// PostgreSQL connection string of a scheduled sync.
    pub sync_from: Option<String>,
    /// The sync's table.
    pub sync_table: Option<String>,
    /// The sync's query.
    pub sync_query: Option<String>,
    /// The sync's key column.
    pub sync_key_column: Option<String>,
    /// The sync's updated column.
    pub sync_updated_column: Option<String>,
    /// The sync's name.
    pub sync_name: Option<String>,
    /// Time between two syncs (`10m`).
    pub sync_every: Option<String>,
    /// CA certificate of the database server.
    pub sync_ssl_root_cert: Option<PathBuf>,
}

impl ServeConfig {
    /// Reads and parses `path`; unknown option names are refused (a typo must not be ignored).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text).map_err(|source| ConfigError::Parse {
            path: path.to_path_buf(),
            source: Box::new(source),
        })
    }

    /// Parses the text of a configuration file.
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }
}

/// Installs the process-wide log subscriber (`RUST_LOG` overrides the default levels).
pub fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tantivy=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => {
            let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            builder.with_ansi(colour).init()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKAGED: &str = include_str!("../packaging/vanban.toml");

    #[test]
    fn the_packaged_file_parses_and_sets_the_packaged_paths() {
        let c = ServeConfig::parse(PACKAGED).unwrap();
        assert_eq!(c.index.as_deref(), Some(Path::new("/var/lib/vanban/index")));
        assert_eq!(
            c.corpus.as_deref(),
            Some(Path::new("/var/lib/vanban/corpus"))
        );
        assert_eq!(c.api_key, None, "no key is shipped");
    }

    /// Every option of `ServeConfig` is documented in the packaged file: uncommenting each
    /// `# name = value` line gives a file that sets all of them.
    #[test]
    fn the_packaged_file_documents_every_option() {
        let uncommented: String = PACKAGED
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") && !rest.starts_with(' ') => rest,
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let c = ServeConfig::parse(&uncommented).unwrap();
        let ServeConfig {
            addr,
            index,
            corpus,
            cors_origins,
            api_key,
            request_timeout,
            max_body_bytes,
            header_timeout,
            max_connections,
            log_format,
            watch,
            watch_poll,
            read_only,
            sync_from,
            sync_table,
            sync_query,
            sync_key_column,
            sync_updated_column,
            sync_name,
            sync_every,
            sync_ssl_root_cert,
        } = c;
        assert!(addr.is_some() && index.is_some() && corpus.is_some());
        assert!(cors_origins.is_some() && api_key.is_some());
        assert!(request_timeout.is_some() && max_body_bytes.is_some());
        assert!(header_timeout.is_some() && max_connections.is_some());
        assert!(log_format.is_some());
        assert!(watch.is_some() && watch_poll.is_some() && read_only.is_some());
        assert!(sync_from.is_some() && sync_table.is_some() && sync_query.is_some());
        assert!(sync_key_column.is_some() && sync_updated_column.is_some());
        assert!(sync_name.is_some() && sync_every.is_some() && sync_ssl_root_cert.is_some());
    }

    #[test]
    fn unknown_options_and_bad_values_are_refused() {
        assert!(ServeConfig::parse("adress = \"127.0.0.1:80\"").is_err());
        assert!(ServeConfig::parse("log_format = \"xml\"").is_err());
        assert!(ServeConfig::parse("request_timeout = \"ten\"").is_err());
        let c = ServeConfig::parse("log_format = \"json\"\nrequest_timeout = 3").unwrap();
        assert_eq!(c.log_format, Some(LogFormat::Json));
        assert_eq!(c.request_timeout, Some(3));
    }
}
