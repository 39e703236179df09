// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// Security Scan: No secret, forbidden file, oversized blob or unsafe pickle ships with the model.
public struct SecurityCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "security",
        title: "Security Scan",
        rationale: "No secret, forbidden file, oversized blob or unsafe pickle ships with the model.",
        reads: "git objects at the audited revision and the commits in range; local artifact files",
        needsManifest: false,
        after: [],
        keys: [
            Field("secrets", .boolean, default: .bool(true), doc: "scan the audited tree for secrets"),
            Field(
                "scan_history", .boolean, default: .bool(false),
                doc:
                    "also scan the lines the commits in range added, their messages and notes, and annotated tags on them"
            ),
            Field(
                "baseline", .string, default: .string(SecretsBaseline.defaultPath),
                doc: "fingerprints of accepted findings, relative to the repository root, read from the audited commit"),
            Field(
                "forbidden_paths", .list(.string), default: .list([]),
                doc: "gitignore-style globs no tracked file may match"),
            Field(
                "max_blob_bytes", .integer(minimum: 1), default: .int(10_485_760),
                doc: "largest blob allowed in the tree"),
            Field(
                "pickle_scan", .boolean, default: .bool(true),
                doc: "scan pickles and PyTorch archives for unsafe imports"),
            Field(
                "pickle_allow", .list(.string), default: .list([]),
                doc: "globals a trusted model pickle may import besides the built-in allowlist: "
                    + "`module.qualname` or `module.*` (the module and its submodules); anything that can run code "
                    + "(`os.*`, `subprocess.*`, `builtins.eval`…) or a pattern as broad as `builtins.*` is refused "
                    + "(exit 2)"),
            Field(
                "lfs_pointers", .oneOf(["note", "fail"]), default: .string("note"),
                doc: "a tracked file stored as a Git LFS pointer (its content is not in the repository, so it "
                    + "cannot be scanned): note reports it, fail blocks; model artifacts (.pt, .pkl, .safetensors "
                    + "…) and files the manifest names are exempt"),
        ],
        examples: [
            "secrets: true\nforbidden_paths: ['**/.env']\nmax_blob_bytes: 1048576\npickle_scan: true",
            "secrets: true\nscan_history: true\nbaseline: .gremlin/secrets-baseline.json",
            "pickle_scan: true\npickle_allow: [lifelines.fitters.coxph_fitter.CoxPHFitter, 'sklearn.*']",
        ]
    )

    /// Commits examined in history mode when neither `--base` nor a CI merge base sets the range.
    public static let historyMaxCount = 50

    public init() {}

    /// The `security` policy section.
    public struct Config: CheckConfiguration {
        public var secrets: Bool
        public var scanHistory: Bool
        public var baseline: String
        public var forbiddenPaths: [String]
        public var maxBlobBytes: Int
        public var pickleScan: Bool
        /// `pickle_allow`: globals the policy trusts a model pickle to import.
        public var pickleAllow: PicklePolicyAllowlist
        /// `lfs_pointers: fail`: an LFS pointer in the secret scope is a finding, not a note.
        public var failLFSPointers: Bool

        public init(_ section: CheckConfig) throws {
            secrets = try section.decode("secrets")
            scanHistory = try section.decode("scan_history")
            baseline = try section.decode("baseline")
            forbiddenPaths = try section.decode("forbidden_paths")
            maxBlobBytes = try section.decode("max_blob_bytes")
            pickleScan = try section.decode("pickle_scan")
            pickleAllow = try PicklePolicyAllowlist(
                section.decode("pickle_allow"), file: section.file, key: "checks.security.pickle_allow")
            failLFSPointers = try section.decode("lfs_pointers", as: String.self) == "fail"
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let repository = context.repository
        let maxBlobBytes = config.maxBlobBytes
        let entries = try repository.treeEntries(at: context.commit)
        var findings: [Finding] = []
        var notes: [Finding] = []
        var measurements: [String: JSONValue] = [:]
        var summary: [String] = []

        // Forbidden paths and oversized blobs: metadata only, no content read.
        let forbidden = config.forbiddenPaths.map(Glob.init)
        var forbiddenCount = 0
        for entry in entries {
            if let glob = forbidden.first(where: { $0.matches(entry.path) }) {
                forbiddenCount += 1
                findings.append(
                    Finding(
                        rule: "security.forbidden-path",
                        message: "\(entry.path) matches forbidden_paths '\(glob.pattern)': remove it "
                            + "from the repository (and its history) and rotate anything it held",
                        location: Location(path: entry.path)))
            }
            if let size = entry.size, size > maxBlobBytes {
                findings.append(
                    Finding(
                        rule: "security.oversized-blob",
                        message: "\(entry.path) is \(size) bytes, over max_blob_bytes \(maxBlobBytes): "
                            + "keep large files in Git LFS or artifact storage",
                        location: Location(path: entry.path)))
            }
        }
        let oversized = findings.filter { $0.rule == "security.oversized-blob" }.count
        measurements["forbidden_paths"] = .int(forbiddenCount)
        measurements["oversized_blobs"] = .int(oversized)

        if config.secrets {
            let scanner = try SecretScanner()
            let baselinePath = config.baseline
            let (baseline, baselineSource) = try Self.loadBaseline(
                baselinePath, entries: entries, repository: repository)
            if let ignored = Self.uncommittedBaseline(baselinePath, source: baselineSource, repository: repository) {
                notes.append(ignored)
            }
            var commits: [CommitInfo] = []
            if config.scanHistory {
                commits = try context.commits.range(maxCount: Self.historyMaxCount).commits
            }
            let audit = try SecretsAudit.run(
                repository: repository, entries: entries, commits: commits,
                maxBlobBytes: maxBlobBytes, excluding: [baselinePath], scanner: scanner)
            let applied = (baseline ?? SecretsBaseline()).apply(to: audit.allMatches)
            let fresh = Set(applied.new.map(\.fingerprint))
            let treeNew = audit.tree.filter { fresh.contains($0.fingerprint) }
            let historyNew = audit.history.filter { fresh.contains($0.match.fingerprint) }
            findings += treeNew.map(\.finding)
            findings += historyNew.map(\.finding)
            let pointers = Self.lfsPointerFindings(
                audit.lfsPointers, rule: "security.lfs-pointer", exempt: Self.declaredArtifacts(context))
            if config.failLFSPointers { findings += pointers } else { notes += pointers }
            for entry in applied.unused {
                notes.append(
                    Finding(
                        rule: "security.unused-baseline-entry",
                        message: "baseline entry \(entry.fingerprint) (\(entry.rule), was \(entry.path)) matches "
                            + "no secret any more: drop it with `gremlin secrets --baseline-update`",
                        location: Location(path: baselinePath), fingerprint: entry.fingerprint))
            }
            measurements["secrets"] = .object([
                "files_scanned": .int(audit.filesScanned),
                "bytes_scanned": .int(audit.bytesScanned),
                "binary_skipped": .int(audit.binarySkipped),
                "binary_strings_scanned": .int(audit.binaryStringsScanned),
                "lfs_pointers": .int(pointers.count),
                "tags_scanned": .int(audit.tagsScanned),
                "oversized_skipped": .int(audit.oversizedSkipped),
                "commits_scanned": .int(audit.commitsScanned),
                "new": .int(treeNew.count + historyNew.count),
                "in_history_only": .int(historyNew.count),
                "baselined": .int(applied.suppressed.count),
                "allowed_inline": .int(audit.allowedInline),
                "baseline_unused": .int(applied.unused.count),
                "baseline": .string(baselineSource),
            ])
            var text = "\(audit.filesScanned) files scanned, \(treeNew.count + historyNew.count) secrets"
            if audit.commitsScanned > 0 {
                text += " (\(historyNew.count) only in history of \(audit.commitsScanned) commits)"
            }
            text += ", \(applied.suppressed.count) baselined, \(audit.allowedInline) allowed inline"
            if baseline == nil { text += "; no baseline at \(baselinePath), so no suppressions" }
            summary.append(text)
        } else {
            summary.append("secret scan disabled")
        }

        if config.pickleScan {
            let artifacts = try Self.scanArtifacts(context, entries: entries, maxBlobBytes: maxBlobBytes, notes: &notes)
                .map { report in
                    var report = report
                    report.policyAllow = config.pickleAllow
                    return report
                }
            for report in artifacts { findings += report.findings }
            let unsafe = artifacts.filter { !$0.isSafe }.count
            measurements["artifacts"] = .object([
                "scanned": .int(artifacts.count),
                "unsafe": .int(unsafe),
            ])
            summary.append("\(artifacts.count) model artifacts, \(unsafe) unsafe")
        }
        summary.append("\(forbiddenCount) forbidden paths, \(oversized) oversized blobs")
        findings.sort(by: Finding.sortedOrder)
        notes.sort(by: Finding.sortedOrder)
        return CheckOutcome(
            findings: findings, summary: summary.joined(separator: "; "), measurements: measurements,
            notes: notes)
    }

    /// The baseline at the audited revision; with `workTree` (the local `gremlin secrets` loop,
    /// never the audit) else the one in the work tree, not yet committed; else none.
    public static func loadBaseline(
        _ path: String, entries: [TreeEntry],
        repository: Repository, workTree: Bool = false
    ) throws -> (SecretsBaseline?, String) {
        let data: Data
        let source: String
        if let entry = entries.first(where: { $0.path == path }) {
            data = Data(try repository.readBlob(entry.oid))
            source = "tree"
        } else if workTree, let workdir = repository.workdir,
            FileManager.default.fileExists(atPath: URL(fileURLWithPath: workdir).appendingPathComponent(path).path)
        {
            // Through InputFiles: a regular file inside the repository, never a FIFO or a link out.
            let root = URL(fileURLWithPath: workdir)
            data = try InputFiles(baseDirectory: root, rootDirectory: root).read(
                path, what: "secrets baseline", key: "checks.security.baseline")
            source = "work tree"
        } else {
            return (nil, "missing")
        }
        do {
            return (try SecretsBaseline.load(data: data, path: path), source)
        } catch let error as SecretsBaselineError {
            throw InputError(
                file: path, key: "checks.security.baseline", message: error.description,
                fix: "regenerate it with `gremlin secrets --baseline-update`")
        }
    }

    /// A note when the work tree holds a baseline the audited commit does not: the audit reads
    /// the commit, so an uncommitted baseline suppresses nothing.
    static func uncommittedBaseline(_ path: String, source: String, repository: Repository) -> Finding? {
        guard source == "missing", let workdir = repository.workdir,
            FileManager.default.fileExists(atPath: URL(fileURLWithPath: workdir).appendingPathComponent(path).path)
        else { return nil }
        return Finding(
            rule: "security.uncommitted-baseline",
            message: "\(path) exists in the work tree but not in the audited commit: it was ignored and suppresses "
                + "nothing — commit it (after review) for its fingerprints to count",
            location: Location(path: path))
    }

    /// Pickles and PyTorch archives in the tree, then the manifest's local artifact files.
    static func scanArtifacts(
        _ context: CheckContext, entries: [TreeEntry], maxBlobBytes: Int,
        notes: inout [Finding]
    ) throws -> [ModelArtifactReport] {
        var reports: [ModelArtifactReport] = []
        var scannedBlobs = Set<ObjectID>()
        for entry in entries
        where (entry.kind == .blob || entry.kind == .executable)
            && ModelArtifactScanner.format(forPath: entry.path) != nil
        {
            if let size = entry.size, size > maxBlobBytes {
                notes.append(
                    Finding(
                        rule: "security.artifact-not-scanned",
                        message: "\(entry.path) is over max_blob_bytes and was not unpickled statically; "
                            + "it is reported as an oversized blob",
                        location: Location(path: entry.path)))
                continue
            }
            let bytes = try context.repository.readBlob(entry.oid)
            if LFSPointer.isPointer(bytes) {
                notes.append(
                    Finding(
                        rule: "security.artifact-not-scanned",
                        message: "\(entry.path) is a Git LFS pointer: list the artifact's local path in the "
                            + "release manifest so its content is scanned",
                        location: Location(path: entry.path)))
                continue
            }
            if let report = ModelArtifactScanner.scan(bytes, path: entry.path) {
                reports.append(report)
                scannedBlobs.insert(entry.oid)
            }
        }
        for (index, artifact) in (context.manifest?.artifacts ?? []).enumerated() {
            guard let path = artifact.path, ModelArtifactScanner.format(forPath: path) != nil else { continue }
            let data = try context.files.read(path, what: "model artifact", key: "artifacts[\(index)].path")
            // The committed copy of the same bytes was already scanned from the tree.
            if scannedBlobs.contains(gitBlobID(data)) { continue }
            if let report = ModelArtifactScanner.scan(Array(data), path: path) { reports.append(report) }
        }
        return reports
    }

    /// One finding per Git LFS pointer in `paths`, but for model artifacts (their own rules
    /// report a pointer: `security.artifact-not-scanned`) and the repository paths in `exempt`.
    public static func lfsPointerFindings(_ paths: [String], rule: String, exempt: Set<String>) -> [Finding] {
        paths.filter { ModelArtifactScanner.format(forPath: $0) == nil && !exempt.contains($0) }.map {
            Finding(
                rule: rule,
                message: "\($0): " + LFSPointer.message + "; commit the file itself (`git lfs untrack`, then "
                    + "`git add --renormalize`) or, for a release artifact, name it in the manifest",
                location: Location(path: $0))
        }
    }

    /// Repository-relative paths of the manifest's artifacts: their local bytes are checked
    /// against the manifest's digests, so their LFS pointers are expected.
    public static func declaredArtifacts(_ context: CheckContext) -> Set<String> {
        guard let manifest = context.manifest, let workdir = context.repository.workdir else { return [] }
        let root = URL(fileURLWithPath: workdir).standardizedFileURL.path + "/"
        var paths = Set<String>()
        for artifact in manifest.artifacts {
            guard let path = artifact.path else { continue }
            let full = manifest.directory.appendingPathComponent(path).standardizedFileURL.path
            if full.hasPrefix(root) { paths.insert(String(full.dropFirst(root.count))) }
        }
        return paths
    }

    /// The id git gives a blob with these bytes: sha1 of "blob <size>\0" + content.
    static func gitBlobID(_ data: Data) -> ObjectID {
        InputFiles.blobID(data)
    }
}
