// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Yams

/// Everything a release needs, checked against the audit before anything is written.
struct ReleasePlan {
    var audit: AuditReport
    /// The audit `gremlin release` ran itself; it agrees with `audit` on everything compared.
    var recomputed: AuditReport
    var allowDirty: Bool
    var auditDigest: String
    /// audit.json, relative to the repository root when inside it.
    var auditName: String
    var repository: Repository
    var commit: ObjectID
    var model: String
    var version: String
    var tagName: String
    var createTag: Bool
    var existingTag: TagInfo?
    var artifacts: [ReleaseRecord.Artifact]
    var configuration: [InTotoStatement.ResourceDescriptor]
    var modelCard: String?
    var signingKey: SigningKey?
    var notifier: WebhookNotifier?
    /// The model registry the manifest names, and where its production-candidate alias is now.
    var registry: (publisher: RegistryPublisher, holder: String?)?
    var outDirectory: URL
    var releasedAt: String?
    /// Things worth fixing that do not stop the release (a world-readable key).
    var warnings: [String] = []

    var tagMessage: String {
        ReleaseTag.message(model: model, version: version, commit: commit.hex, audit: audit, auditDigest: auditDigest)
    }

    /// The record as written before notifying (`notification` is then `pending` or `none`).
    func record(
        attestation: ReleaseRecord.AttestationReference?,
        notification: ReleaseRecord.Notification
    ) -> ReleaseRecord {
        ReleaseRecord(
            tool: "gremlin \(GremlinVersion.current)", model: model, version: version, commit: commit.hex,
            tag: createTag ? tagName : nil, artifacts: artifacts,
            audit: .init(
                path: auditName, sha256: auditDigest, verdict: audit.verdict, policy: audit.policy,
                policyDigest: recomputed.policyDigest),
            modelCard: modelCard, attestation: attestation, notification: notification, releasedAt: releasedAt,
            allowDirty: allowDirty)
    }
}

/// Re-checks that an audit vouches for exactly what is about to be released, recomputing it
/// (`ReleaseRecompute`); writes nothing.
struct ReleaseGate {
    let options: ReleaseOptions

    func prepare() throws -> ReleasePlan {
        let (audit, auditData) = try loadAudit()
        let repository = try Repository.discover(from: options.repository)
        guard let workdir = repository.workdir else {
            throw InputError(
                key: "--repo",
                message: "\(repository.displayPath) is a bare repository; the audited files live in a work tree",
                fix: "run gremlin release in the checkout the audit ran in")
        }
        let root = URL(fileURLWithPath: workdir).standardizedFileURL
        let commit = try repository.resolveRevision(options.revision, named: options.repository)

        // Completeness, the verdict and the commit come first: without them nothing else matters.
        let recompute = ReleaseRecompute(options: options)
        var reasons = recompute.completeness(
            of: audit, policy: options.policy ?? recompute.displayPolicy(audit, root: root))
        if audit.verdict != .ready {
            let blocking = audit.checks.filter { $0.status == .fail || $0.status == .error }.map(\.id)
            let which = blocking.isEmpty ? "" : " (\(blocking.joined(separator: ", ")))"
            reasons.append(
                "\(options.audit): the audit's verdict is \(audit.verdict.rawValue)\(which), not ready — fix the blocking checks and re-run gremlin audit"
            )
        }
        if audit.commit.lowercased() != commit.hex {
            let audited = audit.commit.isEmpty ? "no commit" : "commit \(audit.commit.prefix(12))"
            reasons.append(
                "\(options.audit): the audit is for \(audited), but \(options.revision) is \(commit.hex.prefix(12)) — the repository moved since the audit; re-run gremlin audit on this commit"
            )
        }
        if !reasons.isEmpty { throw ReleaseRefused(reasons) }

        // Digests before parsing: an edited manifest or policy is "changed since the audit" (exit 1),
        // even when the edit also broke its syntax. An input that changed since the audit is refused
        // even with --allow-dirty: neither the audit nor its recomputation would describe the release.
        reasons += checkManifestRecorded(audit: audit, root: root)
        reasons += checkInputs(audit: audit, root: root)
        if !reasons.isEmpty { throw ReleaseRefused(reasons) }
        let policyPath = try recompute.policyPath(audit: audit, root: root)
        reasons += try recompute.policyReasons(audit: audit, policyPath: policyPath)
        if !reasons.isEmpty { throw ReleaseRefused(reasons) }

        let manifest = try ManifestLoader.load(path: options.manifest)
        if let model = audit.model, model.name != manifest.model.name || model.version != manifest.model.version {
            reasons.append(
                "\(options.manifest): the manifest names \(manifest.model.name) \(manifest.model.version), the audit \(model.name) \(model.version) — release the manifest that was audited"
            )
        }
        let (artifacts, artifactReasons) = try artifacts(of: manifest)
        reasons += artifactReasons
        if !reasons.isEmpty { throw ReleaseRefused(reasons) }

        // Never trust a verdict the release did not compute.
        let fresh = try recompute.recompute(audit: audit, policyPath: policyPath)
        reasons += recompute.compare(given: audit, fresh: fresh)
        reasons += registryChanges(audit: audit, fresh: fresh)
        reasons += dirtyInputs(fresh)
        if !reasons.isEmpty { throw ReleaseRefused(reasons) }

        let tagName = ReleaseTag.name(model: manifest.model.name, version: manifest.model.version)
        let existing = try repository.tag(named: tagName)
        if options.createTag, let existing, existing.target != commit {
            throw ReleaseRefused([
                "tag \(tagName) already exists on \(existing.target.short), not on \(commit.short) — a released version is never moved; bump model.version in \(options.manifest) and audit again"
            ])
        }

        let registry = try registryTarget(manifest)

        let signingKey = try options.signingKey.map { spec in
            let (data, display) = try KeySource.read(spec, option: "--sign", environment: options.environment)
            return try SigningKey.parse(data, source: display)
        }
        let notifier = try options.webhook.map { text in
            WebhookNotifier(
                url: try WebhookNotifier.parse(text, option: "--notify"), timeout: min(10, options.notifyTimeout),
                retries: 3, backoff: options.notifyBackoff, budget: options.notifyTimeout)
        }
        let auditDigest = InputFiles.sha256(auditData)
        let auditName = portableName(URL(fileURLWithPath: options.audit), root: root)
        var configuration = try policyDescriptors(audit: audit, root: root)
        configuration.append(.init(name: auditName, sha256: auditDigest))

        let releasedAt = try options.environment["SOURCE_DATE_EPOCH"].map { _ in
            try AuditClock.timestamp(environment: options.environment)
        }
        var plan = ReleasePlan(
            audit: audit, recomputed: fresh, allowDirty: options.allowDirty, auditDigest: auditDigest,
            auditName: auditName, repository: repository,
            commit: commit, model: manifest.model.name, version: manifest.model.version, tagName: tagName,
            createTag: options.createTag, existingTag: existing, artifacts: artifacts, configuration: configuration,
            modelCard: audit.check("model_card")?.measurements["card_path"]?.stringValue,
            signingKey: signingKey, notifier: notifier, registry: registry,
            outDirectory: URL(fileURLWithPath: options.outDirectory), releasedAt: releasedAt)
        if let spec = options.signingKey, let warning = KeySource.permissionWarning(spec) {
            plan.warnings.append(warning)
        }
        return plan
    }

