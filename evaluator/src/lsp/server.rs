//! The message loop over stdio: the initialize handshake, requests and
//! notifications dispatched to the other parts, and the rules that keep
//! the server alive on bad input.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{self as lt, Uri};

use super::project::{self, Project, Tree};
use super::text::{self, Document};
use super::{complete, diagnostics, navigate};
use crate::atom::cache::FactCache;

/// What the server knows: the open buffers and the atoms they are in.
pub struct State {
    /// Open documents by path.
    pub docs: HashMap<PathBuf, Document>,
    /// Atoms by root directory.
    pub projects: HashMap<PathBuf, Project>,
    /// The embedded std's tree.
    pub std: Tree,
}

impl State {
    fn new() -> State {
        State {
            docs: HashMap::new(),
            projects: HashMap::new(),
            std: project::std_tree(&FactCache::uncached()),
        }
    }

    /// A file's text: the buffer when it is open, else the disk's (or the
    /// embedded std's).
    pub fn text_of(&self, path: &Path) -> Option<String> {
        match self.docs.get(path) {
            Some(d) => Some(d.text.clone()),
            None => crate::atom::cache::read_text(path).ok(),
        }
    }

    /// The atom `path` is in, opened on first use.
    fn project_root(&mut self, path: &Path) -> Option<PathBuf> {
        let root = project::atom_root(path)?;
        self.projects
            .entry(root.clone())
            .or_insert_with(|| Project::open(root.clone()));
        Some(root)
    }
}

/// A request's file: its text, its atom and module, as of now.
pub struct Context {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its atom's root.
    pub root: Option<PathBuf>,
    /// The atom's module tree.
    pub tree: Option<std::rc::Rc<Tree>>,
    /// The module the file belongs to.
    pub node: Option<usize>,
}

impl Context {
    fn new(state: &mut State, uri: &Uri) -> Result<Context, String> {
        let path = text::path_of(uri).ok_or_else(|| format!("not a local file: {}", uri.as_str()))?;
        let text = state
            .text_of(&path)
            .ok_or_else(|| format!("cannot read '{}'", path.display()))?;
        let root = state.project_root(&path);
        let tree = root.as_ref().map(|r| state.projects[r].tree());
        let node = tree.as_ref().and_then(|t| t.node_of_file(&path));
        Ok(Context {
            path,
            text,
            root,
            tree,
            node,
        })
    }

    /// The file's atom.
    pub fn project<'a>(&self, state: &'a State) -> Option<&'a Project> {
        state.projects.get(self.root.as_ref()?)
    }
}

/// Runs the server on stdin and stdout until the client exits: `Ok` after
/// `shutdown` then `exit`, or at the end of the input.
pub fn run() -> Result<(), String> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    serve(&mut stdin.lock(), &mut stdout.lock())
}

/// The loop, on any reader and writer.
pub fn serve(input: &mut impl BufRead, output: &mut impl Write) -> Result<(), String> {
    let mut server = Server {
        state: None,
        shutdown: false,
        out: output,
    };
    loop {
        let msg = match Message::read(input) {
            Ok(Some(m)) => m,
            Ok(None) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                // The whole message was read: skip it and go on.
                server.log(&format!("ignored a malformed message: {e}"))?;
                continue;
            }
            Err(e) => return Err(format!("reading a message: {e}")),
        };
        match msg {
            Message::Request(req) => server.request(req)?,
            Message::Notification(n) if n.method == lt::notification::Exit::METHOD => {
                return if server.shutdown {
                    Ok(())
                } else {
                    Err("exit without shutdown".into())
                };
            }
            Message::Notification(n) => server.notification(n)?,
            Message::Response(_) => {}
        }
    }
}

struct Server<'o, W: Write> {
    /// `None` until `initialize`.
    state: Option<State>,
    shutdown: bool,
    out: &'o mut W,
}

fn capabilities() -> lt::ServerCapabilities {
    lt::ServerCapabilities {
        text_document_sync: Some(lt::TextDocumentSyncCapability::Options(lt::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lt::TextDocumentSyncKind::INCREMENTAL),
            save: Some(lt::TextDocumentSyncSaveOptions::Supported(true)),
            ..Default::default()
        })),
        completion_provider: Some(lt::CompletionOptions {
            trigger_characters: Some(vec![".".into()]),
            ..Default::default()
        }),
        hover_provider: Some(lt::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lt::OneOf::Left(true)),
        references_provider: Some(lt::OneOf::Left(true)),
        rename_provider: Some(lt::OneOf::Left(true)),
        ..Default::default()
    }
}

fn params<P: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<P, String> {
    serde_json::from_value(value).map_err(|e| format!("invalid parameters: {e}"))
}

