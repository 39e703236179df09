// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Lineage Complete: The artifact traces back to raw data through every required stage, built from audited code.
public struct LineageCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "lineage",
        title: "Lineage Complete",
        rationale: "The artifact traces back to raw data through every required stage, built from audited code.",
        reads: "the manifest's lineage graph (YAML or OpenLineage) and local artifact files",
        needsManifest: true,
        after: [],
        keys: [
            Field(
                "required_stages", .list(.string),
                default: .list(["raw", "split", "training", "artifact"].map(ConfigValue.string)),
                doc: "stages the path from artifact to raw data must pass"),
            Field(
                "verify_commits", .boolean, default: .bool(true),
                doc: "each run commit resolves and is an ancestor of the audited revision"),
            Field(
                "verify_artifact_digest", .boolean, default: .bool(true),
                doc: "local artifact sha256 equals the manifest"),
            Field(
                "tag_sources", .list(.string), default: .list([.string("gremlin")]),
                doc: "OpenLineage tag sources whose tags count (`gremlin` always does); tags from others are ignored"),
        ],
        examples: ["required_stages: [raw, training, artifact]\nverify_commits: false"]
    )

    public init() {}

    /// The `lineage` policy section.
    public struct Config: CheckConfiguration {
        public var requiredStages: [String]
        public var verifyCommits: Bool
        public var verifyArtifactDigest: Bool
        public var tagSources: [String]

        public init(_ section: CheckConfig) throws {
            requiredStages = try section.decode("required_stages")
            verifyCommits = try section.decode("verify_commits")
            verifyArtifactDigest = try section.decode("verify_artifact_digest")
            tagSources = try section.decode("tag_sources")
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let manifest = try context.requireManifest(for: "lineage")
        let graph = try LineageReader.read(manifest: manifest, context: context, tagSources: config.tagSources)
        let file = context.files.portableName(context.files.url(graph.file))
        var review = Self.review(
            graph, manifest: manifest, requiredStages: config.requiredStages,
            file: file)

        var commitTable: [String: JSONValue] = [:]
        if config.verifyCommits {
            for run in review.runs {
                // Data-preparation jobs often run from other repositories; only the run that
                // trains the artifact must name its code.
                if run.code?.commit == nil, run.stage != "training" {
                    review.notes.append(
                        Finding(
                            rule: "lineage.no-commit",
                            message: "\(run.stage ?? "run") run \(run.id) names no code commit; it was not verified",
                            location: Location(path: file, line: run.line)))
                    commitTable[run.id] = .object(["commit": .null, "resolved": .null, "status": .string("not-stated")])
                    continue
                }
                let (status, findings) = try Self.verifyCommit(of: run, context: context, file: file)
                review.findings += findings
                commitTable[run.id] = status
            }
        }
        var artifactTable: [String: JSONValue] = [:]
        if config.verifyArtifactDigest {
            let (table, findings, notes) = try Self.verifyDigests(
                graph: graph, manifest: manifest, context: context,
                file: file)
            artifactTable = table
            review.findings += findings
            review.notes += notes
        }

        var measurements = review.measurements
        measurements["commits"] = .object(commitTable)
        measurements["artifacts"] = .object(artifactTable)
        if graph.format == .openLineage {
            measurements["tag_sources"] = .array(config.tagSources.map(JSONValue.string))
        }
        if let described = LineageMarkdown.facetsJSON(graph) { measurements["facets"] = described }
        let summary =
            review.findings.isEmpty
            ? "\(graph.nodes.count) nodes (\(graph.format.rawValue)); \(review.chainText)"
            : "\(graph.nodes.count) nodes (\(graph.format.rawValue)); \(review.findings.count) problem(s)"
        return CheckOutcome(
            findings: review.findings, summary: summary, measurements: measurements,
            markdown: LineageMarkdown.fragment(graph), notes: review.notes)
    }

    /// What the graph says on its own, before the repository and artifact files are consulted.
    struct Review {
        var findings: [Finding] = []
        var notes: [Finding] = []
        /// Runs upstream of an artifact, in graph order: their commits are verified.
        var runs: [LineageNode] = []
        var measurements: [String: JSONValue] = [:]
        var chainText = ""
    }

    /// Structural review: conflicts, dangling references, cycles, artifacts and producers,
    /// required stages on every path from an artifact to a source.
    static func review(_ graph: LineageGraph, manifest: Manifest, requiredStages: [String], file: String) -> Review {
        var review = Review()
        func place(_ line: Int?) -> Location { Location(path: file, line: line) }
        func node(_ id: String) -> LineageNode? { graph.node(id) }

        for conflict in graph.conflicts {
            review.findings.append(
                Finding(
                    rule: "lineage.conflict",
                    message: "node \(conflict.node): the events state `\(conflict.key)` differently "
                        + "(\(conflict.values.joined(separator: " vs "))); Gremlin trusts neither",
                    location: place(conflict.line)))
        }
        for (owner, edge) in graph.danglingEdges {
            review.findings.append(
                Finding(
                    rule: "lineage.dangling",
                    message: "\(owner.kind.rawValue) \(owner.id) names `\(edge.relation.rawValue): \(edge.target)`, "
                        + "which is not a node of the graph",
                    location: place(edge.line ?? owner.line)))
        }
        let cycles = graph.cycles
        for cycle in cycles {
            review.findings.append(
                Finding(
                    rule: "lineage.cycle", message: "cycle: \(cycle.joined(separator: " → "))",
                    location: place(node(cycle[0])?.line)))
        }

        let artifacts = graph.artifacts
        let manifestNames = manifest.artifacts.map(\.name)
        if artifacts.isEmpty {
            review.findings.append(
                Finding(
                    rule: "lineage.no-artifact",
                    message: "the graph has no artifact node, so nothing links the released files to their data",
                    location: place(nil)))
        }
        for artifact in artifacts {
            if let name = artifact.artifact, !manifestNames.contains(name) {
                review.findings.append(
                    Finding(
                        rule: "lineage.unknown-artifact",
                        message: "artifact \(artifact.id) stands for `\(name)`, which the manifest does not list "
                            + "(artifacts: \(manifestNames.joined(separator: ", ")))",
                        location: place(artifact.line)))
            } else if artifact.artifact == nil {
                review.findings.append(
                    Finding(
                        rule: "lineage.unknown-artifact",
                        message: "artifact \(artifact.id) does not say which manifest artifact it stands for "
                            + "(add `artifact: <name>`)",
                        location: place(artifact.line)))
            }
            if artifact.upstream.isEmpty {
                review.findings.append(
                    Finding(
                        rule: "lineage.no-producer", message: "artifact \(artifact.id) has no producing run",
                        location: place(artifact.line)))
            }
        }
        let represented = Set(artifacts.compactMap(\.artifact))
        for name in manifestNames where !represented.contains(name) {
            review.notes.append(
                Finding(
                    rule: "lineage.artifact-not-in-graph",
                    message: "manifest artifact `\(name)` has no node in the lineage graph"))
        }

        // Required stages: a path from the artifact to a source that avoids a stage misses it.
        var chains: [JSONValue] = []
        for artifact in artifacts where !artifact.upstream.isEmpty {
            for stage in requiredStages {
                if let path = graph.pathToSource(from: artifact.id, avoiding: { $0.stage == stage }) {
                    var described = path.map { id in "\(id) (\(node(id)?.stage ?? "no stage"))" }
                    if described.count > 13 {
                        described = described.prefix(6) + ["… \(described.count - 12) more …"] + described.suffix(6)
                    }
                    review.findings.append(
                        Finding(
                            rule: "lineage.missing-stage",
                            message: "no `\(stage)` stage on the path \(described.joined(separator: " ← "))",
                            location: place(node(path.last ?? artifact.id)?.line)))
                }
            }
            if let chain = graph.pathToSource(from: artifact.id, avoiding: { _ in false }) {
                chains.append(.array(chain.reversed().map { JSONValue.string($0) }))
                if review.chainText.isEmpty {
                    review.chainText = chain.reversed().map { id in node(id)?.stage ?? id }.joined(separator: " → ")
                }
            }
        }

        var seen = Set<String>()
        for artifact in artifacts {
            for id in graph.upstreamClosure(of: artifact.id) where seen.insert(id).inserted {
                guard let upstream = node(id) else { continue }
                if upstream.kind == .run { review.runs.append(upstream) }
                // Only raw data may start a chain: a derived dataset (a split, features) that no
                // run produced has a history nobody can check.
                if upstream.kind == .dataset, let stage = upstream.stage, stage != "raw",
                    !upstream.upstream.contains(where: { node($0.target) != nil })
                {
                    review.findings.append(
                        Finding(
                            rule: "lineage.no-producer",
                            message: "dataset \(upstream.id) (stage \(stage)) is upstream of the artifact but no run "
                                + "produced it: only `raw` data may start a chain",
                            location: place(upstream.line)))
                }
            }
        }
        review.runs.sort { ($0.line ?? 0, $0.id) < ($1.line ?? 0, $1.id) }
        for remark in graph.remarks {
            review.notes.append(Finding(rule: "lineage.remark", message: remark, location: place(nil)))
        }

        var kinds: [String: JSONValue] = [:]
        for kind in LineageNode.Kind.allCases {
            kinds[kind.rawValue] = .int(graph.nodes.filter { $0.kind == kind }.count)
        }
        review.measurements = [
            "format": .string(graph.format.rawValue),
            "file": .string(file),
            "nodes": .int(graph.nodes.count),
            "kinds": .object(kinds),
            "cycles": .int(cycles.count),
            "dangling": .int(graph.danglingEdges.count),
            "chains": .array(chains),
            "required_stages": .array(requiredStages.map(JSONValue.string)),
        ]
        return review
    }

    /// Resolves a run's commit in the audited repository and checks it is an ancestor of the
    /// audited revision. A shallow clone that cannot answer is an input error, never a pass.
    static func verifyCommit(of run: LineageNode, context: CheckContext, file: String) throws -> (JSONValue, [Finding])
    {
        let location = Location(path: file, line: run.line)
        func finding(
            _ rule: String, _ message: String, _ status: String, resolved: String? = nil
        ) -> (JSONValue, [Finding]) {
            (
                .object([
                    "commit": run.code?.commit.map(JSONValue.string) ?? .null,
                    "resolved": resolved.map(JSONValue.string) ?? .null, "status": .string(status),
                ]),
                [Finding(rule: rule, message: message, location: location)]
            )
        }
        guard let commit = run.code?.commit?.trimmingCharacters(in: .whitespaces), !commit.isEmpty else {
            return finding(
                "lineage.no-commit", "run \(run.id) names no code commit, so its code cannot be verified",
                "missing")
        }
        guard commit.count >= 4, commit.count <= 40, commit.allSatisfy(\.isHexDigit) else {
            return finding(
                "lineage.commit-invalid",
                "run \(run.id): code commit '\(commit)' is not 4 to 40 hex digits", "invalid")
        }
        let resolved: ObjectID
        do {
            resolved = try context.repository.resolveCommitPrefix(commit.lowercased())
        } catch let error as GitError {
            switch error.kind {
            case .shallowBoundary:
                throw shallow(run: run, commit: commit, file: file)
            case .ambiguous:
                return finding(
                    "lineage.commit-ambiguous",
                    "run \(run.id): commit \(commit) is ambiguous in the audited repository (\(error.message)); "
                        + "write more hex digits", "ambiguous")
            default:
                if context.repository.isShallow { throw shallow(run: run, commit: commit, file: file) }
                return finding(
                    "lineage.commit-unknown",
                    "run \(run.id): commit \(commit) does not resolve to a commit in the audited repository",
                    "unknown")
            }
        }
        let ancestor: Bool
        do {
            ancestor = try context.repository.isAncestor(resolved, of: context.commit)
        } catch let error as GitError where error.kind == .shallowBoundary {
            throw shallow(run: run, commit: commit, file: file)
        }
        guard ancestor else {
            return finding(
                "lineage.commit-not-ancestor",
                "run \(run.id): commit \(resolved.short) is not an ancestor of the audited revision "
                    + "\(context.commit.short): the model was trained on code this release does not contain",
                "not-ancestor", resolved: resolved.hex)
        }
        return (
            .object(["commit": .string(commit), "resolved": .string(resolved.hex), "status": .string("ancestor")]), []
        )
    }

    private static func shallow(run: LineageNode, commit: String, file: String) -> InputError {
        InputError(
            file: file, line: run.line,
            message: "run \(run.id): commit \(commit) cannot be checked in this shallow clone",
            fix:
                "fetch the full history (actions/checkout `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`, git fetch --unshallow)"
        )
    }

    /// Streams each local artifact copy through sha256 and compares it with the manifest, and the
    /// manifest with the digest the lineage graph records (OpenLineage `datasetVersion`).
    static func verifyDigests(
        graph: LineageGraph, manifest: Manifest, context: CheckContext,
        file: String
    ) throws -> ([String: JSONValue], [Finding], [Finding]) {
        var table: [String: JSONValue] = [:]
        var findings: [Finding] = []
        var notes: [Finding] = []
        for artifact in manifest.artifacts {
            var row: [String: JSONValue] = ["manifest": artifact.sha256.map(JSONValue.string) ?? .null]
            if let path = artifact.path {
                let digest = try context.files.digest(path, what: "artifact `\(artifact.name)`", key: "artifacts")
                row["local"] = .string(digest.sha256)
                row["path"] = .string(digest.path)
                if let expected = artifact.sha256 {
                    if expected != digest.sha256 {
                        findings.append(
                            Finding(
                                rule: "lineage.digest-mismatch",
                                message: "artifact `\(artifact.name)`: \(digest.path) has sha256 \(digest.sha256), "
                                    + "the manifest says \(expected)",
                                location: Location(path: digest.path)))
                    }
                } else {
                    findings.append(
                        Finding(
                            rule: "lineage.digest-missing",
                            message:
                                "artifact `\(artifact.name)` has a local copy but the manifest gives no sha256 to verify it against",
                            location: Location(path: context.files.portableName(context.files.url(manifest.file)))))
                }
            } else {
                notes.append(
                    Finding(
                        rule: "lineage.no-local-copy",
                        message: "artifact `\(artifact.name)` has no local `path`; its sha256 was not recomputed"))
            }
            for node in graph.artifacts where node.artifact == artifact.name {
                guard let recorded = node.digest else { continue }
                guard let sha = Self.sha256(from: recorded) else {
                    notes.append(
                        Finding(
                            rule: "lineage.version-not-digest",
                            message: "artifact \(node.id) records version '\(recorded)', not a sha256; not compared",
                            location: Location(path: file, line: node.line)))
                    continue
                }
                row["lineage"] = .string(sha)
                if let expected = artifact.sha256, expected != sha {
                    findings.append(
                        Finding(
                            rule: "lineage.digest-mismatch",
                            message:
                                "artifact \(node.id): the lineage graph records sha256 \(sha), the manifest says \(expected)",
                            location: Location(path: file, line: node.line)))
                }
            }
            table[artifact.name] = .object(row)
        }
        return (table, findings, notes)
    }

    /// `sha256:<hex>` or bare 64-hex, lower-cased; nil for anything else.
    static func sha256(from text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.lowercased().hasPrefix("sha256:") { value = String(value.dropFirst(7)) }
        guard value.count == 64, value.allSatisfy(\.isHexDigit) else { return nil }
        return value.lowercased()
    }
}
