// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin audit` reading the candidate, its run and the production baseline from a real
/// MLflow server, on the bundled example's repository.
@Suite("MLflow registry: gremlin audit end to end", .enabled(if: MLflowServer.available))
struct RegistryAuditEndToEndTests {
    @Test("the example is READY from the registry with the same numbers as from files; nothing is written")
    func readyFromRegistryMatchesFiles() throws {
        let example = try RegistryExample(
            "ready", candidateTags: ["approval.model_owner": "J. Smith|2024-12-01|approved"])
        try example.writeRegistryManifest()
        let before = try example.server.readBack(example.model)

        let files = try example.audit(example.filesManifest, out: "files")
        let registry = try example.audit(example.registryManifest, out: "registry")
        #expect(files.status == 0, "\(files.stderr)")
        #expect(registry.status == 0, "\(registry.stderr)\n\(registry.stdout)")
        let fromFiles = try example.report("files")
        let fromRegistry = try example.report("registry")
        #expect(fromRegistry["verdict"] as? String == "ready")

        // Same numbers: the paired bootstrap ran on the same two predictions files.
        let numbers = { (report: [String: Any]) -> Data in
            var measurements = example.check(report, "performance")["measurements"] as? [String: Any] ?? [:]
            measurements["gate"] = nil
            return (try? JSONSerialization.data(withJSONObject: measurements, options: [.sortedKeys])) ?? Data()
        }
        #expect(!numbers(fromFiles).isEmpty)
        #expect(numbers(fromFiles) == numbers(fromRegistry))

        // The registry's run and model version are lineage nodes, the run's commit verified.
        let lineage = example.check(fromRegistry, "lineage")
        let commits = (lineage["measurements"] as? [String: Any])?["commits"] as? [String: Any] ?? [:]
        let run = try #require(commits["mlflow:run/\(example.versions[1].run)"] as? [String: Any])
        #expect(run["status"] as? String == "ancestor")
        #expect(run["resolved"] as? String == example.trainingCommit)

        // What was read is recorded with digests, under mlflow: names.
        let inputs = (fromRegistry["inputs"] as? [String: Any] ?? [:]).keys.sorted()
        #expect(inputs.contains("mlflow:\(example.model)/\(example.candidateVersion)"))
        #expect(
            inputs.contains("mlflow:\(example.model)/\(example.versions[0].version)/artifacts/eval/predictions.csv"))

        // A version tag approval counts, with a note that the registry does not say who set it.
        let approvals = example.check(fromRegistry, "approvals")
        #expect(approvals["status"] as? String == "pass")
        let notes = (approvals["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(notes.contains { $0.contains("tag approval.model_owner") }, "\(notes)")

        // The audit wrote nothing to the registry, and the token is nowhere.
        #expect(
            NSDictionary(dictionary: try example.server.readBack(example.model)) == NSDictionary(dictionary: before))
        for (path, text) in try example.artifacts("registry") {
            #expect(!text.contains(RegistryExample.token), "\(path)")
        }
        #expect(!registry.stderr.contains(RegistryExample.token))
        #expect(!registry.stdout.contains(RegistryExample.token))
    }

    @Test("a run commit that is not an ancestor of the audited commit fails lineage, naming both")
    func runCommitNotAncestor() throws {
        let stranger = "0123456789abcdef0123456789abcdef01234567"
        let example = try RegistryExample("stranger") { run in
            run["tags"] = ["mlflow.source.git.commit": stranger]
        }
        try example.writeRegistryManifest()
        let result = try example.audit(example.registryManifest, out: "out")
        #expect(result.status == 1, "\(result.stderr)")
        let lineage = example.check(try example.report("out"), "lineage")
        #expect(lineage["status"] as? String == "fail")
        let messages = (lineage["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("mlflow:run/\(example.versions[1].run)") && $0.contains(stranger) })
    }

    @Test("a dataset digest that differs from the file lineage's is a lineage failure")
    func datasetDigestMismatch() throws {
        let example = try RegistryExample("digest")
        let lineage = example.manifestDirectory.appendingPathComponent("lineage.yaml")
        let text = try String(contentsOf: lineage, encoding: .utf8).replacingOccurrences(
            of: "  - id: mm_fusion_v1\n    kind: dataset\n",
            with: "  - id: mm_fusion_v1\n    kind: dataset\n    digest: \"77aa\"\n")
        try text.write(to: lineage, atomically: true, encoding: .utf8)
        try example.writeRegistryManifest()
        let result = try example.audit(example.registryManifest, out: "out")
        #expect(result.status == 1, "\(result.stderr)")
        let check = example.check(try example.report("out"), "lineage")
        let messages = (check["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("mm_fusion_v1") && $0.contains("77aa") && $0.contains("9f2c4e1a") })
    }

    @Test("a run without a git commit tag and a dataset without a digest are exit 2, naming server and run")
    func missingCommitAndDigest() throws {
        for (label, edit, expected) in [
            ("nocommit", { (run: inout [String: Any]) in run["tags"] = [:] }, "mlflow.source.git.commit"),
            (
                "nodigest",
                { (run: inout [String: Any]) in
                    run["datasets"] = [["name": "mm_fusion_v1", "digest": "", "context": "training"]]
                }, "has no digest"
            ),
        ] as [(String, (inout [String: Any]) -> Void, String)] {
            let example = try RegistryExample(label, candidateRun: edit)
            try example.writeRegistryManifest(commit: false)
            let result = try example.audit(example.registryManifest, out: "out")
            #expect(result.status == 2, "\(label): \(result.stderr)")
            let reason = try example.report("out")["reason"] as? String ?? ""
            #expect(reason.contains(expected), "\(label): \(reason)")
            #expect(
                reason.contains(example.server.url.replacingOccurrences(of: "http://", with: "http://")), "\(reason)")
            #expect(reason.contains("run \(example.versions[1].run)"), "\(reason)")
        }
    }
}
