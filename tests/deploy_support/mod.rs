//! Helpers of the deployment tests: a free loopback port, a child process killed on drop, a
//! PostgreSQL server in a temp folder, HTTP calls.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process, killed and reaped when dropped.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `GET http://127.0.0.1:port/path`: status and body (`None` when nothing answers).
pub fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(5))
        .build();
    match agent.get(&format!("http://127.0.0.1:{port}{path}")).call() {
        Ok(r) => Some((r.status(), r.into_string().unwrap_or_default())),
        Err(ureq::Error::Status(code, r)) => Some((code, r.into_string().unwrap_or_default())),
        Err(_) => None,
    }
}

/// Waits until `GET /api/health` answers 200 on `port`.
pub fn wait_healthy(port: u16, child: &mut Proc) {
    let started = Instant::now();
    loop {
        if matches!(get(port, "/api/health"), Some((200, _))) {
            return;
        }
        if let Some(status) = child.0.try_wait().unwrap() {
            panic!("server on port {port} exited: {status}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no answer on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts `vanban serve` with `args` on `port`, stderr to `log`.
pub fn serve(port: u16, args: &[&str], log: &Path) -> Proc {
    let log = std::fs::File::create(log).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("serve")
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .args(args)
        .env_remove("VANBAN_API_KEY")
        .env_remove("VANBAN_CONFIG")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut p = Proc(child);
    wait_healthy(port, &mut p);
    p
}

/// A PostgreSQL server on a loopback port, its cluster in a temp folder; stopped when dropped.
pub struct Postgres {
    pub port: u16,
    data: PathBuf,
    bin: PathBuf,
    user: Option<String>,
    server: Option<Proc>,
    _dir: tempfile::TempDir,
}

/// The folder of `initdb`, `pg_ctl` and `postgres`: the newest Debian one, else `PATH`'s.
fn postgres_bin() -> Option<PathBuf> {
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").exists() && b.join("postgres").exists())
        .collect();
    debian.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(b) = debian.pop() {
        return Some(b);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|d| d.join("initdb").exists() && d.join("postgres").exists())
    })
}

/// The TLS of a test server: its certificate and key (PEM), and whether plain connections
/// over TCP are refused.
pub struct ServerTls {
    pub cert_pem: String,
    pub key_pem: String,
    pub only_tls: bool,
}

/// A test CA and a server certificate it signed for `names` (host names or IP addresses),
/// PEM: (CA certificate, server certificate, server key).
pub fn test_certificates(names: &[&str]) -> (String, String, String) {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.distinguished_name
        .push(DnType::CommonName, "vanban test CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let mut server =
        CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    server
        .distinguished_name
        .push(DnType::CommonName, names.first().copied().unwrap_or("db"));
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let cert = server.signed_by(&key, &issuer).unwrap();
    (ca_cert.pem(), cert.pem(), key.serialize_pem())
}

impl Postgres {
    /// Starts a server; `None` (with a message) when PostgreSQL is not installed.
    pub fn start() -> Option<Postgres> {
        Self::start_with(None)
    }

    /// Starts a server with TLS (`ssl = on`) when `tls` is given.
    pub fn start_with(tls: Option<ServerTls>) -> Option<Postgres> {
        let Some(bin) = postgres_bin() else {
            eprintln!(
                "SKIPPED: PostgreSQL is not installed (apt-get install postgresql; .ci/run does)"
            );
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        // initdb refuses root: as root (CI), the cluster belongs to an unprivileged user.
        let user = (unsafe { libc::geteuid() } == 0).then(|| {
            let name = if has_user("postgres") {
                "postgres"
            } else {
                "nobody"
            };
            let status = Command::new("chown")
                .args([name, &dir.path().display().to_string()])
                .status()
                .unwrap();
            assert!(status.success(), "chown of the temp folder failed");
            name.to_string()
        });
        let mut pg = Postgres {
            port: free_port(),
            data,
            bin,
            user,
            server: None,
            _dir: dir,
        };
        let data = pg.data.display().to_string();
        let out = pg
            .command("initdb")
            .args(["-D", &data, "-U", "postgres", "-A", "trust", "-E", "UTF8"])
            .args(["--locale", "C.UTF-8"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(tls) = &tls {
            let write = |name: &str, text: &str, mode: u32| {
                let path = pg.data.join(name);
                std::fs::write(&path, text).unwrap();
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
                if let Some(u) = &pg.user {
                    let ok = Command::new("chown").arg(u).arg(&path).status().unwrap();
                    assert!(ok.success());
                }
            };
            write("server.crt", &tls.cert_pem, 0o644);
            write("server.key", &tls.key_pem, 0o600);
            let mut conf = std::fs::read_to_string(pg.data.join("postgresql.conf")).unwrap();
            conf.push_str(
                "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n",
            );
            write("postgresql.conf", &conf, 0o600);
            if tls.only_tls {
                // The socket in the folder for the test's own connections; TCP only with TLS.
                write(
                    "pg_hba.conf",
                    "local all all trust\nhostssl all all 127.0.0.1/32 trust\n",
                    0o600,
                );
            }
        }
        let port = pg.port.to_string();
        let child = pg
            .command("postgres")
            .args(["-D", &data, "-p", &port, "-k", &data])
            .args(["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        pg.server = Some(Proc(child));
        let started = Instant::now();
        while pg.socket_config().connect(postgres::NoTls).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "PostgreSQL did not start"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(pg)
    }

    /// The connection URL.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The test's own connection, through the server's socket in its data folder (plain, as
    /// `local` connections are, whatever the server asks of TCP ones).
    pub fn client(&self) -> postgres::Client {
        self.socket_config().connect(postgres::NoTls).unwrap()
    }

    fn socket_config(&self) -> postgres::Config {
        let mut c = postgres::Config::new();
        c.host_path(&self.data)
            .port(self.port)
            .user("postgres")
            .dbname("postgres");
        c
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match &self.user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }

    /// Stops the server now (fast shutdown).
    pub fn stop(&mut self) {
        if self.server.is_some() {
            let _ = self
                .command("pg_ctl")
                .args([
                    "stop",
                    "-m",
                    "immediate",
                    "-D",
                    &self.data.display().to_string(),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            self.server = None;
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
    }
}

fn has_user(name: &str) -> bool {
    Command::new("id")
        .arg(name)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
