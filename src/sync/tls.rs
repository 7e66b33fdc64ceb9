//! The connection to PostgreSQL: libpq's TLS settings read from the connection string, and TLS
//! through rustls (no OpenSSL linked).
//!
//! `sslmode` takes libpq's values: `disable`; `prefer` (the default: TLS when the server offers
//! it, else plain); `require` (TLS or no connection; the certificate is not checked unless a CA
//! is given); `verify-ca` (the certificate must be signed by the CA); `verify-full` (and name the
//! host connected to). The CA is `sslrootcert=FILE` in the connection string or
//! `--ssl-root-cert FILE` (PEM; the flag wins); `sslrootcert=system` reads the system's
//! trusted CAs (`/etc/ssl/certs/ca-certificates.crt`) and, as in libpq, allows only
//! `verify-full`. The password stays in the connection string and is never printed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::SyncError;

/// The system's trusted CAs on Debian (`ca-certificates`), for `sslrootcert=system`.
pub const SYSTEM_ROOTS: &str = "/etc/ssl/certs/ca-certificates.crt";

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl TlsMode {
    fn parse(value: &str) -> Result<TlsMode, SyncError> {
        Ok(match value {
            "disable" => TlsMode::Disable,
            // libpq's `allow` tries plain first; vanban tries TLS first, as `prefer`.
            "allow" | "prefer" => TlsMode::Prefer,
            "require" => TlsMode::Require,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" => TlsMode::VerifyFull,
            other => {
                return Err(SyncError::Options(format!(
                    "sslmode `{}` is not one of disable, prefer, require, verify-ca, verify-full",
                    other.escape_debug()
                )))
            }
        })
    }
}

/// Where the CA certificates come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootCert {
    /// A PEM file of one or more certificates.
    File(PathBuf),
    /// The system's trusted CAs.
    System,
}

/// A connection string read: the rest of it for the driver, and the TLS settings taken out.
#[derive(Debug)]
pub struct Target {
    /// Everything but `sslmode` and `sslrootcert`, as the driver reads it.
    pub config: postgres::Config,
    pub mode: TlsMode,
    pub root_cert: Option<RootCert>,
}

/// Reads `url` (`postgres://...?sslmode=...` or `host=... sslmode=...`); `root_cert` (the
/// `--ssl-root-cert` flag) wins over `sslrootcert` in the string.
pub fn target(url: &str, root_cert: Option<&Path>) -> Result<Target, SyncError> {
    let (rest, settings) = take_tls_settings(url);
    let mut mode = TlsMode::Prefer;
    let mut mode_given = false;
    let mut root = None;
    for (key, value) in settings {
        match key.as_str() {
            "sslmode" => {
                mode = TlsMode::parse(&value)?;
                mode_given = true;
            }
            _ => {
                root = Some(if value == "system" {
                    RootCert::System
                } else {
                    RootCert::File(PathBuf::from(value))
                })
            }
        }
    }
    if let Some(path) = root_cert {
        root = Some(RootCert::File(path.to_path_buf()));
    }
    if root == Some(RootCert::System) && mode != TlsMode::VerifyFull {
        if mode_given {
            return Err(SyncError::Options(
                "sslrootcert=system checks the server against public CAs: use it with \
                 sslmode=verify-full only (as libpq)"
                    .into(),
            ));
        }
        mode = TlsMode::VerifyFull;
    }
    if matches!(mode, TlsMode::VerifyCa | TlsMode::VerifyFull) && root.is_none() {
        return Err(SyncError::Options(
            "sslmode=verify-ca and verify-full check the server's certificate against a CA: give \
             its certificate with --ssl-root-cert FILE (PEM) or sslrootcert=FILE in the \
             connection string (sslrootcert=system for the system's trusted CAs)"
                .into(),
        ));
    }
    let mut config: postgres::Config = rest
        .parse()
        .map_err(|e: postgres::Error| SyncError::Options(chain(&e)))?;
    config.ssl_mode(match mode {
        TlsMode::Disable => postgres::config::SslMode::Disable,
        TlsMode::Prefer => postgres::config::SslMode::Prefer,
        _ => postgres::config::SslMode::Require,
    });
    Ok(Target {
        config,
        mode,
        root_cert: root,
    })
}