impl<W: Write> Server<'_, W> {
    fn send(&mut self, msg: Message) -> Result<(), String> {
        msg.write(self.out).map_err(|e| format!("writing a message: {e}"))
    }

    fn log(&mut self, message: &str) -> Result<(), String> {
        let params = lt::LogMessageParams {
            typ: lt::MessageType::WARNING,
            message: message.to_owned(),
        };
        self.send(Message::Notification(Notification::new(
            lt::notification::LogMessage::METHOD.into(),
            params,
        )))
    }

    fn request(&mut self, req: Request) -> Result<(), String> {
        let id = req.id.clone();
        let response = match (&mut self.state, req.method.as_str()) {
            (None, "initialize") => {
                let init: Result<lt::InitializeParams, _> = params(req.params);
                match init {
                    Ok(_) => {
                        self.state = Some(State::new());
                        let result = lt::InitializeResult {
                            capabilities: capabilities(),
                            server_info: Some(lt::ServerInfo {
                                name: "atom-eval".into(),
                                version: Some(env!("CARGO_PKG_VERSION").into()),
                            }),
                        };
                        Response::new_ok(id, result)
                    }
                    Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
                }
            }
            (None, _) => Response::new_err(
                id,
                ErrorCode::ServerNotInitialized as i32,
                "the server is not initialized".into(),
            ),
            (Some(_), "shutdown") => {
                self.shutdown = true;
                Response::new_ok(id, ())
            }
            (Some(state), method) => {
                let method = method.to_owned();
                // A handler that fails on unforeseen input answers with an
                // error; the server goes on.
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(state, &method, req.params)));
                match outcome {
                    Ok(Ok(value)) => Response {
                        id,
                        result: Some(value),
                        error: None,
                    },
                    Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
                    Err(_) => Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        format!("internal error while answering {method}"),
                    ),
                }
            }
        };
        self.send(Message::Response(response))
    }

    fn notification(&mut self, n: Notification) -> Result<(), String> {
        let Some(state) = &mut self.state else {
            return Ok(());
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| notify(state, &n)));
        match outcome {
            Ok(Ok(published)) => {
                for (uri, diags, version) in published {
                    let params = lt::PublishDiagnosticsParams {
                        uri,
                        diagnostics: diags,
                        version,
                    };
                    self.send(Message::Notification(Notification::new(
                        lt::notification::PublishDiagnostics::METHOD.into(),
                        params,
                    )))?;
                }
                Ok(())
            }
            Ok(Err(e)) => self.log(&format!("{}: {e}", n.method)),
            Err(_) => self.log(&format!("internal error while handling {}", n.method)),
        }
    }
}

type Published = Vec<(Uri, Vec<lt::Diagnostic>, Option<i32>)>;

/// Handles a notification; returns the diagnostics to publish.
fn notify(state: &mut State, n: &Notification) -> Result<Published, String> {
    use lt::notification::*;
    let changed = match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let p: lt::DidOpenTextDocumentParams = params(n.params.clone())?;
            let path = text::path_of(&p.text_document.uri).ok_or("not a local file")?;
            let doc = Document {
                text: p.text_document.text,
                version: p.text_document.version,
            };
            state.docs.insert(path.clone(), doc);
            // A file the tree does not list (created, or renamed by a
            // rename's edit): read its directory again.
            if let Some(root) = state.project_root(&path) {
                let project = &state.projects[&root];
                let listed = path.parent().zip(path.file_name()).is_some_and(|(dir, name)| {
                    project.cache.listing(dir).is_ok_and(|l| l.has(&name.to_string_lossy()))
                });
                if !listed {
                    project.forget(&path);
                }
            }
            path
        }
        DidChangeTextDocument::METHOD => {
            let p: lt::DidChangeTextDocumentParams = params(n.params.clone())?;
            let path = text::path_of(&p.text_document.uri).ok_or("not a local file")?;
            let doc = state
                .docs
                .get_mut(&path)
                .ok_or("a change to a document that is not open")?;
            doc.apply(p.content_changes);
            doc.version = p.text_document.version;
            path
        }
        DidSaveTextDocument::METHOD => {
            let p: lt::DidSaveTextDocumentParams = params(n.params.clone())?;
            text::path_of(&p.text_document.uri).ok_or("not a local file")?
        }
        DidCloseTextDocument::METHOD => {
            let p: lt::DidCloseTextDocumentParams = params(n.params.clone())?;
            let path = text::path_of(&p.text_document.uri).ok_or("not a local file")?;
            state.docs.remove(&path);
            if let Some(root) = project::atom_root(&path) {
                if let Some(project) = state.projects.get(&root) {
                    project.forget(&path);
                }
            }
            return Ok(vec![(p.text_document.uri, Vec::new(), None)]);
        }
        DidChangeWatchedFiles::METHOD => {
            let p: lt::DidChangeWatchedFilesParams = params(n.params.clone())?;
            for change in p.changes {
                if let Some(path) = text::path_of(&change.uri) {
                    for project in state.projects.values() {
                        project.forget(&path);
                    }
                }
            }
            return Ok(Vec::new());
        }
        _ => return Ok(Vec::new()),
    };
    Ok(refresh(state, &changed))
}

