// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// An author who wants a green approval chain without the approvers: each trick is refused and
/// the refused approval is listed with its reason.
@Suite struct ApprovalEvasionTests {
    /// The governance policy's approvals section with `extra` keys (each line indented 4 spaces).
    static func policy(_ extra: String = "") -> String {
        GovernanceRepo.policy.replacingOccurrences(
            of: "    required_roles: [model_owner, data_steward, mlops_lead]\n",
            with: "    required_roles: [model_owner, data_steward, mlops_lead]\n" + extra)
    }

    static let holders = """
            roles:
              model_owner: [j.smith@example.com]
              data_steward: [m.chen@example.com]
              mlops_lead: ["*@ops.example.com"]

        """

    static func approvals(_ repo: GovernanceRepo, policy: String = policy()) throws -> CheckResult {
        try repo.manifest("approvals: approvals.yaml\n")
        return try #require(try repo.audit(["approvals"], policy: policy).check("approvals"))
    }

    static func row(_ result: CheckResult, _ role: String) -> String? {
        guard case .array(let rows) = result.measurements["chain"] else { return nil }
        for case .object(let fields) in rows where fields["role"] == .string(role) {
            if case .string(let status) = fields["status"] { return status }
        }
        return nil
    }

    // Item 1: an author approving their own commit, by email or by their own name elsewhere.
    @Test(arguments: ["Ada Lovelace <ada@example.com>", "ada lovelace <ada@elsewhere.test>"])
    func authorCannotApproveTheirOwnCommit(trailer: String) throws {
        let repo = try GovernanceRepo()
        try repo.commitContractApprovals()
        try repo.git.commit("chore(release): ship it\n\nApproved-by: \(trailer) (mlops_lead)")
        let result = try Self.approvals(repo)
        #expect(Self.row(result, "mlops_lead") == "pending")
        #expect(result.notes.map(\.rule) == ["approvals.self-approval"])
        #expect(result.notes.first?.message.contains("the approver is the author of commit") == true)
        #expect(result.markdown?.contains("| mlops\\_lead |") == true)
        #expect(result.markdown?.contains("approvals.self-approval |") == true)
    }

    // Item 2: the policy names who holds each role; an outsider's trailer counts for nothing.
    @Test func outsiderIsNotARoleHolder() throws {
        let repo = try GovernanceRepo()
        try repo.commitContractApprovals()
        try repo.git.commit("chore(release): ship it\n\nApproved-by: Eve <eve@evil.test> (mlops_lead)")
        let refused = try Self.approvals(repo, policy: Self.policy(Self.holders))
        #expect(Self.row(refused, "mlops_lead") == "pending")
        #expect(refused.notes.map(\.rule) == ["approvals.not-role-holder"])
        #expect(refused.notes.first?.message.contains("not listed in approvals.roles.mlops_lead") == true)

        try repo.git.commit("chore(release): approve\n\nApproved-by: K. Patel <k.patel@ops.example.com> (mlops_lead)")
        let counted = try Self.approvals(repo, policy: Self.policy(Self.holders))
        #expect(counted.status == .pass, "\(counted.findings)")
    }

    // Item 3: one trailer approving three roles; allowed only when the policy says so.
    @Test func onePersonHoldsOneRequiredRole() throws {
        let repo = try GovernanceRepo()
        try repo.commitApprovals([
            ("  - {role: model_owner, name: J. Smith, status: pending}", nil),
            ("  - {role: data_steward, name: M. Chen, status: pending}", nil),
            ("  - {role: mlops_lead, name: K. Patel, status: pending}", nil),
        ])
        try repo.git.commit(
            "chore(release): ship it\n\nApproved-by: K. Patel <kp@example.com> (model_owner, data_steward, mlops_lead)")
        let refused = try Self.approvals(repo)
        #expect(
            refused.measurements["missing"]
                == .array(["model_owner", "data_steward", "mlops_lead"].map(JSONValue.string)))
        #expect(refused.notes.map(\.rule) == Array(repeating: "approvals.multiple-roles", count: 3))
        #expect(refused.findings.count == 3)

