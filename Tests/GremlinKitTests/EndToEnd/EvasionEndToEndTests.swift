// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The real binary, a real repository and the shipped `release.yaml` (extended by a team policy
/// that names its approvers): each trick an author could play for a false READY exits 1.
@Suite struct EvasionEndToEndTests {
    /// A committed release plus the shipped policies and a team policy extending release.yaml.
    static func repo() throws -> GovernanceRepo {
        let repo = try GovernanceRepo()
        for name in ["release", "production"] {
            let text = try String(
                contentsOf: Fixtures.packageRoot.appendingPathComponent("policies/\(name).yaml"), encoding: .utf8)
            try repo.git.write("policies/\(name).yaml", text)
        }
        try repo.git.write(
            "policies/team.yaml",
            """
            apiVersion: gremlin/v1
            kind: Policy
            name: team
            extends: release.yaml
            checks:
              approvals:
                roles:
                  model_owner: [j.smith@example.com]
                  data_steward: [m.chen@example.com]
                  mlops_lead: ["*@ops.example.com"]

            """)
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit))
        return repo
    }

    static func audit(_ repo: GovernanceRepo, only: String) throws -> (status: Int32, report: String) {
        let run = try Binary.run(
            [
                "audit", "--manifest", repo.manifestPath, "--policy", "policies/team.yaml", "--only", only, "--out",
                "out",
            ],
            in: repo.git.url(""), environment: ["SOURCE_DATE_EPOCH": "1733097600"])
        let report = (try? String(contentsOf: repo.git.url("out/audit.md"), encoding: .utf8)) ?? run.stderr
        return (run.status, report)
    }

    /// The approvals file as approvers write it: each approved record committed by its approver.
    static func honestApprovals(_ repo: GovernanceRepo, mlops: String = "status: pending") throws {
        try repo.commitApprovals([
            (
                "  - {role: model_owner, name: J. Smith, email: j.smith@example.com, date: 2024-12-01, status: approved}",
                ("J. Smith", "j.smith@example.com")
            ),
            (
                "  - {role: data_steward, name: M. Chen, email: m.chen@example.com, date: 2024-12-01, status: approved}",
                ("M. Chen", "m.chen@example.com")
            ),
            ("  - {role: mlops_lead, name: K. Patel, \(mlops)}", nil),
        ])
    }

    enum Trick: String, CaseIterable, Sendable {
        case selfApproval, outsider, oneTrailerThreeRoles, beforeTraining, recordWrittenByAuthor
    }

    /// Items 1–4 of the evasion round, and a record written by someone other than its approver.
    @Test(arguments: Trick.allCases)
    func approvalTricksBlock(trick: Trick) throws {
        let repo = try Self.repo()
        switch trick {
        case .selfApproval:
            try Self.honestApprovals(repo)
            try repo.manifest("approvals: approvals.yaml\n")
            try repo.git.commit(
                "chore(release): ship\n\nApproved-by: Ada Lovelace <ada@ops.example.com> (mlops_lead)")
        case .outsider:
            try Self.honestApprovals(repo)
            try repo.manifest("approvals: approvals.yaml\n")
            try repo.git.commit("chore(release): ship\n\nApproved-by: Eve <eve@evil.test> (mlops_lead)")
        case .oneTrailerThreeRoles:
            // Every role open to the ops domain: only the one-person-one-role rule stands in the way.
            let team = try String(contentsOf: repo.git.url("policies/team.yaml"), encoding: .utf8)
            try repo.git.write(
                "policies/team.yaml",
                team.replacingOccurrences(of: "[j.smith@example.com]", with: "[\"*@ops.example.com\"]")
                    .replacingOccurrences(of: "[m.chen@example.com]", with: "[\"*@ops.example.com\"]"))
            try repo.commitApprovals([("  - {role: mlops_lead, name: K. Patel, status: pending}", nil)])
            try repo.manifest("approvals: approvals.yaml\n")
            try repo.git.commit(
                "chore(release): ship\n\nApproved-by: K. Patel <k@ops.example.com> (model_owner, data_steward, mlops_lead)"
            )
        case .beforeTraining:
            try Self.honestApprovals(repo, mlops: "date: 2023-06-01, status: approved")
            try repo.manifest("approvals: approvals.yaml\n")
            try repo.git.commit("feat(eval): evidence")
        case .recordWrittenByAuthor:
            try Self.honestApprovals(repo, mlops: "email: k@ops.example.com, date: 2024-12-01, status: approved")
            try repo.manifest("approvals: approvals.yaml\n")
            try repo.git.commit("feat(eval): evidence")
        }
        let (status, report) = try Self.audit(repo, only: "approvals")
        #expect(status == 1, "\(trick): \(report)")
        let rule: String
        switch trick {
        case .selfApproval: rule = "approvals.self-approval"
        case .outsider: rule = "approvals.not-role-holder"
        case .oneTrailerThreeRoles: rule = "approvals.multiple-roles"
        case .beforeTraining: rule = "approvals.before-training"
        case .recordWrittenByAuthor: rule = "approvals.not-by-approver"
        }
        #expect(report.contains(rule), "\(trick)")
        #expect(report.contains("role mlops\\_lead"), "\(trick)")
    }

    /// The honest chain passes the same policy: the rules refuse tricks, not approvals.
    @Test func honestChainIsReady() throws {
        let repo = try Self.repo()
        try Self.honestApprovals(repo)
        try repo.manifest("approvals: approvals.yaml\n")
        try repo.git.commit("chore(release): ship\n\nApproved-by: K. Patel <k.patel@ops.example.com> (mlops_lead)")
        let (status, report) = try Self.audit(repo, only: "approvals")
        #expect(status == 0, "\(report)")
    }

    /// Item 5: a zero-width space, NFD and full-width digits do not make a test patient new.
    @Test func invisibleIDDifferencesBlock() throws {
        let repo = try Self.repo()
        try repo.write("splits/train.txt", "P000001\nJos\u{E9}\n")
        try repo.write("splits/validation.txt", "P000050\n")
        try repo.write("splits/test.txt", "P000001\u{200B}\nJose\u{301}\n")
        try repo.manifest(
            "splits:\n  train: splits/train.txt\n  validation: splits/validation.txt\n  test: splits/test.txt\n")
        try repo.git.commit("feat(eval): splits")
        let (status, report) = try Self.audit(repo, only: "leakage")
        #expect(status == 1, "\(report)")
        #expect(!report.contains("P000001") && !report.contains("Jos"))
    }

    /// Item 15: one FAIL event appended for a completed run does not erase its edges silently.
    @Test func conflictingRunOutcomeBlocks() throws {
        let repo = try Self.repo()
        let events =
            GovernanceRepo.lineageEvents(commit: String(repo.trainingCommit.prefix(7)), digest: repo.weightsSHA)
            + "{\"eventType\": \"FAIL\", \"run\": {\"runId\": \"r1\"}, "
            + "\"job\": {\"namespace\": \"ofm\", \"name\": \"make-split\"}}\n"
        try repo.write("lineage.jsonl", events)
        try repo.manifest(lineage: "lineage.jsonl")
        try repo.git.commit("feat(eval): lineage")
        let (status, report) = try Self.audit(repo, only: "lineage")
        #expect(status == 1, "\(report)")
        #expect(report.contains("lineage.conflict"))
    }
}
