// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct ModelCardCheckTests {
    /// Measurements shaped as SPEC's keys, as the performance and bias checks report them.
    static let performance: JSONValue = .object([
        "metric": .string("c_index"),
        "confidence": .double(0.95),
        "candidate": .object([
            "c_index": .object(["value": .double(0.7123), "ci": .array([.double(0.681), .double(0.7449)])]),
            "auroc": .object(["value": .double(0.74), "ci": .array([.double(0.7), .double(0.78)])]),
            "hazard_ratio_per_sd": .object([
                "value": .double(1.52), "ci": .array([.double(1.31), .double(1.77)]),
                "p_value": .double(0.00004),
            ]),
            "hazard_ratio_high_vs_low": .object([
                "value": .double(1.9), "ci": .array([.double(0.95), .double(3.1)]),
                "p_value": .double(0.071),
            ]),
        ]),
        "baseline": .object([
            "c_index": .object(["value": .double(0.69), "ci": .array([.double(0.66), .double(0.72)])]),
            "auroc": .object(["value": .double(0.73)]),
        ]),
        "delta": .object([
            "c_index": .object([
                "value": .double(0.0223), "ci": .array([.double(0.004), .double(0.041)]),
                "p_value": .double(0.012),
            ])
        ]),
    ])

    static let bias: JSONValue = .object([
        "metric": .string("c_index"),
        "overall": .object([
            "n": .int(1120), "events": .int(460), "value": .double(0.7123),
            "ci": .array([.double(0.681), .double(0.7449)]),
        ]),
        "groups": .object([
            "sex": .object([
                "F": .object([
                    "n": .int(540), "events": .int(210), "value": .double(0.705),
                    "ci": .array([.double(0.66), .double(0.75)]),
                ]),
                "M": .object([
                    "n": .int(580), "events": .int(250), "value": .double(0.718),
                    "ci": .array([.double(0.68), .double(0.76)]),
                ]),
            ]),
            "age_band": .object([
                "80+": .object(["n": .int(31), "value": .double(0.61), "insufficient": .bool(true)])
            ]),
        ]),
    ])

    static func contractEvidence() throws -> ModelCard.Evidence {
        let manifest = try ManifestLoader.load(path: Fixtures.path("contract/release.yaml"))
        let files = InputFiles(baseDirectory: manifest.directory, rootDirectory: nil)
        let records = try ApprovalsReader.parse(files.read("approvals.yaml", what: "approvals"), file: "approvals.yaml")
        return ModelCard.Evidence(
            manifest: manifest, commit: "0123456789abcdef0123456789abcdef01234567",
            graph: try LineageReader.read(manifest: manifest, files: files),
            performance: performance, performanceSource: "the performance check on the evaluation predictions",
            bias: bias,
            approvals: ApprovalsCheck.chain(records: records, required: ["model_owner", "data_steward", "mlops_lead"]))
    }

    @Test func goldenCardIsByteIdentical() throws {
        let first = ModelCard.render(try Self.contractEvidence())
        let second = ModelCard.render(try Self.contractEvidence())
        #expect(first.markdown == second.markdown)
        #expect(first.emptySections == [])
        if ProcessInfo.processInfo.environment["GREMLIN_UPDATE_GOLDEN"] == "1" {
            let url = Fixtures.packageRoot.appendingPathComponent(
                "Tests/GremlinKitTests/Fixtures/governance/model_card.md")
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(first.markdown.utf8).write(to: url)
        }
        let golden = try String(contentsOfFile: Fixtures.path("governance/model_card.md"), encoding: .utf8)
        #expect(first.markdown == golden)
        let headings = first.markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map {
            String($0.dropFirst(3))
        }
        #expect(headings == ModelCard.sections)
    }

    @Test func metricsFilesAreTheFallback() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit))
        try repo.write(
            "eval/candidate.json",
            try String(contentsOfFile: Fixtures.path("contract/metrics-with-ci.json"), encoding: .utf8))
        try repo.write(
            "eval/production.json",
            try String(contentsOfFile: Fixtures.path("contract/metrics-flat.json"), encoding: .utf8))
        try repo.write(
            "approvals.yaml", try String(contentsOfFile: Fixtures.path("contract/approvals.yaml"), encoding: .utf8))
        try repo.manifest(
            """
            evaluation:
              candidate: {metrics: eval/candidate.json}
              baseline: {name: cl_unimodal_v1, metrics: eval/production.json}
            approvals: approvals.yaml

            """)
        let report = try repo.audit(["model_card"])
        let check = try #require(report.check("model_card"))
        #expect(check.status == .pass, "\(check.findings)")
        guard case .string(let card)? = check.measurements["card"] else {
            Issue.record("no card in measurements")
            return
        }
        #expect(card.contains("| C-index (Harrell) | 0.690 | [0.660, 0.720] | 0.690; Δ +0.000 | — |"))
        #expect(card.contains("| Hazard ratio | 1.410 | [1.120, 1.770] | 1.410; Δ +0.000 | significant |"))
        #expect(card.contains("_Source: metrics file eval/candidate.json and eval/production.json._"))
        #expect(check.measurements["card_path"] == .string("docs/model_cards/m1.md"))
        #expect(check.measurements["card_sha256"] == .string(InputFiles.sha256(Data(card.utf8))))
    }

    @Test func missingRequiredFieldsAndEmptySectionsAreNamed() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit))
        try repo.manifest()
        let text = try String(contentsOfFile: repo.manifestPath, encoding: .utf8)
            .replacingOccurrences(of: "  intended_use: Research-grade risk stratification.\n", with: "")
            .replacingOccurrences(of: "limitations:\n  - \"Population: US patients only\"\n", with: "limitations: []\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: repo.manifestPath))
        let check = try #require(try repo.audit(["model_card"]).check("model_card"))
        #expect(check.status == .fail)
        #expect(
            check.findings.map(\.message) == [
                "section Approval Chain has no evidence to render from",
                "section Limitations & Bias has no evidence to render from",
                "section Performance Metrics has no evidence to render from",
                "required field `limitations` is missing or empty in the manifest",
                "required field `model.intended_use` is missing or empty in the manifest",
            ])
    }

    @Test func cardPathStaysInsideTheRepository() throws {
        #expect(
            try ModelCardCheck.cardPath("docs/model_cards/{model}.md", model: "m1", file: "p")
                == "docs/model_cards/m1.md")
        for bad in ["../cards/{model}.md", "/tmp/{model}.md", "docs//x.md", "docs/{model}.txt"] {
            #expect(throws: InputError.self) { try ModelCardCheck.cardPath(bad, model: "m1", file: "p") }
        }
    }

    @Test func runnerWritesTheCardToItsPolicyPath() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit))
        try repo.manifest()
        var options = AuditOptions()
        options.repository = repo.git.path
        options.manifest = repo.manifestPath
        let policy = repo.git.url("policy.yaml")
        try Data(GovernanceRepo.policy.utf8).write(to: policy)
        options.policy = policy.path
        options.only = ["model_card"]
        options.outDirectory = nil
        let runner = AuditRunner(options: options)
        let report = runner.run()
        let written = try #require(try runner.writeCheckFiles(report).first)
        #expect(written.hasSuffix("docs/model_cards/m1.md"))
        let card = try String(contentsOfFile: written, encoding: .utf8)
        #expect(.string(card) == report.check("model_card")?.measurements["card"])
        #expect(card.hasPrefix("# Model card: m1 1.0.0\n"))
    }
}