        let allowed = try Self.approvals(repo, policy: Self.policy("    allow_multiple_roles: true\n"))
        #expect(allowed.status == .pass, "\(allowed.findings)")
    }

    // Item 4: an approval dated before the training commit approves a model that did not exist.
    @Test func approvalBeforeTheTrainingCommitDoesNotCount() throws {
        let repo = try GovernanceRepo()
        try repo.write("lineage.yaml", GovernanceRepo.lineageYAML(commit: repo.trainingCommit))
        try repo.commitApprovals([
            ("  - {role: model_owner, name: J. Smith, date: 2023-12-31, status: approved}", ("J. Smith", "j@x.org")),
            ("  - {role: data_steward, name: M. Chen, date: 2024-01-01, status: approved}", ("M. Chen", "m@x.org")),
        ])
        let result = try Self.approvals(repo)
        #expect(Self.row(result, "model_owner") == "missing")
        #expect(Self.row(result, "data_steward") == "approved")
        #expect(result.notes.map(\.rule) == ["approvals.before-training"])
        #expect(
            result.notes.first?.message.contains("before the training commit \(repo.trainingCommit.prefix(12))") == true
        )
    }

    // The approvals file: a record counts only when the person it names committed it.
    @Test func recordWrittenBySomeoneElseDoesNotCount() throws {
        let repo = try GovernanceRepo()
        try repo.commitApprovals([
            ("  - {role: model_owner, name: J. Smith, date: 2024-12-01, status: approved}", nil)
        ])
        let result = try Self.approvals(repo)
        #expect(Self.row(result, "model_owner") == "missing")
        #expect(result.notes.map(\.rule) == ["approvals.not-by-approver"])
        #expect(result.notes.first?.message.contains("written by Ada Lovelace, not by the approver") == true)
    }

    /// The approver wrote a pending block record; someone else later flipped its status line.
    @Test func laterEditOfAnotherLineVoidsTheRecord() throws {
        let repo = try GovernanceRepo()
        let record = "  - role: model_owner\n    name: J. Smith\n    email: j.smith@example.com\n    status: "
        try repo.commitApprovals([(record + "pending", ("J. Smith", "j.smith@example.com"))])
        let text = try String(contentsOf: repo.git.url("models/m1/approvals.yaml"), encoding: .utf8)
        try repo.write("approvals.yaml", text.replacingOccurrences(of: "status: pending", with: "status: approved"))
        try repo.git.commit("chore(release): tidy")
        let result = try Self.approvals(repo)
        #expect(Self.row(result, "model_owner") == "missing")
        #expect(result.notes.map(\.rule) == ["approvals.not-by-approver"])

        // The approver's own edit of that line counts.
        try repo.write("approvals.yaml", text.replacingOccurrences(of: "status: pending", with: "status: \"approved\""))
        try repo.git.commit(
            "chore(release): approve",
            environment: ["GIT_AUTHOR_NAME": "J. Smith", "GIT_AUTHOR_EMAIL": "j.smith@example.com"])
        let counted = try Self.approvals(repo)
        #expect(Self.row(counted, "model_owner") == "approved")
        #expect(counted.notes.isEmpty)
    }

    /// An independent role's approver must not have changed the model being approved.
    @Test func independentApproverDidNotChangeTheModel() throws {
        let repo = try GovernanceRepo()
        try repo.commitContractApprovals()
        try repo.manifest("approvals: approvals.yaml\n")
        try repo.git.commit(
            "feat(model): new weights",
            environment: ["GIT_AUTHOR_NAME": "K. Patel", "GIT_AUTHOR_EMAIL": "kp@example.com"])
        try repo.git.commit("chore(release): approve\n\nApproved-by: K. Patel <kp@example.com> (mlops_lead)")
        let open = try #require(try repo.audit(["approvals"]).check("approvals"))
        #expect(Self.row(open, "mlops_lead") == "approved")
        let strict = try #require(
            try repo.audit(["approvals"], policy: Self.policy("    independent_roles: [mlops_lead]\n")).check(
                "approvals"))
        #expect(Self.row(strict, "mlops_lead") == "pending")
        #expect(strict.notes.map(\.rule) == ["approvals.approver-changed-model"])
        #expect(strict.notes.first?.message.contains("which changed the model under release") == true)
    }

    @Test func uncommittedRecordsCannotBeTraced() throws {
        let repo = try GovernanceRepo()
        try repo.commitContractApprovals()
        try repo.manifest("approvals: approvals.yaml\n")
        try repo.git.commit("feat(eval): manifest")
        let text = try String(contentsOf: repo.git.url("models/m1/approvals.yaml"), encoding: .utf8)
        try repo.write("approvals.yaml", text.replacingOccurrences(of: "status: pending", with: "status: approved"))
        let result = try #require(try repo.audit(["approvals"]).check("approvals"))
        #expect(result.findings.count == 3)
        #expect(result.notes.map(\.rule) == Array(repeating: "approvals.unattributed", count: 3))
        #expect(result.notes.first?.message.contains("differs from the audited commit") == true)
    }

    @Test func requiredRoleWithoutHoldersCannotBeApproved() throws {
        let repo = try GovernanceRepo()
        try repo.commitContractApprovals()
        let result = try Self.approvals(repo, policy: Self.policy("    require_role_holders: true\n"))
        #expect(result.notes.map(\.rule) == ["approvals.no-role-holders", "approvals.no-role-holders"])
        #expect(
            result.notes.map(\.message).sorted().last
                == "the model_owner approval from models/m1/approvals.yaml:4 was not counted: the policy names no one "
                + "who may approve model_owner (approvals.roles.model_owner)")
    }

    @Test func emailPatternsAndRecordSpans() {
        #expect(ApprovalRules.matches("K.Patel@Ops.Example.com", pattern: "*@ops.example.com"))
        #expect(!ApprovalRules.matches("k@ops.example.com.evil.test", pattern: "*@ops.example.com"))
        #expect(!ApprovalRules.matches("k@evil-ops.example.com", pattern: "*@ops.example.com"))
        #expect(ApprovalRules.matches("j.smith@example.com", pattern: "J.Smith@example.com"))
        let lines = "approvals:\n  - role: a\n    name: b\n\n    # c\n  - {role: d}\n  # e\nkind: x\n"
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(ApprovalsReader.span(from: 2, before: 6, in: lines) == 2...3)
        #expect(ApprovalsReader.span(from: 6, before: nil, in: lines) == 6...6)
    }

    /// The real binary, a real repository and the shipped release policy extended with the
    /// team's role holders: the self-approved chain blocks (exit 1) and the report lists why.
    @Test func selfApprovalBlocksTheReleaseEndToEnd() throws {
        let repo = try GovernanceRepo()
        try repo.commitContractApprovals()
        try repo.manifest("approvals: approvals.yaml\n")
        let shipped = try String(
            contentsOfFile: Fixtures.packageRoot.appendingPathComponent("policies/release.yaml").path, encoding: .utf8)
        let production = try String(
            contentsOfFile: Fixtures.packageRoot.appendingPathComponent("policies/production.yaml").path,
            encoding: .utf8)
        try repo.git.write("policies/release.yaml", shipped)
        try repo.git.write("policies/production.yaml", production)
        try repo.git.write(
            "policies/team.yaml",
            "apiVersion: gremlin/v1\nkind: Policy\nname: team\nextends: release.yaml\nchecks:\n  approvals:\n"
                + Self.holders.replacingOccurrences(of: "        ", with: "    "))
        try repo.git.commit(
            "chore(release): ship it\n\nApproved-by: Ada Lovelace <ada@ops.example.com> (mlops_lead)")
        let run = try Binary.run(
            [
                "audit", "--manifest", repo.manifestPath, "--policy", "policies/team.yaml", "--only", "approvals",
                "--out", "out",
            ], in: repo.git.url(""), environment: ["SOURCE_DATE_EPOCH": "1733097600"])
        #expect(run.status == 1, "\(run.stderr)")
        let report = try String(contentsOf: repo.git.url("out/audit.md"), encoding: .utf8)
        #expect(report.contains("role mlops\\_lead is pending"))
        #expect(report.contains("approvals.self-approval"))
    }
}
