#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Checks on the CI templates that no vendor schema covers.

validate_templates.sh runs the external validators (check-jsonschema, pre-commit, groovyc,
bash -n, shellcheck) and calls this file for the rest:

  checks ROOT            YAML parse, SPDX headers, the contract each template promises
                         (JUnit/artifact publishing, exit codes, rules), the Jenkinsfile
                         structure and the gremlin flags the templates pass.
  snippets ROOT DIR      the shell embedded in the templates, one file per snippet, plus an
                         index `DIR/index.tsv` (file, shell, origin).
  split-docs FILE DIR    the YAML documents of FILE as DIR/doc-N.yml, for validators that read
                         one document per file (a GitLab component: `spec:` header, `---`,
                         jobs); refuses a header that holds anything but `spec`.
  behave ROOT DIR        runs the templates' own shell against a fake gremlin (in DIR):
                         arguments, exit codes, signing-key handling, and the pre-commit hooks
                         through `pre-commit try-repo`.

Every failure prints `FAIL <file>: <reason>`; every pass prints `ok   <file>: <check>`.
The last line is `checks: N passed, M failed`; the exit status is 1 when M > 0.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

SPDX_LINES = (
    "SPDX-License-Identifier: Apache-2.0",
    "Copyright (c) 2026 The Gremlin Authors",
)

# Flags per subcommand, from SPEC.md "Command line" plus two later additions: `--out` for
# release ("Release outputs go under --out") and `--staged` / `--quiet` from issue 7.
# `--cli BIN` replaces this table with what `BIN <command> --help` prints.
SPEC_FLAGS: dict[str, set[str]] = {
    "audit": {"--manifest", "--policy", "--repo", "--rev", "--base", "--out", "--only",
              "--skip", "--junit-flavor", "--quiet", "--timeout"},
    "release": {"--manifest", "--audit", "--tag", "--notify", "--sign", "--dry-run", "--out"},
    "headers": {"--fix", "--policy", "--staged"},
    "secrets": {"--baseline-update", "--staged"},
}

EXPR = re.compile(r"\$\{\{.*?\}\}", re.S)


# --------------------------------------------------------------------------- reporting

@dataclass
class Report:
    """Collects pass/fail lines so one run reports every problem, not just the first."""

    passed: int = 0
    failed: int = 0

    def ok(self, path: str, what: str) -> None:
        self.passed += 1
        print(f"ok   {path}: {what}")

    def fail(self, path: str, why: str) -> None:
        self.failed += 1
        print(f"FAIL {path}: {why}")

    def expect(self, cond: bool, path: str, what: str, why: str | None = None) -> bool:
        if cond:
            self.ok(path, what)
        else:
            self.fail(path, why or f"expected {what}")
        return cond


# --------------------------------------------------------------------------- files

def template_files(root: Path) -> list[Path]:
    """Every file the templates consist of, README.md files aside: ci-templates/, the GitLab
    CI/CD components under templates/ (GitLab wants them at the repository root) and the
    pre-commit hooks."""
    files = [p for p in sorted((root / "ci-templates").rglob("*"))
             if p.is_file() and p.name != "README.md"]
    if (root / "templates").is_dir():
        files += [p for p in sorted((root / "templates").rglob("*.yml")) if p.is_file()]
    hooks = root / ".pre-commit-hooks.yaml"
    if hooks.exists():
        files.append(hooks)
    return files


def rel(root: Path, p: Path) -> str:
    return p.relative_to(root).as_posix()


def is_component(path: Path) -> bool:
    return path.parent.name == "templates" or path.name == "template.yml"


def load_yaml(path: Path) -> Any:
    """One document; a GitLab component is two (its `spec:` header and its jobs) and loads as
    the jobs with the header kept under the `spec` key."""
    with path.open(encoding="utf-8") as fh:
        docs = list(yaml.safe_load_all(fh))
    if is_component(path) and len(docs) == 2 and isinstance(docs[0], dict) and isinstance(docs[1], dict):
        if set(docs[0]) != {"spec"}:
            raise ValueError(f"the header document holds {sorted(docs[0])}; GitLab allows only `spec`")
        if "spec" in docs[1]:
            raise ValueError("`spec` in the jobs document; it belongs in the header before `---`")
        return {"spec": docs[0]["spec"], **docs[1]}
    if len(docs) != 1:
        raise ValueError(f"{len(docs)} YAML documents, expected 1")
    return docs[0]


INPUT_REF = re.compile(r"\$\[\[\s*inputs\.([\w-]+)\s*\]\]")


def component_inputs(doc: dict) -> dict[str, Any]:
    return ((doc.get("spec") or {}).get("inputs")) or {}