/// Connects to `url` with the TLS it asks for.
pub fn connect(url: &str, root_cert: Option<&Path>) -> Result<postgres::Client, SyncError> {
    let t = target(url, root_cert)?;
    if t.mode == TlsMode::Disable {
        return Ok(t.config.connect(postgres::NoTls)?);
    }
    let tls = client_config(t.mode, t.root_cert.as_ref())?;
    Ok(t.config
        .connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))?)
}

/// The rustls configuration of a mode.
fn client_config(
    mode: TlsMode,
    root: Option<&RootCert>,
) -> Result<rustls::ClientConfig, SyncError> {
    // ring: a small C build, nothing to link at run time. rustls 0.23.48 marks it deprecated
    // because it has no post-quantum key exchange (X25519 and the NIST curves remain); the
    // aws-lc-rs provider that has one is a much larger C build.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| SyncError::Options(format!("TLS: {e}")))?;
    let algorithms = provider.signature_verification_algorithms;
    let verifier: Arc<dyn ServerCertVerifier> = match root {
        // `prefer` and `require` without a CA: encrypted, the certificate not checked (libpq).
        None => Arc::new(AnyCertificate(algorithms)),
        Some(root) => {
            let roots = Arc::new(load_roots(root)?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider)
                .build()
                .map_err(|e| SyncError::Options(format!("TLS: {e}")))?;
            if mode == TlsMode::VerifyFull {
                webpki
            } else {
                // `verify-ca`, and `require` or `prefer` with a CA (as libpq): the chain is
                // checked, not the host name.
                Arc::new(AnyName(webpki))
            }
        }
    };
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// The CA certificates of `root`.
fn load_roots(root: &RootCert) -> Result<RootCertStore, SyncError> {
    let path = match root {
        RootCert::File(p) => p.as_path(),
        RootCert::System => Path::new(SYSTEM_ROOTS),
    };
    let err = |reason: String| SyncError::Options(format!("CA file {}: {reason}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let mut store = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&bytes) {
        let cert = cert.map_err(|e| err(format!("not a PEM certificate file ({e})")))?;
        store
            .add(cert)
            .map_err(|e| err(format!("a certificate is not usable as a CA ({e})")))?;
    }
    if store.is_empty() {
        return Err(err("no PEM certificate in the file".into()));
    }
    Ok(store)
}

/// Accepts any certificate (`sslmode=require` without a CA), but still checks that the
/// server holds its key (the handshake's signatures).
#[derive(Debug)]
struct AnyCertificate(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// The CA's check without the host name's (`verify-ca`).
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // The chain is checked before the name: a name error means the chain was good.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// Splits `sslmode` and `sslrootcert` (in the order given, values decoded) off a connection
/// string, URL or key=value form; the rest is returned as written.
fn take_tls_settings(url: &str) -> (String, Vec<(String, String)>) {
    let is_tls_key = |k: &str| k == "sslmode" || k == "sslrootcert";
    let mut taken = Vec::new();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let Some((head, query)) = url.split_once('?') else {
            return (url.to_string(), taken);
        };
        let mut kept = Vec::new();
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(k);
            if is_tls_key(&key) {
                taken.push((key, decode(v)));
            } else if !pair.is_empty() {
                kept.push(pair);
            }
        }
        let rest = if kept.is_empty() {
            head.to_string()
        } else {
            format!("{head}?{}", kept.join("&"))
        };
        return (rest, taken);
    }
    // key=value pairs: a value is bare or 'quoted', with \ escaping the next character.
    let mut kept = Vec::new();
    let mut chars = url.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        let mut key = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '=').is_some() {
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
            let quoted = chars.next_if(|(_, c)| *c == '\'').is_some();
            while let Some((_, c)) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next().map(|(_, c)| c)),
                    '\'' if quoted => break,
                    c if c.is_whitespace() && !quoted => break,
                    c => value.push(c),
                }
            }
        }
        let end = chars.peek().map_or(url.len(), |&(i, _)| i);
        if is_tls_key(&key) {
            taken.push((key, value));
        } else {
            kept.push(url[start..end].trim_end());
        }
    }
    (kept.join(" "), taken)
}

/// Percent-decoding of a URL query part.
fn decode(s: &str) -> String {
    form_urlencoded::parse(format!("{s}=").as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default()
}

/// An error and its causes, `: `-separated (the driver's Display leaves its cause out).
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        cause = c.source();
    }
    message
}

