// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct ApprovalsCheckTests {
    @Test func contractApprovalsFileReadsUnchanged() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("contract/approvals.yaml")))
        let records = try ApprovalsReader.parse(data, file: "approvals.yaml")
        #expect(records.map(\.origin) == [4, 5, 6].map { .file(lines: $0...$0) })
        #expect(
            records.map { record in
                var copy = record
                copy.origin = nil
                return copy
            } == [
                ApprovalRecord(
                    role: "model_owner", name: "J. Smith", date: "2024-12-01", status: "approved",
                    source: "approvals.yaml:4"),
                ApprovalRecord(
                    role: "data_steward", name: "M. Chen", date: "2024-12-01", status: "approved",
                    source: "approvals.yaml:5"),
                ApprovalRecord(
                    role: "mlops_lead", name: "K. Patel", date: nil, status: "pending", source: "approvals.yaml:6"),
            ])
    }

    @Test func badApprovalsFileIsAnInputError() throws {
        let text =
            "apiVersion: gremlin/v1\nkind: Approvals\napprovals:\n  - {role: x, status: aproved}\n  - {rol: y, status: approved}\n"
        let error = try #require(throws: InputErrors.self) {
            try ApprovalsReader.parse(Data(text.utf8), file: "a.yaml")
        }
        #expect(error.errors.map { $0.key ?? "" } == ["approvals[0].status", "approvals[1].rol", "approvals[1].role"])
        #expect(error.errors.first?.fix == "did you mean approved?")
    }

    @Test func trailerShape() {
        let parsed = ApprovalsReader.parseTrailer(" K. Patel <k.patel@example.com> (mlops_lead, model_owner) ")
        #expect(parsed?.name == "K. Patel")
        #expect(parsed?.email == "k.patel@example.com")
        #expect(parsed?.roles == ["mlops_lead", "model_owner"])
        #expect(ApprovalsReader.parseTrailer("K. Patel (mlops_lead)") == nil)
        #expect(ApprovalsReader.parseTrailer("K. Patel <k@example.com>") == nil)
        #expect(ApprovalsReader.parseTrailer("<k@example.com> (mlops_lead)") == nil)
        #expect(ApprovalsReader.day(1_733_011_200) == "2024-12-01")
    }

    @Test func chainPrefersRejectionThenApproval() {
        let records = [
            ApprovalRecord(role: "a", name: "P", date: nil, status: "pending", source: "f:1"),
            ApprovalRecord(role: "a", name: "Q", date: "2024-01-02", status: "approved", source: "f:2"),
            ApprovalRecord(role: "b", name: "R", date: nil, status: "approved", source: "f:3"),
            ApprovalRecord(role: "b", name: "S", date: nil, status: "rejected", source: "f:4"),
            ApprovalRecord(role: "z", name: "T", date: nil, status: "approved", source: "f:5"),
        ]
        let chain = ApprovalsCheck.chain(records: records, required: ["b", "a", "c"])
        #expect(chain.map(\.role) == ["b", "a", "c", "z"])
        #expect(chain.map(\.status) == ["rejected", "approved", "missing", "approved"])
        #expect(chain.map(\.satisfied) == [false, true, false, true])
        #expect(chain.map(\.required) == [true, true, true, false])
        #expect(
            ApprovalsCheck.table(chain) == """
                | Role | Name | Date | Status |
                | --- | --- | --- | --- |
                | b | S | — | ❌ rejected |
                | a | Q | 2024-01-02 | ✅ approved |
                | c | — | — | ❌ missing |
                | z | T | — | ✅ approved |

                """)
    }

    @Test func pendingRoleWarnsUnderTheContractSeverity() throws {
        let repo = try GovernanceRepo()
        try repo.commitContractApprovals()
        try repo.manifest("approvals: approvals.yaml\n")
        let approvals = try #require(try repo.audit(["approvals"]).check("approvals"))
        #expect(approvals.status == .warn)
        #expect(
            approvals.findings.map(\.message) == [
                "role mlops_lead is pending (K. Patel, models/m1/approvals.yaml:6), not approved"
            ])
        #expect(approvals.measurements["missing"] == .array([.string("mlops_lead")]))
        #expect(approvals.markdown?.contains("| mlops\\_lead | K. Patel | — | ❌ pending |") == true)
    }

    @Test func approvedByTrailerInRangeCompletesTheChain() throws {
        let repo = try GovernanceRepo()
        try repo.commitContractApprovals()
        try repo.manifest("approvals: approvals.yaml\n")
        let commit = try repo.git.commit(
            "chore(release): approve\n\nApproved-by: K. Patel <k.patel@example.com> (mlops_lead)\n"
                + "Approved-by: someone without shape")
        let approvals = try #require(try repo.audit(["approvals"]).check("approvals"))
        #expect(approvals.status == .pass, "\(approvals.findings)")
        #expect(approvals.measurements["missing"] == .array([]))
        let chain = try #require(approvals.measurements["chain"])
        guard case .array(let rows) = chain else {
            Issue.record("chain is not a list")
            return
        }
        #expect(
            rows.last
                == .object([
                    "role": .string("mlops_lead"), "required": .bool(true), "status": .string("approved"),
                    "name": .string("K. Patel"), "date": .string("2024-01-01"),
                    "source": .string("commit \(commit.prefix(12))"),
                ]))
        #expect(approvals.notes.map(\.rule) == ["approvals.malformed-trailer"])
    }

    /// An approval dated after the audit clock counts for nothing; a role the policy does not
    /// require is shown with a note, never as part of the chain's approval.
    @Test func futureDatedApprovalsAndUndeclaredRoles() throws {
        let repo = try GovernanceRepo()
        try repo.commitApprovals([
            (
                "  - {role: model_owner, name: J. Smith, date: 2024-12-01, status: approved}",
                ("J. Smith", "js@example.com")
            ),
            (
                "  - {role: data_steward, name: M. Chen, date: 2999-01-01, status: approved}",
                ("M. Chen", "mc@example.com")
            ),
            (
                "  - {role: mlops_lead, name: K. Patel, date: 2024-12-01, status: approved}",
                ("K. Patel", "kp@example.com")
            ),
            ("  - {role: cfo, name: R. Roe, date: 2024-12-01, status: approved}", ("R. Roe", "rr@example.com")),
        ])
        try repo.manifest("approvals: approvals.yaml\n")
        let approvals = try #require(try repo.audit(["approvals"]).check("approvals"))
        #expect(approvals.status == .warn)
        #expect(
            approvals.findings.map(\.message) == [
                "role data_steward has no approval record; 1 approval(s) for it were not counted (see the notes)"
            ])
        #expect(approvals.notes.map(\.rule).sorted() == ["approvals.future-dated", "approvals.undeclared-role"])
        #expect(approvals.notes.contains { $0.message.contains("dated 2999-01-01") })
        #expect(approvals.summary.contains("4 record(s) from the approvals file, 0 from Approved-by trailers"))
    }
}