def interpolate_inputs(doc: dict, values: dict[str, Any] | None = None) -> dict:
    """The component's jobs with `$[[ inputs.x ]]` replaced as GitLab would: `values`, else the
    input's default. An unknown input is an error (GitLab refuses the pipeline)."""
    inputs = component_inputs(doc)

    def value(m: re.Match) -> str:
        name = m.group(1)
        if name not in inputs:
            raise ValueError(f"$[[ inputs.{name} ]] names no input in spec:inputs")
        v = (values or {}).get(name, (inputs[name] or {}).get("default", ""))
        return str(v).lower() if isinstance(v, bool) else str(v)

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return INPUT_REF.sub(value, node)
        if isinstance(node, dict):
            return {walk(k): walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk({k: v for k, v in doc.items() if k != "spec"})


def split_docs(path: Path, out: Path) -> int:
    """Writes each YAML document of `path` to `out/doc-N.yml` (the text, not a re-dump)."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^---[ \t]*$\n?", text)
    parts = [p for p in parts if p.strip() and any(
        line.strip() and not line.lstrip().startswith("#") for line in p.splitlines())]
    if len(parts) > 1:
        header = yaml.safe_load(parts[0])
        if not isinstance(header, dict) or set(header) != {"spec"}:
            print(f"{path}: the header document must hold `spec` and nothing else", file=sys.stderr)
            return 1
    out.mkdir(parents=True, exist_ok=True)
    for i, part in enumerate(parts):
        (out / f"doc-{i}.yml").write_text(part, encoding="utf-8")
    return 0


def workflow_on(doc: dict) -> Any:
    # YAML 1.1 reads a bare `on` key as boolean true.
    return doc.get("on", doc.get(True))


# --------------------------------------------------------------------------- shell snippets

@dataclass
class Snippet:
    """One embedded shell script and where it came from."""

    origin: str
    shell: str  # "bash" or "sh"
    text: str


def github_snippets(path: str, doc: dict) -> Iterator[Snippet]:
    def steps_of(steps: list, default_shell: str, where: str) -> Iterator[Snippet]:
        for i, step in enumerate(steps or []):
            if isinstance(step, dict) and "run" in step:
                shell = step.get("shell", default_shell)
                name = step.get("name", f"step {i}")
                yield Snippet(f"{path} {where} '{name}'", "sh" if shell == "sh" else "bash",
                              step["run"])

    if "runs" in doc:
        yield from steps_of(doc["runs"].get("steps"), "bash", "runs.steps")
    for job_id, job in (doc.get("jobs") or {}).items():
        shell = (((job.get("defaults") or {}).get("run") or {}).get("shell")) or "bash"
        yield from steps_of(job.get("steps"), shell, f"jobs.{job_id}")


GITLAB_KEYWORDS = {"stages", "variables", "include", "workflow", "default", "image",
                   "services", "cache", "before_script", "after_script", "spec"}


def gitlab_jobs(doc: dict) -> dict[str, dict]:
    """Jobs (hidden ones too) with `extends:` resolved the way GitLab merges hashes."""
    raw = {k: v for k, v in doc.items() if k not in GITLAB_KEYWORDS and isinstance(v, dict)}

    def merge(base: dict, over: dict) -> dict:
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
        return out

    def resolve(name: str, seen: tuple[str, ...] = ()) -> dict:
        if name in seen:
            raise ValueError(f"extends cycle through {name}")
        job = raw[name]
        parents = job.get("extends") or []
        parents = [parents] if isinstance(parents, str) else parents
        acc: dict = {}
        for parent in parents:
            acc = merge(acc, resolve(parent, seen + (name,)))
        return merge(acc, {k: v for k, v in job.items() if k != "extends"})

    return {name: resolve(name) for name in raw}


def gitlab_snippets(path: str, doc: dict) -> Iterator[Snippet]:
    for name, job in gitlab_jobs(doc).items():
        if name.startswith(".") or "script" not in job:
            continue
        lines: list[str] = []
        for key in ("before_script", "script"):
            value = job.get(key) or []
            lines.extend([value] if isinstance(value, str) else value)
        yield Snippet(f"{path} job {name}", "sh", "\n".join(lines) + "\n")


def azure_snippets(path: str, doc: Any) -> Iterator[Snippet]:
    def walk(node: Any) -> Iterator[dict]:
        if isinstance(node, dict):
            if "bash" in node or "script" in node:
                yield node
            for v in node.values():
                yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)

    for step in walk(doc.get("steps") or doc.get("jobs") or []):
        body = step.get("bash", step.get("script"))
        if isinstance(body, str):
            yield Snippet(f"{path} step '{step.get('displayName', '?')}'", "bash", body)


JENKINS_SH = re.compile(r"\bsh\s*\((?P<args>[^)]*?)script:\s*'''(?P<body>.*?)'''", re.S)


def jenkins_snippets(path: str, text: str) -> Iterator[Snippet]:
    for m in JENKINS_SH.finditer(text):
        # Groovy drops a backslash-newline inside a ''' string, as the shell would.
        body = m.group("body").replace("\\\n", "")
        label = re.search(r"label:\s*'([^']*)'", m.group("args"))
        yield Snippet(f"{path} sh '{label.group(1) if label else '?'}'", "sh", body)


def precommit_snippets(path: str, doc: list) -> Iterator[Snippet]:
    for hook in doc:
        yield Snippet(f"{path} hook {hook.get('id')}", "sh", hook.get("entry", "") + "\n")


def all_snippets(root: Path) -> list[Snippet]:
    out: list[Snippet] = []
    for p in template_files(root):
        r = rel(root, p)
        if p.name == "Jenkinsfile":
            out.extend(jenkins_snippets(r, p.read_text(encoding="utf-8")))
            continue
        if p.suffix not in (".yml", ".yaml"):
            continue
        doc = load_yaml(p)
        if r.startswith("ci-templates/github/"):
            out.extend(github_snippets(r, doc))
        elif r.startswith("ci-templates/gitlab/"):
            out.extend(gitlab_snippets(r, doc))
        elif r.startswith("templates/"):
            out.extend(gitlab_snippets(r, interpolate_inputs(doc)))
        elif r.startswith("ci-templates/azure/"):
            out.extend(azure_snippets(r, doc))
        elif p.name == ".pre-commit-hooks.yaml":
            out.extend(precommit_snippets(r, doc))
    return out


def shell_ready(s: Snippet) -> str:
    # `${{ … }}` is replaced before the shell sees it; a plain word keeps the syntax intact.
    return EXPR.sub("__EXPR__", s.text)


# --------------------------------------------------------------------------- gremlin flags

INVOCATION = re.compile(r"(?:args=\(|set -- |\bgremlin\s+)(audit|release|headers|secrets)\b")
CONTINUATION = re.compile(r"(?:args\+=\(|set -- \"\$@\")")
FLAG = re.compile(r"(?<![\w-])(--[a-z][a-z-]*)")


def gremlin_flag_uses(text: str) -> Iterator[tuple[str, str]]:
    """(subcommand, flag) for every flag the snippet hands to gremlin."""
    current = None
    for line in text.replace("\\\n", " ").splitlines():
        start = INVOCATION.search(line)
        if start:
            current = start.group(1)
            chunk = line[start.end():]
        elif current and CONTINUATION.search(line):
            chunk = line[CONTINUATION.search(line).end():]
        else:
            continue
        chunk = chunk.split(")")[0] if "args" in line else chunk.split(";")[0]
        for flag in FLAG.findall(chunk):
            yield current, flag


def cli_flags(binary: str) -> dict[str, set[str]]:
    flags: dict[str, set[str]] = {}
    for command in SPEC_FLAGS:
        res = subprocess.run([binary, command, "--help"], capture_output=True, text=True,
                             timeout=60)
        flags[command] = set(FLAG.findall(res.stdout + res.stderr)) if res.returncode == 0 else set()
    return flags


# --------------------------------------------------------------------------- Jenkinsfile

@dataclass
class Block:
    """A `{ … }` block of the Jenkinsfile, named by the call that opens it."""

    name: str
    line: int
    start: int
    end: int = -1
    children: list["Block"] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # identifiers directly inside

    def child(self, name: str) -> list["Block"]:
        return [c for c in self.children if c.name == name]


GROOVY_TOKEN = re.compile(
    r"""(?P<comment>//[^\n]*|/\*.*?\*/)
      |(?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")
      |(?P<ident>[A-Za-z_]\w*)
      |(?P<open>\{)|(?P<close>\})|(?P<lparen>\()|(?P<rparen>\))
      |(?P<other>\S)""",
    re.S | re.X,
)


def parse_groovy_blocks(text: str) -> Block:
    """Brace tree of a Groovy file; strings and comments are skipped, not parsed.

    Raises ValueError naming the line of an unbalanced brace or parenthesis.
    """
    root = Block("<file>", 1, 0)
    stack = [root]
    parens: list[tuple[int, str | None]] = []  # (line, identifier before the paren)
    last_ident: str | None = None
    pending_name: str | None = None
    for m in GROOVY_TOKEN.finditer(text):
        kind = m.lastgroup
        line = text.count("\n", 0, m.start()) + 1
        if kind in ("comment", "string"):
            continue
        if kind == "ident":
            last_ident = m.group()
            stack[-1].words.append(last_ident)
            pending_name = last_ident
        elif kind == "lparen":
            parens.append((line, pending_name))
            pending_name = None
        elif kind == "rparen":
            if not parens:
                raise ValueError(f"line {line}: ')' without '('")
            _, pending_name = parens.pop()
        elif kind == "open":
            block = Block(pending_name or "<closure>", line, m.start())
            stack[-1].children.append(block)
            stack.append(block)
            pending_name = None
        elif kind == "close":
            if len(stack) == 1:
                raise ValueError(f"line {line}: '}}' without '{{'")
            stack.pop().end = m.end()
            pending_name = None
        else:
            pending_name = None
    if len(stack) > 1:
        raise ValueError(f"line {stack[-1].line}: '{stack[-1].name} {{' is never closed")
    if parens:
        raise ValueError(f"line {parens[-1][0]}: '(' is never closed")
    return root


def check_jenkinsfile(rep: Report, path: str, text: str) -> None:
    try:
        root = parse_groovy_blocks(text)
    except ValueError as err:
        rep.fail(path, f"unbalanced: {err}")
        return
    rep.ok(path, "braces and parentheses balanced")
    pipelines = root.child("pipeline")
    if not rep.expect(len(pipelines) == 1, path, "one top-level `pipeline { }` block"):
        return
    pipeline = pipelines[0]
    rep.expect("agent" in pipeline.words or bool(pipeline.child("agent")), path,
               "pipeline declares an `agent`")
    stages = pipeline.child("stages")
    if not rep.expect(len(stages) == 1, path, "pipeline has one `stages { }` block"):
        return
    stage_blocks = stages[0].child("stage")
    rep.expect(bool(stage_blocks) and all(s.child("steps") for s in stage_blocks), path,
               "every `stage(…) { }` has `steps { }`")
    gremlin = [s for s in stage_blocks
               if "set -- audit" in text[s.start:s.end] and s.child("steps")]
    if not rep.expect(len(gremlin) == 1, path, "one stage runs `gremlin audit`"):
        return
    stage = gremlin[0]
    steps = text[stage.child("steps")[0].start:stage.child("steps")[0].end]
    rep.expect("returnStatus: true" in steps and re.search(r"\berror\(", steps) is not None,
               path, "the audit stage keeps the exit code and fails the build on non-zero",
               "the audit stage needs sh(returnStatus: true) followed by error(...) on non-zero")
    always = [a for p in stage.child("post") for a in p.child("always")]
    post_text = "".join(text[a.start:a.end] for a in always)
    rep.expect(bool(always) and "junit" in always[0].words and "out/junit.xml" in post_text,
               path, "`junit` on out/junit.xml in the stage's post { always { } }")
    rep.expect(bool(always) and "archiveArtifacts" in always[0].words and "out/" in post_text,
               path, "`archiveArtifacts` of out/ in the stage's post { always { } }")


# --------------------------------------------------------------------------- per-template contracts

def source_version(root: Path) -> str:
    """`GremlinVersion.source` in Version.swift: what a release tag v<version> must match."""
    text = (root / "Sources/GremlinKit/Core/Version.swift").read_text(encoding="utf-8")
    m = re.search(r'static let source = "([^"]+)"', text)
    return m.group(1) if m else ""


def check_github_action(rep: Report, path: str, doc: dict, version: str) -> None:
    rep.expect(doc.get("runs", {}).get("using") == "composite", path, "a composite action")
    inputs = doc.get("inputs") or {}
    need = {"manifest", "policy", "version", "out-dir", "gremlin-binary", "junit-flavor",
            "build-from-source", "source", "sha256"}
    rep.expect(need <= set(inputs), path, f"inputs {sorted(need)}",
               f"missing inputs {sorted(need - set(inputs))}")
    rep.expect(str((inputs.get("version") or {}).get("default")) == version, path,
               f"input version defaults to the source version {version}",
               f"input version defaults to {(inputs.get('version') or {}).get('default')!r}, not {version} (Version.swift)")
    steps = doc["runs"].get("steps") or []
    uses = {s.get("uses", "").split("@")[0]: s for s in steps if isinstance(s, dict)}
    for action in ("actions/cache/restore", "actions/cache/save", "actions/upload-artifact",
                   "github/codeql-action/upload-sarif"):
        rep.expect(action in uses, path, f"uses {action}")
    # The bundle is the default: its steps run when neither a binary nor a source build is asked.
    bundle = [s for s in steps if "'bundle'" in str(s.get("if", ""))]
    keys = [str((s.get("with") or {}).get("key", "")) for s in bundle if "actions/cache" in str(s.get("uses", ""))]
    rep.expect(bool(keys) and all(all(k in key for k in ("inputs.version", "runner.os", "runner.arch"))
                                  for key in keys), path,
               "bundle cache keyed by inputs.version, runner.os and runner.arch", f"bundle cache keys {keys}")
    rep.expect(any("install.sh" in str(s.get("run", "")) and "GREMLIN_BUNDLE_FILE" in str(s.get("run", ""))
                   for s in bundle), path, "the bundle is installed by the release's install.sh")
    source = [s for s in steps if "'source'" in str(s.get("if", ""))]
    rep.expect(any("swift build" in str(s.get("run", "")) for s in source), path,
               "build from source remains (build-from-source / source)")
    mode = next((s for s in steps if s.get("id") == "mode"), {})
    rep.expect("how=bundle" in str(mode.get("run", "")), path, "bundle unless a binary or a source build is asked")
    sarif = uses.get("github/codeql-action/upload-sarif", {})
    rep.expect("checkout_path" in (sarif.get("with") or {}) and "sarif_file" in (sarif.get("with") or {}),
               path, "upload-sarif passes sarif_file and checkout_path")
    upload = uses.get("actions/upload-artifact", {})
    rep.expect("always()" in str(upload.get("if", "")), path,
               "artifacts upload runs always()")
    last = steps[-1] if steps else {}
    rep.expect("always()" in str(last.get("if", "")) and "exit" in last.get("run", "")
               and "steps.audit.outputs.exit-code" in json.dumps(last.get("env", {})),
               path, "the last step re-raises gremlin's exit code after the uploads")
    check_no_expressions_in_run(rep, path, doc)


def check_no_expressions_in_run(rep: Report, path: str, doc: dict) -> None:
    bad = [s.origin for s in github_snippets(path, doc) if EXPR.search(s.text)]
    rep.expect(not bad, path, "no ${{ }} inside run: (inputs reach the shell through env:)",
               f"${{{{ }}}} inside run: in {bad}")


def check_reusable_workflow(rep: Report, path: str, doc: dict, version: str) -> None:
    call = (workflow_on(doc) or {}).get("workflow_call") if isinstance(workflow_on(doc), dict) else None
    if not rep.expect(isinstance(call, dict), path, "on: workflow_call"):
        return
    inputs = call.get("inputs") or {}
    rep.expect({"mode", "manifest", "policy", "gremlin-repository", "gremlin-version", "source"} <= set(inputs),
               path, "inputs mode, manifest, policy, gremlin-repository, gremlin-version, source")
    rep.expect(str((inputs.get("gremlin-version") or {}).get("default")) == version, path,
               f"input gremlin-version defaults to the source version {version}")
    secrets = set(call.get("secrets") or {})
    rep.expect({"GREMLIN_SIGNING_KEY", "GREMLIN_NOTIFY_URL"} <= secrets, path,
               "secrets GREMLIN_SIGNING_KEY and GREMLIN_NOTIFY_URL")
    jobs = list(doc["jobs"].values())
    steps = [s for job in jobs for s in job.get("steps") or []]
    rep.expect(all("container" in job for job in jobs), path,
               "the job runs in a container (the bundle is built for Debian 12)")
    checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
    rep.expect(any((s.get("with") or {}).get("fetch-depth") == 0 for s in checkouts), path,
               "checkout with fetch-depth: 0")
    gate = [s for s in steps if str(s.get("uses", "")).startswith("./.gremlin-src/ci-templates/github")]
    rep.expect(len(gate) == 1, path, "runs the composite action from the Gremlin checkout")
    with_ = (gate[0].get("with") or {}) if gate else {}
    rep.expect("inputs.gremlin-version" in str(with_.get("version")) and "inputs.source" in str(with_.get("build-from-source")),
               path, "passes gremlin-version to the action, and builds from source only with `source`")
    text = "\n".join(s.get("run", "") for s in steps)
    for mode, policy in (("pre-merge", "policies/pre-merge.yaml"),
                         ("pipeline", "policies/production.yaml"),
                         ("release", "policies/release.yaml")):
        rep.expect(mode in text and policy in text, path, f"mode {mode} → {policy}")
    release = [s for s in steps if "args=(release" in s.get("run", "")]
    env = (release[0].get("env") or {}) if release else {}
    rep.expect(bool(release) and "--sign" in release[0]["run"]
               and "secrets.GREMLIN_NOTIFY_URL" in str(env.get("GREMLIN_WEBHOOK_URL"))
               and "secrets.GREMLIN_SIGNING_KEY" in str(env.get("GREMLIN_SIGNING_KEY")), path,
               "release mode signs with a key file and hands the webhook over as GREMLIN_WEBHOOK_URL")
    check_no_expressions_in_run(rep, path, doc)


def check_caller_workflow(rep: Report, path: str, doc: dict, version: str) -> None:
    on = workflow_on(doc) or {}
    rep.expect("pull_request" in on and "push" in on, path, "triggers on pull_request and push")
    calls = [j for j in doc.get("jobs", {}).values()
             if str(j.get("uses", "")).endswith("/gremlin.yml")]
    modes = {(j.get("with") or {}).get("mode") for j in calls}
    rep.expect(modes == {"pre-merge", "pipeline", "release"}, path,
               "calls gremlin.yml for pre-merge, pipeline and release", f"modes {modes}")
    pins = {str((j.get("with") or {}).get("gremlin-version")) for j in calls}
    rep.expect(pins == {version}, path, f"every call pins gremlin-version {version}", f"pins {pins}")


def check_gitlab(rep: Report, path: str, raw: dict, version: str) -> None:
    """The CI/CD component (templates/gremlin.yml)."""
    inputs = component_inputs(raw)
    need = {"stage", "policy", "manifest", "version", "junit-flavor", "source"}
    rep.expect(need <= set(inputs), path, f"spec:inputs {sorted(need)}",
               f"spec:inputs lacks {sorted(need - set(inputs))}")
    rep.expect(str((inputs.get("version") or {}).get("default")) == version, path,
               f"input version defaults to the source version {version}")
    rep.expect(not ({"stages", "variables"} & set(raw)), path,
               "no global stages:/variables: imposed on the includer",
               f"global {sorted({'stages', 'variables'} & set(raw))} in a component")
    try:
        doc = interpolate_inputs(raw)
    except ValueError as err:
        rep.fail(path, str(err))
        return
    jobs = gitlab_jobs(doc)
    base = jobs.get(".gremlin")
    if not rep.expect(base is not None, path, "a hidden `.gremlin` job"):
        return
    rep.expect(str(raw[".gremlin"].get("stage")) == "$[[ inputs.stage ]]", path, "jobs run in the stage input")
    setup = raw.get(".gremlin-setup") or {}
    keys = [str(c.get("key")) for c in setup.get("cache") or []]
    rep.expect(any("inputs.version" in k for k in keys), path, "the bundle cache key holds the version",
               f"cache keys {keys}")
    before = "\n".join(setup.get("before_script") or [])
    rep.expect("install.sh" in before and "GREMLIN_BUNDLE_FILE" in before and "uname -m" in before, path,
               "the bundle (per arch) is installed by the release's install.sh")
    rep.expect("swift build" in before and "GREMLIN_IN_SOURCE" in before, path,
               "build from source remains (the source input)")
    artifacts = base.get("artifacts") or {}
    reports = artifacts.get("reports") or {}
    rep.expect(artifacts.get("when") == "always", path, "artifacts:when: always")
    rep.expect(reports.get("junit") == "out/junit.xml", path,
               "artifacts:reports:junit: out/junit.xml")
    rep.expect(reports.get("codequality") == "out/gl-code-quality.json", path,
               "artifacts:reports:codequality: out/gl-code-quality.json")

    def jobs_where(pattern: str) -> list[tuple[str, dict]]:
        return [(n, j) for n, j in jobs.items() if not n.startswith(".")
                and any(re.search(pattern, str(r.get("if", ""))) for r in j.get("rules") or [])]

    for label, pattern, policy in (
            ("merge requests", r"merge_request_event", "policies/pre-merge.yaml"),
            ("the default branch", r"CI_DEFAULT_BRANCH", "policies/production.yaml"),
            ("release branches", r"release\\/", "policies/release.yaml")):
        audits = [(n, j) for n, j in jobs_where(pattern)
                  if "set -- audit" in " ".join(j.get("script", []))]
        ok = len(audits) == 1
        if ok:
            name, job = audits[0]
            variables = job.get("variables") or {}
            ok = variables.get("GREMLIN_JOB_POLICY") == policy and str(variables.get("GIT_DEPTH")) == "0"
        rep.expect(ok, path, f"one audit job for {label} with {policy} and GIT_DEPTH 0")
    releases = [(n, j) for n, j in jobs_where(r"release\\/")
                if "set -- release" in " ".join(j.get("script", []))]
    rep.expect(len(releases) == 1, path, "a release job on release branches runs gremlin release")
    if releases:
        variables = releases[0][1].get("variables") or {}
        rep.expect(variables.get("GREMLIN_WEBHOOK_URL") == "$GREMLIN_NOTIFY_URL", path,
                   "the release job hands GREMLIN_NOTIFY_URL to gremlin as GREMLIN_WEBHOOK_URL")


def check_gitlab_include(rep: Report, path: str, doc: dict, version: str) -> None:
    """The old include path: a shim that includes the component."""
    includes = doc.get("include") or []
    local = [i for i in includes if isinstance(i, dict) and i.get("local") == "/templates/gremlin.yml"]
    rep.expect(len(local) == 1, path, "includes the component /templates/gremlin.yml (the old path keeps working)")
    rep.expect("gremlin" in (doc.get("stages") or []) and (local[0].get("inputs") or {}).get("stage") == "gremlin"
               if local else False, path, "keeps the old `gremlin` stage for its includers")


def check_gitlab_example(rep: Report, path: str, doc: dict, version: str) -> None:
    comps = [i.get("component", "") for i in doc.get("include") or [] if isinstance(i, dict)]
    rep.expect(len(comps) == 1 and comps[0].endswith(f"/gremlin@{version}"), path,
               f"includes the component pinned at {version}", f"includes {comps}")


def check_azure_template(rep: Report, path: str, doc: dict, version: str) -> None:
    params = {p.get("name"): p for p in doc.get("parameters") or []}
    rep.expect({"manifest", "policy", "gremlinVersion", "gremlinSource", "gremlinSha256"} <= set(params), path,
               "parameters manifest, policy, gremlinVersion, gremlinSource, gremlinSha256")
    rep.expect(str((params.get("gremlinVersion") or {}).get("default")) == version, path,
               f"gremlinVersion defaults to the source version {version}")
    steps = list(flatten_azure(doc.get("steps") or []))
    caches = [s for s in steps if s.get("task") == "Cache@2" and "bundle" in str(s.get("displayName", ""))]
    key = str((caches[0].get("inputs") or {}).get("key", "")) if caches else ""
    rep.expect(all(k in key for k in ("parameters.gremlinVersion", "Agent.OS", "Agent.OSArchitecture")), path,
               "Cache@2 keeps the bundle keyed by version, OS and arch", f"bundle cache key {key!r}")
    rep.expect(any("install.sh" in str(s.get("bash", "")) and "GREMLIN_BUNDLE_FILE" in str(s.get("bash", ""))
                   for s in steps), path, "the bundle is installed by the release's install.sh")
    rep.expect(any("swift build" in str(s.get("bash", "")) for s in steps)
               and "ne(parameters.gremlinSource, '')" in json.dumps(doc.get("steps")), path,
               "build from source remains (gremlinSource)")
    tests = [s for s in steps if s.get("task") == "PublishTestResults@2"]
    ok = len(tests) == 1
    if ok:
        inputs = tests[0].get("inputs") or {}
        ok = (inputs.get("testResultsFormat") == "JUnit" and inputs.get("failTaskOnFailedTests") is True
              and "always()" in str(tests[0].get("condition", "")))
    rep.expect(ok, path, "PublishTestResults@2 (JUnit, failTaskOnFailedTests, always())")
    arts = [s for s in steps if s.get("task") in ("PublishPipelineArtifact@1", "PublishBuildArtifacts@1")]
    rep.expect(any("always()" in str(s.get("condition", "")) for s in arts), path,
               "artifacts published with an always() condition")
    sarif = [s for s in arts if (s.get("inputs") or {}).get("ArtifactName") == "CodeAnalysisLogs"]
    rep.expect(len(sarif) == 1 and sarif[0].get("task") == "PublishBuildArtifacts@1"
               and str((sarif[0].get("inputs") or {}).get("PathtoPublish", "")).endswith("/gremlin.sarif")
               and "always()" in str(sarif[0].get("condition", "")), path,
               "gremlin.sarif published as the CodeAnalysisLogs build artifact, always()")
    audit = [s for s in steps if "args=(audit" in str(s.get("bash", ""))]
    rep.expect(len(audit) == 1 and re.search(r'exit "\$rc"\s*$', audit[0]["bash"]) is not None,
               path, "the audit step exits with gremlin's exit code")


def flatten_azure(items: list) -> Iterator[dict]:
    for item in items:
        if isinstance(item, dict) and len(item) == 1 and EXPR.fullmatch(next(iter(item))):
            yield from flatten_azure(next(iter(item.values())) or [])
        elif isinstance(item, dict):
            yield item


def check_azure_release(rep: Report, path: str, doc: dict, version: str) -> None:
    steps = list(flatten_azure(doc.get("steps") or []))
    release = [s for s in steps if "args=(release" in str(s.get("bash", ""))]
    rep.expect(len(release) == 1 and "--sign" in release[0]["bash"]
               and "parameters.notifyUrl" in str((release[0].get("env") or {}).get("GREMLIN_WEBHOOK_URL"))
               and re.search(r'exit "\$rc"\s*$', release[0]["bash"]) is not None, path,
               "gremlin release with --sign and the webhook as GREMLIN_WEBHOOK_URL, exiting with its exit code")
    arts = [s for s in steps if s.get("task") in ("PublishPipelineArtifact@1", "PublishBuildArtifacts@1")]
    rep.expect(any("always()" in str(s.get("condition", "")) for s in arts), path,
               "release artifacts published with an always() condition")


def check_azure_caller(rep: Report, path: str, doc: dict, version: str) -> None:
    refs = [s.get("template", "") for j in doc.get("jobs") or [] for s in j.get("steps") or []]
    refs = [r for r in refs if r]
    rep.expect(bool(refs) and all(r.split("@")[0] in ("ci-templates/azure/gremlin.yml",
                                                       "ci-templates/azure/gremlin-release.yml")
                                  and "@" in r for r in refs),
               path, "jobs use the Gremlin templates from a repository resource")
    checkouts = [s for j in doc.get("jobs") or [] for s in j.get("steps") or [] if "checkout" in s]
    rep.expect(bool(checkouts) and all(str(s.get("fetchDepth")) == "0" for s in checkouts), path,
               "every checkout fetches full history (fetchDepth 0)")
    resources = ((doc.get("resources") or {}).get("repositories")) or []
    pins = {r.get("ref") for r in resources}
    rep.expect(pins == {f"refs/tags/v{version}"}, path, f"the repository resource pins refs/tags/v{version}",
               f"repository resource refs {pins}")
    rep.expect(str((doc.get("variables") or {}).get("GREMLIN_VERSION")) == version, path,
               f"GREMLIN_VERSION {version}")


def check_precommit(rep: Report, path: str, doc: list, version: str) -> None:
    hooks = {h.get("id"): h for h in doc}
    for hook_id, entry in (("gremlin-headers", "gremlin headers --staged"),
                           ("gremlin-secrets", "gremlin secrets --staged")):
        hook = hooks.get(hook_id) or {}
        rep.expect(hook.get("entry") == entry and hook.get("pass_filenames") is False, path,
                   f"hook {hook_id}: `{entry}`, pass_filenames: false")


def check_readmes(rep: Report, root: Path) -> None:
    for folder in sorted(p for p in (root / "ci-templates").iterdir() if p.is_dir()):
        readme = folder / "README.md"
        text = readme.read_text(encoding="utf-8") if readme.exists() else ""
        r = rel(root, readme)
        rep.expect("```" in text and re.search(r"(?i)exit code", text) is not None
                   and re.search(r"(?i)artifact", text) is not None, r,
                   "README with a snippet to copy, artifacts and exit codes")


PIN_PATTERNS = [
    re.compile(r"(?:your-org|your-group)/gremlin[\w/.-]*@v?(\d+\.\d+\.\d+)"),
    re.compile(r"refs/tags/v(\d+\.\d+\.\d+)"),
    re.compile(r"releases/download/v(\d+\.\d+\.\d+)"),
    re.compile(r"\bgremlin[:-](\d+\.\d+\.\d+)"),
    re.compile(r"(?<![\w-])(?:rev|ref|version|gremlin-version|gremlinVersion|GREMLIN_VERSION|defaultValue)"
               r"[:=]\s*['\"]?v?(\d+\.\d+\.\d+)"),
    re.compile(r"(?<![\w/.-])v(\d+\.\d+\.\d+)\b"),
]


def check_pinned_versions(rep: Report, root: Path, version: str) -> None:
    """Every Gremlin version a template or its README pins is the source version, so the
    release tag v<version> (which scripts/dist.sh checks against Version.swift) is what they pin."""
    rep.expect(re.fullmatch(r"\d+\.\d+\.\d+", version) is not None, "Sources/GremlinKit/Core/Version.swift",
               f"source version {version!r} read")
    files = template_files(root) + sorted((root / "ci-templates").rglob("README.md"))
    for p in files:
        text = p.read_text(encoding="utf-8")
        found = {m.group(1) for pat in PIN_PATTERNS for m in pat.finditer(text)}
        r = rel(root, p)
        if found:
            rep.expect(found == {version}, r, f"pins Gremlin {version} only",
                       f"pins {sorted(found)}; every pin must be the source version {version} (Version.swift)")


def check_no_secret_arguments(rep: Report, root: Path) -> None:
    """The webhook URL and the tag-push token never reach a command line: gremlin reads the
    webhook from GREMLIN_WEBHOOK_URL, git the token from GIT_CONFIG_* variables."""
    snippets = all_snippets(root)
    bad = [s.origin for s in snippets if re.search(r"--notify\b", s.text)]
    rep.expect(not bad, "ci-templates", "no template passes --notify (the webhook is a secret)",
               f"--notify on a command line in {bad}")
    bad = [s.origin for s in snippets
           for line in s.text.splitlines() if re.search(r"TOKEN\}?@", line) or
           (re.search(r"\bgit\b.*\bpush\b", line) and "TOKEN" in line)]
    rep.expect(not bad, "ci-templates", "no token inside a URL or a git argument", f"token on a command line in {bad}")
    jenkins = (root / "ci-templates/jenkins/Jenkinsfile").read_text(encoding="utf-8")
    rep.expect("variable: 'GREMLIN_WEBHOOK_URL'" in jenkins and "--notify" not in jenkins,
               "ci-templates/jenkins/Jenkinsfile", "the webhook credential is bound to GREMLIN_WEBHOOK_URL")


def check_jenkins_distribution(rep: Report, path: str, text: str, version: str) -> None:
    m = re.search(r"name: 'GREMLIN_VERSION', defaultValue: '([^']*)'", text)
    rep.expect(bool(m) and m.group(1) == version, path, f"GREMLIN_VERSION defaults to the source version {version}",
               f"GREMLIN_VERSION defaults to {m.group(1) if m else None!r}")
    prepare = next((s.text for s in jenkins_snippets(path, text) if s.origin.endswith("'Prepare gremlin'")), "")
    rep.expect("install.sh" in prepare and "GREMLIN_BUNDLE_FILE" in prepare
               and '$GREMLIN_CACHE_DIR/$GREMLIN_VERSION' in prepare, path,
               "the bundle is installed by install.sh from a directory on the agent keyed by version")
    rep.expect("GREMLIN_SOURCE" in prepare and "swift build" in prepare, path,
               "build from source remains (GREMLIN_SOURCE)")
    rep.expect(re.search(r"recordIssues\([^)]*tools:\s*\[sarif\([^)]*pattern:\s*'out/gremlin\.sarif'", text, re.S)
               is not None, path, "recordIssues(tools: [sarif(pattern: 'out/gremlin.sarif')])")


# --------------------------------------------------------------------------- behaviour

FAKE_GREMLIN = """#!/bin/sh
# Stand-in for gremlin: records its arguments (the signing key's mode, the webhook it would
# read from its environment) and exits $FAKE_RC.
: > "$FAKE_ARGS"
printf 'WEBHOOK=%s\\n' "${GREMLIN_WEBHOOK_URL:-}" > "$FAKE_ARGS.env"
prev=""
for a in "$@"; do
  printf '%s\\n' "$a" >> "$FAKE_ARGS"
  if [ "$prev" = --sign ]; then stat -c 'KEYMODE=%a' "$a" >> "$FAKE_ARGS.key"; fi
  prev="$a"
done
exit "${FAKE_RC:-0}"
"""


@dataclass
class Run:
    """One execution of a template's own shell against the fake gremlin."""

    rc: int
    args: list[str]
    outputs: dict[str, str]
    keymode: str
    stdout: str
    webhook: str = ""


def run_snippet(shell: list[str], text: str, env: dict[str, str], tmp: Path,
                fake_rc: int, work: Path | None = None) -> Run:
    work = work or Path(tempfile.mkdtemp(prefix="run-", dir=tmp))
    fake = tmp / "gremlin"
    fake.write_text(FAKE_GREMLIN, encoding="utf-8")
    fake.chmod(0o755)
    script = work / "step"
    script.write_text(text, encoding="utf-8")
    full = {"PATH": os.environ["PATH"], "HOME": str(work), "FAKE_ARGS": str(work / "args"),
            "FAKE_RC": str(fake_rc), "GITHUB_OUTPUT": str(work / "output"),
            "GITHUB_STEP_SUMMARY": str(work / "summary"), "RUNNER_TEMP": str(work),
            "WORKSPACE": str(work), "TMPDIR": str(work)}
    full.update({k: v.replace("@FAKE@", str(fake)) for k, v in env.items()})
    res = subprocess.run(shell + [str(script)], cwd=work, env=full, capture_output=True,
                         text=True, timeout=60)
    args_file = work / "args"
    outputs = {}
    if (work / "output").exists():
        for line in (work / "output").read_text(encoding="utf-8").splitlines():
            k, _, v = line.partition("=")
            outputs[k] = v
    key = work / "args.key"
    seen = work / "args.env"
    webhook = seen.read_text(encoding="utf-8").strip().removeprefix("WEBHOOK=") if seen.exists() else ""
    return Run(res.returncode,
               args_file.read_text(encoding="utf-8").splitlines() if args_file.exists() else [],
               outputs, key.read_text(encoding="utf-8").strip() if key.exists() else "",
               res.stdout + res.stderr, webhook)


def step_run(doc: dict, name: str) -> str:
    steps = doc["runs"]["steps"] if "runs" in doc else [
        s for j in doc["jobs"].values() for s in j.get("steps") or []]
    return next(s["run"] for s in steps if s.get("name") == name)


def behave(root: Path, tmp: Path) -> int:
    """Run the templates' own shell with a fake gremlin: arguments, exit codes, secrets."""
    rep = Report()
    bash = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]

    action = load_yaml(root / "ci-templates/github/action.yml")
    audit_env = {"GREMLIN": "@FAKE@", "MANIFEST": "m.yaml", "POLICY": "p.yaml", "REPO_DIR": ".",
                 "REV": "", "BASE": "b0", "OUT_DIR": "out", "JUNIT_FLAVOR": "gitlab"}
    want = ["audit", "--repo", ".", "--out", "out", "--junit-flavor", "gitlab", "--timeout", "900",
            "--manifest", "m.yaml", "--policy", "p.yaml", "--base", "b0"]
    where = "ci-templates/github/action.yml"
    for rc in (0, 1, 2):
        r = run_snippet(bash, step_run(action, "Run gremlin audit"), audit_env, tmp, rc)
        rep.expect(r.rc == 0 and r.outputs.get("exit-code") == str(rc) and r.args == want, where,
                   f"audit step records exit {rc} and passes the inputs as flags",
                   f"audit step with gremlin exit {rc}: step rc {r.rc}, outputs {r.outputs}, args {r.args}\n{r.stdout}")
        r = run_snippet(bash, step_run(action, "Enforce the Gremlin verdict"), {"RC": str(rc)}, tmp, 0)
        rep.expect(r.rc == rc, where, f"verdict step exits {rc}", f"verdict step exits {r.rc} for {rc}")

    workflow = load_yaml(root / "ci-templates/github/workflows/gremlin.yml")
    where = "ci-templates/github/workflows/gremlin.yml"
    for rc in (0, 3):
        env = {"GREMLIN": "@FAKE@", "MANIFEST": "m.yaml", "OUT_DIR": "out", "TAG": "true",
               "DRY_RUN": "false", "GREMLIN_SIGNING_KEY": "k3y", "GREMLIN_WEBHOOK_URL": "https://hook.invalid/x"}
        r = run_snippet(bash, step_run(workflow, "Gremlin release"), env, tmp, rc)
        key = r.args[r.args.index("--sign") + 1] if "--sign" in r.args else ""
        ok = (r.rc == rc and r.outputs.get("exit-code") == str(rc) and r.keymode == "KEYMODE=600"
              and key and not Path(key).exists() and r.webhook == "https://hook.invalid/x"
              and r.args == ["release", "--manifest", "m.yaml", "--audit", "out/audit.json",
                             "--sign", key, "--tag"])
        rep.expect(bool(ok), where, f"release step: exit {rc}, key file 0600 and removed, webhook only in the environment",
                   f"release step with gremlin exit {rc}: rc {r.rc}, {r.keymode!r}, webhook {r.webhook!r}, args {r.args}\n{r.stdout}")

    behave_bundle(rep, root, tmp)

    gitlab = interpolate_inputs(load_yaml(root / "templates/gremlin.yml"))
    jobs = gitlab_jobs(gitlab)
    where = "templates/gremlin.yml"

    def gitlab_env(job: dict, extra: dict[str, str]) -> dict[str, str]:
        # Job variables as the runner expands them: $VAR from the CI/CD variables (extra).
        env = {k: re.sub(r"\$(\w+)", lambda m: extra.get(m.group(1), ""), str(v))
               for k, v in (job.get("variables") or {}).items()}
        env.update(extra)
        return env

    job = jobs["gremlin:pre-merge"]
    for rc in (0, 1, 2):
        env = gitlab_env(job, {"GREMLIN_BIN": "@FAKE@", "GREMLIN_MANIFEST": "m.yaml",
                               "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": "h3ad"})
        r = run_snippet(["sh", "-e"], "\n".join(job["script"]), env, tmp, rc)
        want = ["audit", "--repo", ".", "--out", "out", "--junit-flavor", "gitlab", "--timeout", "900", "--policy",
                "policies/pre-merge.yaml", "--manifest", "m.yaml", "--rev", "h3ad"]
        rep.expect(r.rc == rc and r.args == want, where,
                   f"gremlin:pre-merge exits {rc} with the pre-merge policy and the MR head",
                   f"gremlin:pre-merge with gremlin exit {rc}: rc {r.rc}, args {r.args}\n{r.stdout}")
    comp = interpolate_inputs(load_yaml(root / "templates/gremlin.yml"),
                              {"policy": "p.yaml", "manifest": "in.yaml", "junit-flavor": "strict"})
    env = gitlab_env(gitlab_jobs(comp)["gremlin:production"], {"GREMLIN_BIN": "@FAKE@", "GREMLIN_MANIFEST": "old.yaml"})
    r = run_snippet(["sh", "-e"], "\n".join(jobs["gremlin:production"]["script"]), env, tmp, 0)
    want = ["audit", "--repo", ".", "--out", "out", "--junit-flavor", "strict", "--timeout", "900", "--policy",
            "p.yaml", "--manifest", "in.yaml"]
    rep.expect(r.rc == 0 and r.args == want, where, "the policy, manifest and junit-flavor inputs reach gremlin",
               f"inputs: rc {r.rc}, args {r.args}\n{r.stdout}")
    job = jobs["gremlin:release"]
    for rc in (0, 3):
        env = gitlab_env(job, {"GREMLIN_BIN": "@FAKE@", "GREMLIN_MANIFEST": "m.yaml",
                               "GREMLIN_SIGNING_KEY": "k3y", "GREMLIN_NOTIFY_URL": "https://hook.invalid/x"})
        r = run_snippet(["sh", "-e"], "\n".join(job["script"]), env, tmp, rc)
        key = r.args[r.args.index("--sign") + 1] if "--sign" in r.args else ""
        ok = (r.rc == rc and r.keymode == "KEYMODE=600" and key and not Path(key).exists()
              and r.webhook == "https://hook.invalid/x"
              and r.args == ["release", "--manifest", "m.yaml", "--audit", "out/audit.json",
                             "--sign", key])
        rep.expect(bool(ok), where, f"gremlin:release exits {rc}, key text in a 0600 file, removed; webhook in the environment",
                   f"gremlin:release with gremlin exit {rc}: rc {r.rc}, {r.keymode!r}, webhook {r.webhook!r}, args {r.args}\n{r.stdout}")

    text = (root / "ci-templates/jenkins/Jenkinsfile").read_text(encoding="utf-8")
    audit = next(s.text for s in jenkins_snippets("", text) if s.origin.endswith("'gremlin audit'"))
    where = "ci-templates/jenkins/Jenkinsfile"
    for rc in (0, 1, 2):
        env = {"GREMLIN_BINARY": "@FAKE@", "GREMLIN_POLICY_FILE": "p.yaml",
               "GREMLIN_MANIFEST": "m.yaml", "CHANGE_TARGET": "main"}
        r = run_snippet(["sh", "-xe"], audit, env, tmp, rc)
        want = ["audit", "--repo", ".", "--out", "out", "--policy", "p.yaml", "--junit-flavor",
                "strict", "--timeout", "900", "--manifest", "m.yaml", "--base", "origin/main"]
        rep.expect(r.rc == rc and r.args == want, where,
                   f"audit sh returns {rc} with the change target as base",
                   f"audit sh with gremlin exit {rc}: rc {r.rc}, args {r.args}\n{r.stdout}")

    release = next(s.text for s in jenkins_snippets("", text) if s.origin.endswith("'gremlin release'"))
    env = {"GREMLIN_BINARY": "@FAKE@", "GREMLIN_MANIFEST": "m.yaml", "GREMLIN_SIGNING_KEY": "/k.pem",
           "GREMLIN_WEBHOOK_URL": "https://hook.invalid/x"}
    r = run_snippet(["sh", "-xe"], release, env, tmp, 3)
    rep.expect(r.rc == 3 and r.webhook == "https://hook.invalid/x" and r.args == [
        "release", "--manifest", "m.yaml", "--audit", "out/audit.json", "--sign", "/k.pem"], where,
        "release sh: the key file from the credential, the webhook only in the environment, exit 3 kept",
        f"release sh: rc {r.rc}, webhook {r.webhook!r}, args {r.args}\n{r.stdout}")

    azure = load_yaml(root / "ci-templates/azure/gremlin.yml")
    step = next(s for s in flatten_azure(azure["steps"]) if s.get("displayName") == "Gremlin audit")
    where = "ci-templates/azure/gremlin.yml"
    for rc in (0, 1, 2):
        env = {"GREMLIN_BIN": "@FAKE@", "MANIFEST": "m.yaml", "POLICY": "p.yaml", "REPO_DIR": ".",
               "BASE": "", "OUT_DIR": "out", "JUNIT_FLAVOR": "strict", "ARTIFACT": "a",
               "SYSTEM_PULLREQUEST_SOURCECOMMITID": "h3ad"}
        # The Bash task runs `bash --noprofile --norc FILE`, without -e.
        r = run_snippet(["bash", "--noprofile", "--norc"], step["bash"], env, tmp, rc)
        want = ["audit", "--repo", ".", "--out", "out", "--junit-flavor", "strict", "--timeout", "900",
                "--manifest", "m.yaml", "--policy", "p.yaml", "--rev", "h3ad"]
        rep.expect(r.rc == rc and r.args == want, where,
                   f"audit step exits {rc} and audits the PR head",
                   f"audit step with gremlin exit {rc}: rc {r.rc}, args {r.args}\n{r.stdout}")

    release = load_yaml(root / "ci-templates/azure/gremlin-release.yml")
    step = next(s for s in flatten_azure(release["steps"]) if s.get("displayName") == "Gremlin release")
    where = "ci-templates/azure/gremlin-release.yml"
    for rc, out_dir in ((0, "out"), (3, "gate")):
        env = {"GREMLIN_BIN": "@FAKE@", "MANIFEST": "m.yaml", "OUT_DIR": out_dir, "SIGNING_KEY": "",
               "GREMLIN_WEBHOOK_URL": "https://hook.invalid/x"}
        r = run_snippet(["bash", "--noprofile", "--norc"], step["bash"], env, tmp, rc)
        want = ["release", "--manifest", "m.yaml", "--audit", f"{out_dir}/audit.json"]
        want += ["--out", out_dir] if out_dir != "out" else []
        rep.expect(r.rc == rc and r.args == want and r.webhook == "https://hook.invalid/x", where,
                   f"release step exits {rc}, the webhook only in the environment",
                   f"release step with gremlin exit {rc}: rc {r.rc}, webhook {r.webhook!r}, args {r.args}\n{r.stdout}")

    behave_precommit(rep, root, tmp)
    print(f"behaviour: {rep.passed} passed, {rep.failed} failed")
    return 1 if rep.failed else 0


def fake_release(root: Path, tmp: Path, version: str) -> tuple[str, str]:
    """A release directory as GitHub serves it: install.sh (the real one), a bundle whose
    bin/gremlin is the fake, and its .sha256. Returns (file:// base URL, arch)."""
    import hashlib
    import io
    import tarfile

    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(os.uname().machine, os.uname().machine)
    name = f"gremlin-{version}-linux-{arch}"
    release = tmp / "release"
    release.mkdir(exist_ok=True)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for path, data, mode in ((f"{name}/bin/gremlin", FAKE_GREMLIN.encode(), 0o755),
                                 (f"{name}/RUNTIME-PACKAGES", b"\n", 0o644)):
            info = tarfile.TarInfo(path)
            info.size, info.mode = len(data), mode
            tar.addfile(info, io.BytesIO(data))
    (release / f"{name}.tar.gz").write_bytes(buf.getvalue())
    digest = hashlib.sha256(buf.getvalue()).hexdigest()
    (release / f"{name}.tar.gz.sha256").write_text(f"{digest}  {name}.tar.gz\n", encoding="utf-8")
    (release / "install.sh").write_bytes((root / "scripts/install.sh").read_bytes())
    return release.as_uri(), arch


def behave_bundle(rep: Report, root: Path, tmp: Path) -> None:
    """The default install path of each template against a local release: download, checksum,
    install.sh, the cache reused without the network, a wrong checksum refused (exit 2)."""
    version = source_version(root)
    base, arch = fake_release(root, tmp, version)
    bash = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]

    where = "templates/gremlin.yml"
    report_bin = '\nprintf "bin=%s\\n" "$GREMLIN_BIN" >> "$GITHUB_OUTPUT"\n'

    def gitlab_setup(inputs: dict[str, str], work: Path) -> Run:
        doc = interpolate_inputs(load_yaml(root / where), inputs)
        job = gitlab_jobs(doc)["gremlin:production"]
        env = {k: str(v) for k, v in (job.get("variables") or {}).items()}
        return run_snippet(["sh", "-e"], "\n".join(job["before_script"]) + report_bin, env, tmp, 0, work)

    work = Path(tempfile.mkdtemp(prefix="gitlab-", dir=tmp))
    r = gitlab_setup({"base-url": base}, work)
    cached = work / ".gremlin-cache" / version / f"linux-{arch}"
    binary = r.outputs.get("bin", "")
    rep.expect(r.rc == 0 and binary.startswith(str(cached)) and os.access(binary, os.X_OK)
               and (cached / f"gremlin-{version}-linux-{arch}.tar.gz").is_file() and (cached / "install.sh").is_file(),
               where, f"installs the {version} bundle with install.sh, keeping the download in the cache path",
               f"bundle install: rc {r.rc}, bin {binary!r}\n{r.stdout}")
    r = gitlab_setup({"base-url": (tmp / "offline").as_uri()}, work)
    rep.expect(r.rc == 0 and r.outputs.get("bin") == binary, where, "a warm cache installs without the network",
               f"cached install: rc {r.rc}\n{r.stdout}")
    work = Path(tempfile.mkdtemp(prefix="gitlab-", dir=tmp))
    r = gitlab_setup({"base-url": base, "sha256": "0" * 64}, work)
    rep.expect(r.rc == 2 and not (work / ".gremlin-cache" / version / f"linux-{arch}").exists(), where,
               "a bundle whose checksum differs from the sha256 input is refused (exit 2) and dropped from the cache",
               f"checksum mismatch: rc {r.rc}\n{r.stdout}")

    where = "ci-templates/github/action.yml"
    action = load_yaml(root / where)
    work = Path(tempfile.mkdtemp(prefix="github-", dir=tmp))
    env = {"GREMLIN_VERSION": version, "GREMLIN_REPOSITORY": "your-org/gremlin", "GREMLIN_BASE_URL": base,
           "BUNDLE_DIR": str(work / "tool-cache"), "GREMLIN_SHA256": "", "PREFIX": str(work / "gremlin")}
    r1 = run_snippet(bash, step_run(action, "Download the Gremlin ${{ inputs.version }} bundle"), env, tmp, 0, work)
    r2 = run_snippet(bash, step_run(action, "Install the Gremlin ${{ inputs.version }} bundle"), env, tmp, 0, work)
    rep.expect(r1.rc == 0 and r2.rc == 0 and os.access(r2.outputs.get("path", ""), os.X_OK), where,
               "downloads the bundle into the cached directory and installs it with install.sh",
               f"download rc {r1.rc}, install rc {r2.rc}, outputs {r2.outputs}\n{r1.stdout}{r2.stdout}")
    (work / "output").unlink(missing_ok=True)
    r = run_snippet(bash, step_run(action, "Install the Gremlin ${{ inputs.version }} bundle"),
                    {**env, "GREMLIN_SHA256": "0" * 64}, tmp, 0, work)
    rep.expect(r.rc == 2 and "path" not in r.outputs, where, "a wrong sha256 input refuses the install (exit 2)",
               f"checksum mismatch: rc {r.rc}, outputs {r.outputs}\n{r.stdout}")

    where = "ci-templates/azure/gremlin.yml"
    azure = load_yaml(root / where)
    step = next(s for s in flatten_azure(azure["steps"]) if str(s.get("displayName", "")).startswith("Install the Gremlin"))
    work = Path(tempfile.mkdtemp(prefix="azure-", dir=tmp))
    env = {"GREMLIN_VERSION": version, "GREMLIN_REPOSITORY": "your-org/gremlin", "GREMLIN_BASE_URL": base,
           "GREMLIN_SHA256": "", "PIPELINE_WORKSPACE": str(work), "AGENT_TEMPDIRECTORY": str(work / "t")}
    r = run_snippet(["bash", "--noprofile", "--norc"], step["bash"], env, tmp, 0, work)
    m = re.search(r"##vso\[task\.setvariable variable=GREMLIN_BIN\](\S+)", r.stdout)
    rep.expect(r.rc == 0 and m is not None and os.access(m.group(1), os.X_OK)
               and (work / "gremlin-bundle" / "install.sh").is_file(), where,
               "downloads into the Cache@2 path, installs with install.sh, sets GREMLIN_BIN",
               f"bundle install: rc {r.rc}\n{r.stdout}")


def behave_precommit(rep: Report, root: Path, tmp: Path) -> None:
    """`pre-commit try-repo` on this repository's hooks, with the fake gremlin on PATH."""
    where = ".pre-commit-hooks.yaml"
    bindir = tmp / "precommit-bin"
    bindir.mkdir()
    (bindir / "gremlin").write_text(FAKE_GREMLIN, encoding="utf-8")
    (bindir / "gremlin").chmod(0o755)
    repo = tmp / "precommit-repo"
    repo.mkdir()
    env = {"PATH": f"{bindir}:{os.environ['PATH']}", "HOME": str(tmp),
           "PRE_COMMIT_HOME": str(tmp / "precommit-cache"), "FAKE_ARGS": str(tmp / "hook-args"),
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}

    def git(cwd: Path, *args: str) -> None:
        subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)

    # The hooks file alone, committed: try-repo reads committed content, and the working
    # copy under test may not be committed yet.
    hooks_repo = tmp / "precommit-hooks"
    hooks_repo.mkdir()
    (hooks_repo / ".pre-commit-hooks.yaml").write_bytes((root / ".pre-commit-hooks.yaml").read_bytes())
    git(hooks_repo, "init", "-q")
    git(hooks_repo, "add", ".pre-commit-hooks.yaml")
    git(hooks_repo, "commit", "-q", "-m", "hooks")
    git(repo, "init", "-q")
    (repo / "model.py").write_text("print('x')\n", encoding="utf-8")
    git(repo, "add", "model.py")
    for hook, command in (("gremlin-headers-system", "headers"), ("gremlin-secrets-system", "secrets")):
        for rc in (0, 1):
            res = subprocess.run(["pre-commit", "try-repo", str(hooks_repo), hook], cwd=repo,
                                 env={**env, "FAKE_RC": str(rc)}, capture_output=True, text=True,
                                 timeout=300)
            args_file = tmp / "hook-args"
            args = args_file.read_text(encoding="utf-8").splitlines() if args_file.exists() else []
            args_file.unlink(missing_ok=True)
            ok = args == [command, "--staged"] and ((res.returncode == 0) == (rc == 0))
            rep.expect(ok, where, f"{hook} runs `gremlin {command} --staged` (no file names), gremlin exit {rc} → "
                       f"{'pass' if rc == 0 else 'commit refused'}",
                       f"{hook} with gremlin exit {rc}: pre-commit rc {res.returncode}, args {args}\n{res.stdout}{res.stderr}")