/// What to do about a connection error, when its text says (the driver's and the server's
/// messages are kept; this is added after them).
pub fn hint(message: &str) -> Option<&'static str> {
    if message.contains("no pg_hba.conf entry")
        && (message.contains("no encryption") || message.contains("SSL off"))
    {
        Some(
            "the server accepts only TLS connections from here: add sslmode=require to the \
             connection string (or sslmode=verify-full and --ssl-root-cert CA.pem to also check \
             its certificate)",
        )
    } else if message.contains("server does not support TLS") {
        Some(
            "the server does not offer TLS (ssl = off in its postgresql.conf): turn it on there, \
             or on a trusted network connect with sslmode=prefer",
        )
    } else if message.contains("not valid for name") || message.contains("NotValidForName") {
        Some(
            "the server's certificate does not name the host connected to: connect by a name \
             the certificate carries, or use sslmode=verify-ca (the CA is still checked)",
        )
    } else if message.contains("UnknownIssuer") || message.contains("invalid peer certificate") {
        Some(
            "the server's certificate is not accepted: check that --ssl-root-cert (sslrootcert) \
             is the certificate of the CA that signed it, and that it has not expired",
        )
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(url: &str) -> (String, Vec<(String, String)>) {
        take_tls_settings(url)
    }

    #[test]
    fn tls_settings_come_out_of_a_url() {
        let (rest, t) = taken(
            "postgres://u:p%3Fw@db.tinh.local:5432/vanthu?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=5",
        );
        assert_eq!(
            rest,
            "postgres://u:p%3Fw@db.tinh.local:5432/vanthu?connect_timeout=5"
        );
        assert_eq!(
            t,
            vec![
                ("sslmode".into(), "verify-full".into()),
                ("sslrootcert".into(), "/etc/ca.pem".into())
            ]
        );
        assert_eq!(
            taken("postgresql://h/db?sslmode=require").0,
            "postgresql://h/db"
        );
        assert_eq!(taken("postgres://h/db").1, vec![]);
    }

    #[test]
    fn tls_settings_come_out_of_key_value_pairs() {
        let (rest, t) = taken(
            "host=db port=5432 sslmode = require password='a b\\'c' sslrootcert='/etc/my ca.pem' dbname=vanthu",
        );
        assert_eq!(rest, "host=db port=5432 password='a b\\'c' dbname=vanthu");
        assert_eq!(
            t,
            vec![
                ("sslmode".into(), "require".into()),
                ("sslrootcert".into(), "/etc/my ca.pem".into())
            ]
        );
        let target = target(&rest, None).unwrap();
        assert_eq!(target.config.get_password(), Some(&b"a b'c"[..]));
    }

    #[test]
    fn modes_and_their_ca() {
        let t = target("postgres://h/db", None).unwrap();
        assert_eq!((t.mode, t.root_cert), (TlsMode::Prefer, None));
        let t = target("postgres://h/db?sslmode=disable", None).unwrap();
        assert_eq!(t.mode, TlsMode::Disable);
        let e = target("postgres://h/db?sslmode=verify-full", None).unwrap_err();
        assert!(e.to_string().contains("--ssl-root-cert"), "{e}");
        let t = target(
            "postgres://h/db?sslmode=verify-full&sslrootcert=/a.pem",
            Some(Path::new("/b.pem")),
        )
        .unwrap();
        assert_eq!(t.root_cert, Some(RootCert::File("/b.pem".into())));
        let t = target("postgres://h/db?sslrootcert=system", None).unwrap();
        assert_eq!(t.mode, TlsMode::VerifyFull);
        assert!(target("postgres://h/db?sslmode=require&sslrootcert=system", None).is_err());
        let e = target("postgres://h/db?sslmode=on", None).unwrap_err();
        assert!(e.to_string().contains("verify-full"), "{e}");
        // Other options still reach the driver, which refuses those it does not know.
        assert!(target("postgres://h/db?connect_timeout=5", None).is_ok());
        assert!(target("postgres://h/db?nonsense=1", None).is_err());
    }

    #[test]
    fn a_missing_ca_file_is_named() {
        let e = load_roots(&RootCert::File("/nonexistent/ca.pem".into())).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/ca.pem"), "{e}");
    }
}
