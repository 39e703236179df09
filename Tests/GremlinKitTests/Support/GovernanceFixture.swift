// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

@testable import GremlinKit

/// A model repository for the data-governance checks: a git history with training code, and a
/// release under `models/m1/` (manifest, lineage, splits, samples, approvals) written per test.
final class GovernanceRepo: @unchecked Sendable {
    let git: GitFixture
    /// The commit the training code was made in (what the lineage's run points at).
    let trainingCommit: String
    let weights = Array("not really a model, but bytes with a digest\n".utf8)

    init() throws {
        git = try GitFixture()
        trainingCommit = try git.commit("feat(model): training code", files: ["train.py": "print('train')\n"])
        try git.commit("docs(model): notes", files: ["NOTES.md": "notes\n"])
    }

    var weightsSHA: String { InputFiles.hex(SHA256.hash(data: Data(weights))) }

    /// Writes a file under the release directory.
    func write(_ relative: String, _ text: String) throws {
        try git.write("models/m1/" + relative, text)
    }

    var manifestPath: String { git.url("models/m1/release.yaml").path }

    /// Writes the manifest; `lines` are extra top-level YAML lines.
    func manifest(
        lineage: String = "lineage.yaml", sha256: String? = nil, artifactPath: String? = "artifacts/model.pt",
        _ lines: String = ""
    ) throws {
        var artifact = "  - name: weights\n    uri: s3://ml-models/m1/1.0.0/model.pt\n"
        artifact += "    sha256: \(sha256 ?? weightsSHA)\n"
        if let artifactPath { artifact += "    path: \(artifactPath)\n" }
        try git.write("models/m1/artifacts/model.pt", bytes: weights)
        try write(
            "release.yaml",
            """
            apiVersion: gremlin/v1
            kind: ModelRelease
            model:
              name: m1
              version: 1.0.0
              task: Overall Survival Prediction
              modality: Clinical Features Only
              architecture: Transformer Encoder (6L, 512d)
              owner: J. Smith
              intended_use: Research-grade risk stratification.
            artifacts:
            \(artifact)lineage: \(lineage)
            limitations:
              - "Population: US patients only"
            \(lines)
            """)
    }

    /// The contract-shaped YAML graph: raw → split → training run (at `commit`) → artifact.
    static func lineageYAML(
        commit: String, rawPII: String = "{status: scrubbed, certified_by: text_anchor_date_redaction}",
        splitStage: String = "split", runInputs: String = "[mm_fusion_v1]",
        producedBy: String? = "job-train", extraNodes: String = ""
    ) -> String {
        """
        apiVersion: gremlin/v1
        kind: Lineage
        nodes:
          - id: mm_curated_q225
            kind: dataset
            stage: raw
            patients: 1365
            date_range: "2018-2024"
            license: internal-only
            pii: \(rawPII)
            data_products: ["dp://clinical/molecular/v2"]
          - id: mm_fusion_v1
            kind: dataset
            stage: \(splitStage)
            derived_from: [mm_curated_q225]
            patients: 1120
            license: internal-only
            pii: {status: scrubbed, certified_by: text_anchor_date_redaction}
          - id: job-train
            kind: run
            stage: training
            inputs: \(runInputs)
            code: {repo: model-repo, commit: \(commit)}
          - id: m1
            kind: artifact
            stage: artifact
        \(producedBy.map { "    produced_by: \($0)\n" } ?? "")    artifact: weights
        \(extraNodes)
        """
    }

