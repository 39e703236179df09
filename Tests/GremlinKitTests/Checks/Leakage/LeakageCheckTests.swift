// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation
import Testing

@testable import GremlinKit

@Suite struct LeakageCheckTests {
    static let splitsSection = """
        splits:
          train: splits/train.csv
          validation: splits/validation.csv
          test: splits/test.txt
          id_column: patient_id

        """

    static func policy(_ normalize: String) -> String {
        AuditHarness.policy("  leakage:\n    normalize: \(normalize)\n    splits: [train, validation, test]\n")
    }

    /// train: BOM + CRLF, duplicates; validation: ID column not first, whitespace, quotes, no final
    /// newline; test: one ID a line with a case variant of a train ID.
    static func writeSplits(_ repo: GovernanceRepo) throws {
        try repo.write(
            "splits/train.csv",
            "\u{FEFF}patient_id,age\r\nP001,61\r\nP002,54\r\nP002,54\r\nP003,70\r\nP003,70\r\nP003,70\r\n")
        try repo.write("splits/validation.csv", "site,patient_id\nA,  P003 \nB,\"P010\"\nC,P011\t")
        try repo.write("splits/test.txt", "p001\nP020\n\nP021\n")
        try repo.manifest(Self.splitsSection)
    }

    @Test func trimComparesExactlyAfterStripping() throws {
        let repo = try GovernanceRepo()
        try Self.writeSplits(repo)
        let leakage = try #require(try repo.audit(["leakage"], policy: Self.policy("trim")).check("leakage"))
        #expect(leakage.status == .fail)
        #expect(
            leakage.measurements["overlaps"]
                == .object([
                    "train/validation": .int(1), "train/test": .int(0), "validation/test": .int(0),
                ]))
        #expect(
            leakage.measurements["pairs"]
                == .array(["train/validation", "train/test", "validation/test"].map(JSONValue.string)))
        #expect(
            leakage.measurements["splits"]?["train"]
                == .object([
                    "file": .string("models/m1/splits/train.csv"), "rows": .int(6), "distinct": .int(3),
                    "duplicate_ids": .int(2), "duplicate_rows": .int(3), "blank": .int(0),
                ]))
        #expect(leakage.measurements["splits"]?["validation"]?["distinct"] == .int(3))
        #expect(leakage.measurements["splits"]?["test"]?["blank"] == .int(1))
        #expect(leakage.findings.map(\.rule) == ["leakage.overlap"])
        #expect(
            leakage.findings.first?.message.hasPrefix("1 patient ID(s) appear in both train and validation") == true)
        #expect(
            leakage.notes.map(\.message) == [
                "split test: 1 row(s) with an empty ID were ignored",
                "split train: 2 ID(s) occur on more than one row (3 extra row(s)); counts are of distinct IDs",
            ])
        #expect(leakage.summary == "train/validation: 1 shared")
    }

    @Test func casefoldAlsoMatchesCaseVariants() throws {
        let repo = try GovernanceRepo()
        try Self.writeSplits(repo)
        let leakage = try #require(try repo.audit(["leakage"], policy: Self.policy("casefold")).check("leakage"))
        #expect(
            leakage.measurements["overlaps"]
                == .object([
                    "train/validation": .int(1), "train/test": .int(1), "validation/test": .int(0),
                ]))
    }

    @Test func examplesAreSaltedHashesStableAcrossRunsAndNeverRawIDs() throws {
        let repo = try GovernanceRepo()
        try Self.writeSplits(repo)
        let first = try repo.audit(["leakage"], policy: Self.policy("trim"))
        let second = try repo.audit(["leakage"], policy: Self.policy("trim"))
        let examples = try #require(first.check("leakage")?.measurements["examples"])
        #expect(examples == second.check("leakage")?.measurements["examples"])

        // The documented recipe: sha256(salt ‖ id), salt = sha256 over "name:sha256" of each split file.
        var salt = SHA256()
        salt.update(data: Data("gremlin-leakage-salt-v1\n".utf8))
        for (name, file) in [("train", "train.csv"), ("validation", "validation.csv"), ("test", "test.txt")] {
            let digest = try #require(first.inputs["models/m1/splits/\(file)"]?.sha256)
            salt.update(data: Data("\(name):\(digest)\n".utf8))
        }
        var example = SHA256()
        example.update(data: Data(salt.finalize()))
        example.update(data: Data("P003".utf8))
        let expected = String(InputFiles.hex(example.finalize()).prefix(12))
        #expect(examples == .object(["train/validation": .array([.string(expected)])]))

        let encoded = String(decoding: try JSONEncoder().encode(first), as: UTF8.self)
        #expect(!encoded.contains("P003"))

        // Other file contents, other salt: the same patient gets another example hash.
        try repo.write("splits/test.txt", "P020\nP021\nP022\n")
        let third = try repo.audit(["leakage"], policy: Self.policy("trim"))
        #expect(third.check("leakage")?.measurements["examples"]?["train/validation"] != .array([.string(expected)]))
    }

    @Test func cleanSplitsPass() throws {
        let repo = try GovernanceRepo()
        try repo.write("splits/train.csv", "patient_id\nP1\nP2\n")
        try repo.write("splits/validation.csv", "patient_id\nP3\n")
        try repo.write("splits/test.txt", "P4\n")
        try repo.manifest(Self.splitsSection)
        let leakage = try #require(try repo.audit(["leakage"], policy: Self.policy("casefold")).check("leakage"))
        #expect(leakage.status == .pass)
        #expect(leakage.summary == "3 splits, 4 distinct IDs, no patient in two splits")
        #expect(leakage.markdown?.contains("| train | `models/m1/splits/train.csv` | 2 | 2 | 0 |") == true)
    }

    @Test func emptySplitIsAnError() throws {
        let repo = try GovernanceRepo()
        try repo.write("splits/train.csv", "patient_id\nP1\n")
        try repo.write("splits/validation.csv", "patient_id\r\n")
        try repo.write("splits/test.txt", "")
        try repo.manifest(Self.splitsSection)
        let leakage = try #require(try repo.audit(["leakage"], policy: Self.policy("trim")).check("leakage"))
        #expect(leakage.status == .error)
        #expect(leakage.summary.hasPrefix("splits/validation.csv: splits.validation: split `validation` holds no IDs"))
    }

    @Test func assignmentFileMode() throws {
        let repo = try GovernanceRepo()
        try repo.write(
            "splits/assignments.csv", "patient_id,fold\nP1,train\nP2,train\nP1,test\nP3,validation\nP3,validation\n")
        try repo.manifest("splits:\n  assignments: splits/assignments.csv\n  split_column: fold\n")
        let leakage = try #require(try repo.audit(["leakage"], policy: Self.policy("trim")).check("leakage"))
        #expect(
            leakage.measurements["overlaps"]
                == .object([
                    "train/validation": .int(0), "train/test": .int(1), "validation/test": .int(0),
                ]))
        #expect(leakage.measurements["splits"]?["validation"]?["duplicate_ids"] == .int(1))

        try repo.write("splits/assignments.csv", "patient_id,fold\nP1,train\nP2,tset\nP3,validation\n")
        let typo = try #require(try repo.audit(["leakage"], policy: Self.policy("trim")).check("leakage"))
        #expect(typo.status == .error)
        #expect(
            typo.summary.contains(
                "splits/assignments.csv:3: splits.split_column: split `tset` is not one of the policy's splits"))
        #expect(typo.summary.contains("did you mean test?"))
    }

    @Test func policySplitWithoutAFileIsAnError() throws {
        let repo = try GovernanceRepo()
        try repo.write("splits/train.csv", "patient_id\nP1\n")
        try repo.manifest("splits:\n  train: splits/train.csv\n  tests: splits/train.csv\n")
        let leakage = try #require(try repo.audit(["leakage"], policy: Self.policy("trim")).check("leakage"))
        #expect(leakage.status == .error)
        #expect(
            leakage.summary.contains(
                "the policy's leakage splits name `validation` but the manifest gives no file for it"))
    }

    @Test func collidingHashesAreConfirmedOnTheBytes() throws {
        // A hash that is only the length puts every two-byte ID in one bucket: the counts must
        // still be exact, because shared hashes are confirmed on the ID bytes.
        let sources = [
            SplitSource(
                name: "a", path: "a.txt", portable: "a.txt", data: Data("X1\nX2\nX2\n".utf8), sha256: "1",
                layout: .lines),
            SplitSource(
                name: "b", path: "b.txt", portable: "b.txt", data: Data("X3\nX1\nlonger\n".utf8), sha256: "2",
                layout: .lines),
        ]
        let analysis = try LeakageAnalysis.run(
            sources: sources, names: ["a", "b"], normalization: .trim,
            hasher: LengthHash.self)
        #expect(analysis.overlaps.map(\.count) == [1])
        #expect(
            analysis.counts["a"]
                == LeakageAnalysis.SplitCounts(
                    file: "a.txt", rows: 3, blank: 0, distinct: 2,
                    duplicateIDs: 1, duplicateRows: 1))
        #expect(
            analysis.counts["b"]
                == LeakageAnalysis.SplitCounts(
                    file: "b.txt", rows: 3, blank: 0, distinct: 3,
                    duplicateIDs: 0, duplicateRows: 0))
    }
}

/// A deliberately terrible hash: every ID of one length collides.
enum LengthHash: IDHashing {
    static func hash(_ bytes: UnsafeRawBufferPointer, lowercaseASCII: Bool) -> UInt64 { UInt64(bytes.count) }
}