    private func loadAudit() throws -> (AuditReport, Data) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: options.audit))
        } catch {
            throw InputError(
                file: options.audit, key: "--audit", message: "cannot read the audit report",
                fix: "run `gremlin audit --out DIR` first and pass DIR/audit.json")
        }
        let report: AuditReport
        do {
            report = try JSONDecoder().decode(AuditReport.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw InputError(
                file: options.audit,
                key: (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."),
                message: "not a gremlin audit report: required key is missing",
                fix: "pass the audit.json that gremlin audit wrote")
        } catch {
            throw InputError(
                file: options.audit, message: "not a gremlin audit report (invalid JSON or wrong types)",
                fix: "pass the audit.json that gremlin audit wrote")
        }
        guard report.schema == AuditReport.schemaID else {
            throw InputError(
                file: options.audit, key: "schema", message: "'\(report.schema)' is not \(AuditReport.schemaID)",
                fix: "re-run the audit with this version of gremlin")
        }
        return (report, data)
    }

    /// The manifest must be one the audit read, or the audit says nothing about it.
    private func checkManifestRecorded(audit: AuditReport, root: URL) -> [String] {
        let manifest = URL(fileURLWithPath: options.manifest).standardizedFileURL
        let recorded = audit.inputs.values.contains { digest in
            let url = resolve(digest.path, root: root)
            return url.path == manifest.path
                || url.resolvingSymlinksInPath().path == manifest.resolvingSymlinksInPath().path
        }
        guard !recorded else { return [] }
        return [
            "\(options.manifest): the audit did not read this manifest — run gremlin audit --manifest \(options.manifest) and release with that audit"
        ]
    }

    /// Inputs that are not the audited commit's bytes (modified or untracked): what is released
    /// must be what is committed, unless `--allow-dirty` says otherwise (and is recorded).
    private func dirtyInputs(_ fresh: AuditReport) -> [String] {
        guard !options.allowDirty else { return [] }
        let dirty = fresh.inputs.values.filter { $0.state == .modified || $0.state == .untracked }
            .sorted { $0.path < $1.path }
        guard !dirty.isEmpty else { return [] }
        let list = dirty.map { "\($0.path) (\($0.state?.rawValue ?? ""))" }.joined(separator: ", ")
        return [
            "\(list): not the bytes of the audited commit \(fresh.commit.prefix(12)) — commit them and audit again, "
                + "or pass --allow-dirty (recorded in release.json and the attestation)"
        ]
    }

    /// Every input the audit hashed must still have the same sha256 (no audit-then-edit).
    private func checkInputs(audit: AuditReport, root: URL) -> [String] {
        var reasons: [String] = []
        for (_, input) in audit.inputs.sorted(by: { $0.key < $1.key }) {
            // Registry reads are compared after the recomputation has read the registry again.
            if input.path.hasPrefix(RegistrySnapshot.inputPrefix) { continue }
            let url = resolve(input.path, root: root)
            guard let actual = FileDigest.sha256(of: url) else {
                reasons.append(
                    "\(input.path): the audit read this file but it is gone — restore it or re-run gremlin audit")
                continue
            }
            if actual.sha256 != input.sha256.lowercased() {
                reasons.append(
                    "\(input.path): changed since the audit (sha256 \(actual.sha256.prefix(12))…, audited \(input.sha256.prefix(12))…) — re-run gremlin audit on the current files"
                )
            }
        }
        return reasons
    }

    /// Registry reads (`mlflow:` inputs) must be what the audit read: the recomputation read
    /// them again from the server.
    private func registryChanges(audit: AuditReport, fresh: AuditReport) -> [String] {
        let prefix = RegistrySnapshot.inputPrefix
        let names = Set(
            (audit.inputs.values.map(\.path) + fresh.inputs.values.map(\.path)).filter { $0.hasPrefix(prefix) })
        let given = Dictionary(
            audit.inputs.values.map { ($0.path, $0.sha256.lowercased()) }, uniquingKeysWith: { a, _ in a })
        let current = Dictionary(fresh.inputs.values.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        return names.sorted().compactMap { name in
            switch (given[name], current[name]) {
            case (let was?, let now?) where was == now: return nil
            case (let was?, let now?):
                return
                    "\(name): changed in the registry since the audit (sha256 \(now.prefix(12))…, audited \(was.prefix(12))…) — re-run gremlin audit"
            case (_?, nil):
                return "\(name): the audit read this from the registry but a fresh read did not — re-run gremlin audit"
            default: return "\(name): read from the registry now but not by the audit — re-run gremlin audit"
            }
        }
    }

    /// The released artifacts with their digests; a local copy must match the manifest's digest.
    private func artifacts(of manifest: Manifest) throws -> ([ReleaseRecord.Artifact], [String]) {
        guard !manifest.artifacts.isEmpty else {
            throw InputError(
                file: options.manifest, key: "artifacts",
                message: "the manifest lists no artifacts, so there is nothing to release",
                fix: "list the model files under artifacts: with name, uri and sha256")
        }
        var artifacts: [ReleaseRecord.Artifact] = []
        var reasons: [String] = []
        for (index, artifact) in manifest.artifacts.enumerated() {
            var digest = artifact.sha256
            if let path = artifact.path {
                let url =
                    path.hasPrefix("/") ? URL(fileURLWithPath: path) : manifest.directory.appendingPathComponent(path)
                if let local = FileDigest.sha256(of: url.standardizedFileURL) {
                    if let declared = digest, declared != local.sha256 {
                        reasons.append(
                            "\(options.manifest): artifacts[\(index)] (\(artifact.name)): \(path) has sha256 \(local.sha256.prefix(12))…, the manifest says \(declared.prefix(12))… — publish and declare the same file"
                        )
                    }
                    digest = digest ?? local.sha256
                }
            }
            guard let digest else {
                throw InputError(
                    file: options.manifest, key: "artifacts[\(index)].sha256",
                    message: "artifact \(artifact.name) has no sha256 and no readable local path",
                    fix: "write its digest (sha256sum FILE) or a path to a local copy")
            }
            artifacts.append(.init(name: artifact.name, uri: artifact.uri, sha256: digest))
        }
        return (artifacts, reasons)
    }

    /// Policy files among the audit's inputs (YAML documents with `kind: Policy`), for the
    /// attestation's configuration.
    private func policyDescriptors(audit: AuditReport, root: URL) throws -> [InTotoStatement.ResourceDescriptor] {
        var descriptors: [InTotoStatement.ResourceDescriptor] = []
        for (_, input) in audit.inputs.sorted(by: { $0.key < $1.key }) {
            let lower = input.path.lowercased()
            guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") else { continue }
            guard let text = try? String(contentsOf: resolve(input.path, root: root), encoding: .utf8),
                let node = try? YAMLReader.compose(text, file: input.path),
                node["kind"]?.string == "Policy"
            else { continue }
            descriptors.append(.init(name: input.path, sha256: input.sha256.lowercased()))
        }
        return descriptors
    }

    /// An input path as audit.json records it: relative to the repository root, or absolute.
    private func resolve(_ path: String, root: URL) -> URL {
        path.hasPrefix("/")
            ? URL(fileURLWithPath: path).standardizedFileURL
            : root.appendingPathComponent(path).standardizedFileURL
    }

    private func portableName(_ url: URL, root: URL) -> String {
        let path = url.standardizedFileURL.path
        return path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path
    }
}