/// After `changed` changed: its diagnostics, and those of the other open
/// files of its atom (a new or renamed name changes what they may use).
fn refresh(state: &mut State, changed: &Path) -> Published {
    let root = state.project_root(changed);
    let mut out = Vec::new();
    let name = changed.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if let (Some(root), "atom.toml" | "atom.lock") = (&root, name) {
        if let Some(manifest) = state.text_of(&root.join("atom.toml")) {
            let lock = state.text_of(&root.join("atom.lock"));
            let (m, l) = diagnostics::of_manifest(root, &manifest, lock.as_deref());
            out.push((
                text::uri_of(&root.join("atom.toml")),
                m,
                version(state, &root.join("atom.toml")),
            ));
            if lock.is_some() {
                out.push((
                    text::uri_of(&root.join("atom.lock")),
                    l,
                    version(state, &root.join("atom.lock")),
                ));
            }
        }
        return out;
    }
    if !name.ends_with(".nix") {
        return out;
    }
    let Some(doc) = state.docs.get(changed) else {
        // Saved and closed: read from disk again.
        if let Some(p) = root.as_ref().and_then(|r| state.projects.get(r)) {
            p.forget(changed);
        }
        return out;
    };
    let project = root.as_ref().and_then(|r| state.projects.get(r));
    let facts = match project {
        Some(p) => {
            let before = p.cache.facts(changed).ok();
            let facts = p.overlay(changed, &doc.text);
            let is_mod = changed.file_name().is_some_and(|n| n == crate::atom::names::MOD_FILE);
            let names_changed = is_mod && before.is_none_or(|b| b.attrs != facts.attrs);
            let mut files = vec![changed.to_path_buf()];
            if names_changed {
                files.extend(
                    state
                        .docs
                        .keys()
                        .filter(|k| {
                            *k != changed && k.starts_with(&p.root) && k.extension().is_some_and(|e| e == "nix")
                        })
                        .cloned(),
                );
            }
            for f in files {
                let text = &state.docs[&f].text;
                let facts = p.cache.facts(&f).unwrap_or_default();
                let diags = diagnostics::of_nix(Some(p), &f, text, &facts);
                out.push((text::uri_of(&f), diags, version(state, &f)));
            }
            return out;
        }
        None => crate::atom::facts::FileFacts::of(&doc.text),
    };
    let diags = diagnostics::of_nix(None, changed, &doc.text, &facts);
    out.push((text::uri_of(changed), diags, Some(doc.version)));
    out
}

fn version(state: &State, path: &Path) -> Option<i32> {
    state.docs.get(path).map(|d| d.version)
}

type Failure = (ErrorCode, String);

fn bad(e: String) -> Failure {
    (ErrorCode::InvalidParams, e)
}

fn json(value: impl serde::Serialize) -> Result<serde_json::Value, Failure> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// Answers a request.
fn handle(state: &mut State, method: &str, raw: serde_json::Value) -> Result<serde_json::Value, Failure> {
    use lt::request::*;
    match method {
        Completion::METHOD => {
            let p: lt::CompletionParams = params(raw).map_err(bad)?;
            let pos = p.text_document_position;
            let ctx = Context::new(state, &pos.text_document.uri).map_err(bad)?;
            let offset = text::offset(&ctx.text, pos.position);
            json(lt::CompletionResponse::Array(complete::complete(state, &ctx, offset)))
        }
        HoverRequest::METHOD => {
            let p: lt::HoverParams = params(raw).map_err(bad)?;
            let pos = p.text_document_position_params;
            let ctx = Context::new(state, &pos.text_document.uri).map_err(bad)?;
            let offset = text::offset(&ctx.text, pos.position);
            json(navigate::hover(state, &ctx, offset))
        }
        GotoDefinition::METHOD => {
            let p: lt::GotoDefinitionParams = params(raw).map_err(bad)?;
            let pos = p.text_document_position_params;
            let ctx = Context::new(state, &pos.text_document.uri).map_err(bad)?;
            let offset = text::offset(&ctx.text, pos.position);
            json(navigate::definition(state, &ctx, offset).map(lt::GotoDefinitionResponse::Scalar))
        }
        References::METHOD => {
            let p: lt::ReferenceParams = params(raw).map_err(bad)?;
            let pos = p.text_document_position;
            let ctx = Context::new(state, &pos.text_document.uri).map_err(bad)?;
            let offset = text::offset(&ctx.text, pos.position);
            json(navigate::references(state, &ctx, offset, p.context.include_declaration))
        }
        Rename::METHOD => {
            let p: lt::RenameParams = params(raw).map_err(bad)?;
            let pos = p.text_document_position;
            let ctx = Context::new(state, &pos.text_document.uri).map_err(bad)?;
            let offset = text::offset(&ctx.text, pos.position);
            json(navigate::rename(state, &ctx, offset, &p.new_name).map_err(bad)?)
        }
        _ => Err((ErrorCode::MethodNotFound, format!("unsupported request: {method}"))),
    }
}