    /// The same graph as OpenLineage run events.
    static func lineageEvents(commit: String, digest: String) -> String {
        func tags(_ pairs: [(String, String)]) -> String {
            "{\"tags\": {\"tags\": ["
                + pairs.map { "{\"key\": \"\($0.0)\", \"value\": \"\($0.1)\", \"source\": \"gremlin\"}" }
                .joined(separator: ", ") + "]}}"
        }
        let raw = tags([
            ("stage", "raw"), ("pii", "scrubbed"), ("pii_certified_by", "text_anchor_date_redaction"),
            ("license", "internal-only"), ("patients", "1365"), ("date_range", "2018-2024"),
            ("data_product", "dp://clinical/molecular/v2"),
        ])
        let split = tags([
            ("stage", "split"), ("pii", "scrubbed"), ("pii_certified_by", "text_anchor_date_redaction"),
            ("license", "internal-only"), ("patients", "1120"),
        ])
        let first =
            "{\"eventType\": \"COMPLETE\", \"run\": {\"runId\": \"r1\"}, "
            + "\"inputs\": [{\"namespace\": \"s3://tdm\", \"name\": \"mm_curated_q225\", \"facets\": \(raw)}], "
            + "\"job\": {\"namespace\": \"ofm\", \"name\": \"make-split\"}, "
            + "\"outputs\": [{\"namespace\": \"s3://tdm\", \"name\": \"mm_fusion_v1\", \"facets\": \(split)}]}"
        let second =
            "{\"eventType\": \"COMPLETE\", \"run\": {\"runId\": \"r2\"}, "
            + "\"inputs\": [{\"namespace\": \"s3://tdm\", \"name\": \"mm_fusion_v1\", \"facets\": \(split)}], "
            + "\"job\": {\"namespace\": \"ofm\", \"name\": \"job-train\", \"facets\": {\"sourceCodeLocation\": "
            + "{\"type\": \"git\", \"url\": \"https://git.example/model-repo\", \"version\": \"\(commit)\"}}}, "
            + "\"outputs\": [{\"namespace\": \"s3://ml-models\", \"name\": \"m1/1.0.0/model.pt\", \"facets\": "
            + "{\"version\": {\"datasetVersion\": \"sha256:\(digest)\"}}}]}"
        return first + "\n" + second + "\n"
    }

    static let policy = AuditHarness.policy(
        """
          lineage:
            required_stages: [raw, split, training, artifact]
            verify_commits: true
            verify_artifact_digest: true
          pii:
            allowed_status: [scrubbed, none]
            trusted_certifiers: [text_anchor_date_redaction]
            detectors: [email, ssn, phone, credit_card, ipv4, date_of_birth]
            patterns:
              mrn: '\\bMRN[:# ]?[0-9]{6,10}\\b'
          leakage:
            normalize: trim
            splits: [train, validation, test]
          model_card:
            path: docs/model_cards/{model}.md
            required_fields: [model.intended_use, limitations]
          approvals:
            severity: warn
            required_roles: [model_owner, data_steward, mlops_lead]

        """)

    /// Commits an approvals file the way approvers do: the header first, then each record in a
    /// commit authored by the person it names (`nil` author: the fixture's own identity).
    func commitApprovals(_ records: [(line: String, author: (name: String, email: String)?)]) throws {
        var text = "apiVersion: gremlin/v1\nkind: Approvals\napprovals:\n"
        try write("approvals.yaml", text)
        try git.commit("chore(release): approvals file")
        for record in records {
            text += record.line + "\n"
            try write("approvals.yaml", text)
            var environment: [String: String] = [:]
            if let author = record.author {
                environment = ["GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email]
            }
            try git.commit("chore(release): record an approval", environment: environment)
        }
    }

    /// The contract's approvals file, each record committed by the person it names.
    func commitContractApprovals() throws {
        try commitApprovals([
            (
                "  - {role: model_owner, name: J. Smith, date: 2024-12-01, status: approved}",
                ("J. Smith", "j.smith@example.com")
            ),
            (
                "  - {role: data_steward, name: M. Chen, date: 2024-12-01, status: approved}",
                ("M. Chen", "m.chen@example.com")
            ),
            ("  - {role: mlops_lead, name: K. Patel, status: pending}", nil),
        ])
    }

    /// Runs the named checks on the working tree's release.
    func audit(
        _ only: [String], policy: String = GovernanceRepo.policy, revision: String = "HEAD"
    ) throws -> AuditReport {
        try AuditHarness.audit(git, policy: policy, only: only, revision: revision, manifest: manifestPath)
    }
}
