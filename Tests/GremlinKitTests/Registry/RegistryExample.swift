// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

@testable import GremlinKit

/// The bundled example (examples/build-repo.sh cl_unimodal_v2) with its candidate and production
/// evaluations in a real MLflow registry, and a second manifest that reads them from there.
struct RegistryExample {
    static let token = "mlflow-t0ken-SECRET-4242"
    let server: MLflowServer
    let root: URL
    let repo: URL
    let model: String
    let trainingCommit: String
    /// Removes `root` when the last copy of the example goes away.
    private let cleanup: TemporaryDirectory
    /// Version numbers and run ids: production first, then the candidate.
    var versions: [(version: String, run: String)] = []

    static let eval = Fixtures.packageRoot.appendingPathComponent("examples/cl_unimodal_v2/models/cl_unimodal_v2/eval")

    /// Builds the repository; `candidateRun` edits the candidate run's spec before populating.
    init(
        _ label: String, candidateRun: (inout [String: Any]) -> Void = { _ in },
        candidateTags: [String: String] = [:], productionAliases: [String] = ["production"], populate: Bool = true
    ) throws {
        server = try MLflowServer.get()
        root = try Fixtures.temporaryDirectory("registry-\(label)")
        cleanup = TemporaryDirectory(root)
        repo = root.appendingPathComponent("repo")
        model = "\(label)_\(UUID().uuidString.prefix(8).lowercased())"
        let build = try Reference.run(
            "bash",
            [Fixtures.packageRoot.appendingPathComponent("examples/build-repo.sh").path, "cl_unimodal_v2", repo.path])
        guard build.status == 0 else { throw MLflowServer.ServerError("build-repo.sh failed: \(build.stderr)") }
        let log = try Reference.run(
            "git", ["-C", repo.path, "log", "--format=%H", "--grep", "training code for cl_unimodal_v2"])
        trainingCommit = log.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let git = [
            "mlflow.source.git.commit": trainingCommit,
            "mlflow.source.git.repoURL": "https://git.example/cl_unimodal_v2.git",
        ]
        var candidate: [String: Any] = [
            "name": "job-fusion-xl-v2-resume", "tags": git,
            "datasets": [
                [
                    "name": "mm_fusion_v1", "digest": "9f2c4e1a", "context": "training",
                    "tags": ["pii_status": "scrubbed", "pii_certified_by": "text_anchor_date_redaction"],
                ]
            ],
            "artifacts": ["eval/predictions.csv": Self.eval.appendingPathComponent("candidate.csv").path],
        ]
        candidateRun(&candidate)
        guard populate else {
            versions = [("1", "run-production"), ("2", "run-candidate")]
            return
        }
        versions = try server.populate([
            "model": model,
            "versions": [
                [
                    "run": [
                        "name": "cl_unimodal_v1", "tags": git, "metrics": ["c_index": 0.6],
                        "artifacts": ["eval/predictions.csv": Self.eval.appendingPathComponent("production.csv").path],
                    ],
                    "aliases": productionAliases,
                ],
                ["run": candidate, "tags": candidateTags],
            ],
        ])
    }

    var candidateVersion: String { versions[1].version }
    var manifestDirectory: URL { repo.appendingPathComponent("models/cl_unimodal_v2") }
    var filesManifest: String { manifestDirectory.appendingPathComponent("release.yaml").path }
    var registryManifest: String { manifestDirectory.appendingPathComponent("release-mlflow.yaml").path }

    /// Writes release-mlflow.yaml: the example's manifest with the evaluation read from the registry.
    /// `extra` lines go under `registry.mlflow`; `keepEvaluation` keeps the manifest's evaluation files.
    func writeRegistryManifest(extra: [String] = [], keepEvaluation: Bool = false, commit: Bool = true) throws {
        let text = try String(contentsOfFile: filesManifest, encoding: .utf8)
        var lines: [String] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !keepEvaluation, line.hasPrefix("evaluation:") {
                skipping = true
                continue
            }
            if skipping, line.hasPrefix(" ") { continue }
            skipping = false
            lines.append(line)
        }
        lines +=
            [
                "registry:", "  mlflow:", "    model: \(model)", "    version: \"\(candidateVersion)\"",
                "    production_alias: production", "    predictions_artifact: eval/predictions.csv",
            ] + extra.map { "    " + $0 }
        try (lines.joined(separator: "\n") + "\n").write(toFile: registryManifest, atomically: true, encoding: .utf8)
        if commit {
            _ = try Reference.run("git", ["-C", repo.path, "add", "-A"])
            _ = try Reference.run(
                "git",
                [
                    "-C", repo.path, "-c", "user.name=J. Smith", "-c", "user.email=j.smith@tempus.com", "commit", "-q",
                    "-m",
                    "chore(release): read the evaluation from the MLflow registry\n\nSigned-off-by: J. Smith <j.smith@tempus.com>",
                ])
        }
    }

    var environment: [String: String] {
        ["MLFLOW_TRACKING_URI": server.url, "MLFLOW_TRACKING_TOKEN": Self.token, "SOURCE_DATE_EPOCH": "1733155200"]
    }

    /// `gremlin release` of the registry manifest against the audit in `audit`, writing to `out`.
    func release(
        audit: String, out: String, _ extra: [String] = [], environment more: [String: String] = [:]
    ) throws -> Binary.Run {
        try Binary.run(
            [
                "release", "--repo", repo.path, "--manifest", registryManifest, "--audit",
                root.appendingPathComponent(audit).appendingPathComponent("audit.json").path, "--out",
                root.appendingPathComponent(out).path,
            ] + extra, in: repo, environment: environment.merging(more) { _, new in new })
    }

    /// `gremlin audit` of the repository with `manifest`, writing to `out`.
    func audit(
        _ manifest: String, out: String, environment extra: [String: String] = [:], arguments: [String] = []
    ) throws -> Binary.Run {
        try Binary.run(
            [
                "audit", "--repo", repo.path, "--manifest", manifest, "--policy",
                repo.appendingPathComponent("policies/production.yaml").path, "--out",
                root.appendingPathComponent(out).path,
            ] + arguments, in: repo, environment: environment.merging(extra) { _, new in new })
    }

    func report(_ out: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent(out).appendingPathComponent("audit.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func check(_ report: [String: Any], _ id: String) -> [String: Any] {
        (report["checks"] as? [[String: Any]] ?? []).first { $0["id"] as? String == id } ?? [:]
    }

    /// Every file under `out`, as text, for secret scans.
    func artifacts(_ out: String) throws -> [(String, String)] {
        let directory = root.appendingPathComponent(out)
        let paths = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
        return paths.compactMap { path in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(path).path) else {
                return nil
            }
            return (path, String(decoding: data, as: UTF8.self))
        }
    }
}

/// A temporary directory removed on deinit.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL
    init(_ url: URL) { self.url = url }
    deinit { try? FileManager.default.removeItem(at: url) }
}
