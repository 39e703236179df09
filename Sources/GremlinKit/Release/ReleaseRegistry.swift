// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension ReleaseGate {
    /// The registry the manifest names, the audited version in it, and where the
    /// production-candidate alias is now. An alias on another version is refused (exit 1, nothing
    /// written) unless `--move-alias`.
    func registryTarget(_ manifest: Manifest) throws -> (publisher: RegistryPublisher, holder: String?)? {
        guard let source = manifest.registry else { return nil }
        let registry = try RegistrySnapshot.open(source, environment: options.environment, log: { _ in })
        let version =
            try source.version.map { try registry.modelVersion(model: source.model, version: $0) }
            ?? registry.modelVersion(model: source.model, alias: source.alias ?? "")
        let publisher = RegistryPublisher(
            registry: registry, model: version.model, version: version.version, runID: version.runID)
        let holder = try publisher.aliasHolder()
        if let holder, holder != version.version, !options.moveAlias {
            throw ReleaseRefused([
                "alias \(RegistryPublisher.alias) of \(version.model) is on version \(holder) at \(registry.server), "
                    + "not on the audited version \(version.version) — pass --move-alias to move it (recorded in release.json)"
            ])
        }
        return (publisher, holder)
    }
}

extension Releaser {
    /// Writes the release to the registry (after the git tag and the attestation) and records it in
    /// release.json. Returns whether a write failed: released, but the registry only partly updated (exit 3).
    func publish(_ plan: ReleasePlan, record: inout ReleaseRecord, attestation: Data?) throws -> Bool {
        guard let (publisher, holder) = plan.registry else { return false }
        let root = URL(fileURLWithPath: plan.repository.workdir ?? ".")
        var tags: [(String, String)] = [
            ("gremlin.verdict", plan.audit.verdict.rawValue), ("gremlin.commit", plan.commit.hex),
            ("gremlin.audit_sha256", plan.auditDigest),
        ]
        if let attestation = record.attestation { tags.append(("gremlin.attestation_sha256", attestation.sha256)) }
        var artifacts: [(path: String, data: Data)] = []
        var description: String?
        if let card = plan.modelCard,
            let data = FileManager.default.contents(atPath: root.appendingPathComponent(card).path)
        {
            artifacts.append(("gremlin/" + (card as NSString).lastPathComponent, data))
            description = RegistryPublisher.overview(ofCard: String(decoding: data, as: UTF8.self))
        }
        let auditMarkdown = URL(fileURLWithPath: options.audit).deletingLastPathComponent().appendingPathComponent(
            "audit.md")
        if let data = FileManager.default.contents(atPath: auditMarkdown.path) {
            artifacts.append(("gremlin/audit.md", data))
        }
        if let attestation { artifacts.append(("gremlin/" + Self.attestationFile, attestation)) }

        progress.step(
            "Writing to the MLflow registry at \(publisher.registry.server) (\(publisher.model) version \(publisher.version))…"
        )
        let (publication, failure) = publisher.publish(
            holder: holder, tags: tags, artifacts: artifacts, description: description, progress: progress)
        record.registry = publication
        _ = try write(try record.encoded(), to: Self.recordFile, in: plan.outDirectory)
        guard let failure else {
            progress.done(
                "\(publication.done.count) step(s) done"
                    + (publication.movedFrom.map { "; alias moved from version \($0)" } ?? ""))
            return false
        }
        progress.done(
            "FAILED: \(failure)\n  released (tag and \(Self.recordFile) written), registry partly updated — done: "
                + (publication.done.isEmpty ? "nothing" : publication.done.joined(separator: ", "))
                + "; not done: \(publication.notDone.joined(separator: ", ")); fix the cause and re-run gremlin release (each step is idempotent)"
        )
        return true
    }
}