# --------------------------------------------------------------------------- driver

def run_checks(root: Path, cli: str | None) -> int:
    rep = Report()
    allowed = cli_flags(cli) if cli else SPEC_FLAGS
    version = source_version(root)
    for p in template_files(root):
        r = rel(root, p)
        head = p.read_text(encoding="utf-8").splitlines()[:6]
        rep.expect(all(any(line.lstrip("#/ ").startswith(want) for line in head) for want in SPDX_LINES),
                   r, "SPDX header", "missing the two SPDX header lines at the top")
        if p.name == "Jenkinsfile":
            text = p.read_text(encoding="utf-8")
            check_jenkinsfile(rep, r, text)
            check_jenkins_distribution(rep, r, text, version)
            continue
        if p.suffix not in (".yml", ".yaml"):
            rep.fail(r, "no check knows this file type; add one to template_checks.py")
            continue
        try:
            doc = load_yaml(p)
        except (yaml.YAMLError, ValueError) as err:
            rep.fail(r, f"YAML does not parse: {err}")
            continue
        rep.ok(r, "YAML parses")
        contract: Callable[[Report, str, Any, str], None] | None = {
            "ci-templates/github/action.yml": check_github_action,
            "ci-templates/github/workflows/gremlin.yml": check_reusable_workflow,
            "ci-templates/github/workflows/model-release.yml": check_caller_workflow,
            "templates/gremlin.yml": check_gitlab,
            "ci-templates/gitlab/gremlin.gitlab-ci.yml": check_gitlab_include,
            "ci-templates/gitlab/example.gitlab-ci.yml": check_gitlab_example,
            "ci-templates/azure/gremlin.yml": check_azure_template,
            "ci-templates/azure/gremlin-release.yml": check_azure_release,
            "ci-templates/azure/azure-pipelines.yml": check_azure_caller,
            ".pre-commit-hooks.yaml": check_precommit,
        }.get(r)
        if contract:
            contract(rep, r, doc, version)
        elif r.startswith("templates/"):
            rep.fail(r, "a component no contract checks; add it to run_checks")
    check_readmes(rep, root)
    check_pinned_versions(rep, root, version)
    check_no_secret_arguments(rep, root)
    for snip in all_snippets(root):
        bad = sorted({f"{cmd} {flag}" for cmd, flag in gremlin_flag_uses(snip.text)
                      if flag not in allowed.get(cmd, set())})
        if bad:
            rep.fail(snip.origin, f"gremlin flags not in the CLI: {', '.join(bad)}")
    flagged = sum(1 for s in all_snippets(root) for _ in gremlin_flag_uses(s.text))
    rep.expect(flagged > 0, "ci-templates", f"gremlin flags checked ({flagged} uses)",
               "found no gremlin invocation to check; the extraction is broken")
    print(f"checks: {rep.passed} passed, {rep.failed} failed")
    return 1 if rep.failed else 0


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "checks":
        cli = argv[argv.index("--cli") + 1] if "--cli" in argv else None
        return run_checks(Path(argv[1]).resolve(), cli)
    if len(argv) == 3 and argv[0] == "behave":
        return behave(Path(argv[1]).resolve(), Path(argv[2]).resolve())
    if len(argv) == 3 and argv[0] == "split-docs":
        return split_docs(Path(argv[1]), Path(argv[2]))
    if len(argv) == 3 and argv[0] == "snippets":
        root, out = Path(argv[1]).resolve(), Path(argv[2])
        out.mkdir(parents=True, exist_ok=True)
        rows = []
        for i, snip in enumerate(all_snippets(root)):
            f = out / f"snippet-{i:03d}.{snip.shell}"
            f.write_text(shell_ready(snip), encoding="utf-8")
            rows.append(f"{f.name}\t{snip.shell}\t{snip.origin}")
        (out / "index.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
