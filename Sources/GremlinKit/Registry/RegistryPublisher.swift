// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What `gremlin release` writes to the manifest's model registry, recorded in release.json.
public struct RegistryPublication: Codable, Sendable, Equatable {
    /// scheme://host:port.
    public var server: String
    public var model: String
    public var version: String
    public var alias: String
    /// The version the alias was moved from with `--move-alias`; nil when it was not on another one.
    public var movedFrom: String?
    /// Steps done, in order (`alias production-candidate → 7`, `tag gremlin.verdict`, …).
    public var done: [String]
    /// Steps not done because an earlier one failed (empty when all went through).
    public var notDone: [String]
    /// `written`, or `failed` (exit 3: released, the registry only partly updated).
    public var status: String
}

/// The registry writes of a release: alias, version tags, run artifacts, description. Each is
/// idempotent (setting what is already set changes nothing); the first failure stops the rest.
struct RegistryPublisher {
    static let alias = ReleaseRecord.stage
    let registry: any ModelRegistry
    let model: String
    let version: String
    let runID: String

    /// Where the alias is now, before anything is written: a version other than ours needs `--move-alias`.
    func aliasHolder() throws -> String? {
        try registry.aliases(model: model)[Self.alias]
    }

    /// One planned write.
    struct Step {
        var label: String
        var write: () throws -> Void
    }

    func steps(
        holder: String?, tags: [(String, String)], artifacts: [(path: String, data: Data)], description: String?
    ) -> [Step] {
        var steps: [Step] = []
        if holder != version {
            let from = holder.map { " (moved from version \($0))" } ?? ""
            steps.append(
                Step(label: "alias \(Self.alias) → version \(version)\(from)") {
                    try registry.setAlias(model: model, alias: Self.alias, version: version)
                })
        }
        for (key, value) in tags {
            steps.append(
                Step(label: "tag \(key)") {
                    try registry.setVersionTag(model: model, version: version, key: key, value: value)
                })
        }
        for artifact in artifacts {
            steps.append(
                Step(label: "artifact \(artifact.path) of run \(runID)") {
                    let run = try registry.run(id: runID)
                    try registry.uploadArtifact(run: run, path: artifact.path, data: artifact.data)
                })
        }
        if let description {
            steps.append(
                Step(label: "description of version \(version)") {
                    try registry.updateDescription(model: model, version: version, description: description)
                })
        }
        return steps
    }

    /// Runs the steps in order; the first failure stops the rest, which are listed as not done.
    func publish(
        holder: String?, tags: [(String, String)], artifacts: [(path: String, data: Data)], description: String?,
        progress: any ProgressSink
    ) -> (RegistryPublication, failure: String?) {
        var publication = RegistryPublication(
            server: registry.server, model: model, version: version, alias: Self.alias,
            movedFrom: holder == version ? nil : holder, done: [], notDone: [], status: "written")
        let planned = steps(holder: holder, tags: tags, artifacts: artifacts, description: description)
        for (index, step) in planned.enumerated() {
            do {
                try step.write()
                publication.done.append(step.label)
            } catch {
                publication.notDone = planned[index...].map(\.label)
                publication.status = "failed"
                return (publication, AuditRunner.message(for: error))
            }
        }
        if holder == version {
            publication.done.insert("alias \(Self.alias) already on version \(version), kept", at: 0)
        }
        return (publication, nil)
    }

    /// The model card's Overview section as plain paragraphs (the version description).
    static func overview(ofCard card: String) -> String? {
        var lines: [String] = []
        var inside = false
        for line in card.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                if inside { break }
                inside = line.dropFirst(3).trimmingCharacters(in: .whitespaces) == "Overview"
                continue
            }
            if inside { lines.append(String(line)) }
        }
        let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
