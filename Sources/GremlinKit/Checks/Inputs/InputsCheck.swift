// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Inputs Committed: every manifest input is committed and unchanged at the audited commit.
public struct InputsCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "inputs",
        title: "Inputs Committed",
        rationale: "The evidence a release rests on is pinned to the audited commit, not to a work tree.",
        reads: "the manifest and every file it names, against the audited commit's tree",
        needsManifest: false,
        after: [],
        keys: [
            Field(
                "require_committed", .boolean, default: .bool(false),
                doc: "a modified or untracked input is a finding (else a note)")
        ],
        examples: ["require_committed: true"]
    )

    public init() {}

    /// The `inputs` policy section.
    public struct Config: CheckConfiguration {
        public var requireCommitted: Bool

        public init(_ section: CheckConfig) throws {
            requireCommitted = try section.decode("require_committed")
        }
    }

    /// One input the manifest names (or the manifest itself) and its state.
    struct Row {
        var key: String
        var digest: InputDigest
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        guard let manifest = context.manifest else {
            return CheckOutcome(summary: "no release manifest given: no inputs to pin")
        }
        var rows: [Row] = []
        let manifestURL = URL(fileURLWithPath: manifest.file)
        _ = try context.files.read(url: manifestURL, displayPath: manifest.file, what: "manifest")
        if let digest = context.files.recorded[context.files.portableName(manifestURL)] {
            rows.append(Row(key: "manifest", digest: digest))
        }
        for (key, path) in Self.inputs(of: manifest) {
            let digest = try context.files.digest(path, what: "manifest input", key: key)
            rows.append(Row(key: key, digest: digest))
        }
        var findings: [Finding] = []
        var counts: [String: Int] = [:]
        let commit = context.commit.short
        for row in rows {
            let state = row.digest.state?.rawValue ?? "outside"
            counts[state, default: 0] += 1
            let message: String
            switch row.digest.state {
            case .committed: continue
            case .modified:
                message = "\(row.key): \(row.digest.path) differs from its blob at the audited commit \(commit)"
            case .untracked:
                message = "\(row.key): \(row.digest.path) is not in the audited commit \(commit)"
            case nil:
                message = "\(row.key): \(row.digest.path) could not be compared with the audited commit \(commit)"
            }
            findings.append(
                Finding(
                    rule: "inputs.\(row.digest.state?.rawValue ?? "unpinned")", message: message,
                    location: Location(path: row.digest.path)))
        }
        let summary =
            "\(rows.count) input(s): "
            + ["committed", "modified", "untracked", "outside"].compactMap { state in
                counts[state].map { "\($0) \(state)" }
            }.joined(separator: ", ")
        var measurements: [String: JSONValue] = ["inputs": .int(rows.count)]
        for (state, count) in counts { measurements[state] = .int(count) }
        return CheckOutcome(
            findings: config.requireCommitted ? findings : [], summary: summary, measurements: measurements,
            markdown: Self.markdown(rows), notes: config.requireCommitted ? [] : findings)
    }

    /// Every file the manifest names, with its key, in manifest order.
    static func inputs(of manifest: Manifest) -> [(key: String, path: String)] {
        var inputs: [(key: String, path: String)] = []
        if let lineage = manifest.lineage { inputs.append(("lineage", lineage)) }
        for (name, source) in [
            ("candidate", manifest.evaluation?.candidate), ("baseline", manifest.evaluation?.baseline),
        ] {
            if let path = source?.predictions { inputs.append(("evaluation.\(name).predictions", path)) }
            if let path = source?.metrics { inputs.append(("evaluation.\(name).metrics", path)) }
        }
        if let splits = manifest.splits {
            for file in splits.files { inputs.append(("splits.\(file.name)", file.path)) }
            if let path = splits.assignments { inputs.append(("splits.assignments", path)) }
        }
        for (index, path) in manifest.piiScan.enumerated() { inputs.append(("pii_scan[\(index)]", path)) }
        if let path = manifest.approvals { inputs.append(("approvals", path)) }
        for (index, artifact) in manifest.artifacts.enumerated() {
            if let path = artifact.path { inputs.append(("artifacts[\(index)].path", path)) }
        }
        return inputs
    }

    static func markdown(_ rows: [Row]) -> String {
        var lines = ["| Input | Manifest key | State |", "|---|---|---|"]
        for row in rows {
            lines.append(
                "| \(MarkdownEscaper.code(row.digest.path, inTable: true)) | \(MarkdownEscaper.code(row.key, inTable: true)) | "
                    + "\(row.digest.state?.rawValue ?? "outside the repository") |")
        }
        return lines.joined(separator: "\n")
    }
}
