// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The same patient written with an invisible or a non-ASCII difference is the same patient:
/// a zero-width space, NFC against NFD, and (with `nfkc`) full-width digits.
@Suite struct InvisibleIDTests {
    static func policy(_ normalize: String, unusual: String = "note") -> String {
        AuditHarness.policy(
            "  leakage:\n    normalize: \(normalize)\n    unusual_ids: \(unusual)\n    splits: [train, test]\n")
    }

    static func repo() throws -> GovernanceRepo {
        let repo = try GovernanceRepo()
        // train: plain ASCII, and José in NFC. test: a zero-width space, José in NFD, full-width P000003.
        try repo.write("splits/train.txt", "P000001\nP000002\nP000003\nJos\u{E9}\n")
        try repo.write(
            "splits/test.txt",
            "P000001\u{200B}\nJose\u{301}\n\u{FF30}\u{FF10}\u{FF10}\u{FF10}\u{FF10}\u{FF10}\u{FF13}\nP000009\n")
        try repo.manifest("splits:\n  train: splits/train.txt\n  test: splits/test.txt\n")
        return repo
    }

    @Test func invisibleAndCanonicalDifferencesAreTheSamePatient() throws {
        let leakage = try #require(try Self.repo().audit(["leakage"], policy: Self.policy("trim")).check("leakage"))
        #expect(leakage.status == .fail)
        #expect(leakage.measurements["overlaps"]?["train/test"] == .int(2))
        // Three test IDs held non-ASCII characters: a note (count and a salted example only).
        let note = try #require(
            leakage.notes.first { $0.rule == "leakage.unusual-id" && $0.message.contains("test.txt") })
        #expect(note.message.hasPrefix("3 ID(s) in models/m1/splits/test.txt hold invisible or non-ASCII characters"))
        #expect(!note.message.contains("P000001") && !note.message.contains("Jos"))
        #expect(
            leakage.measurements["unusual_ids"]
                == .object(["models/m1/splits/train.txt": .int(1), "models/m1/splits/test.txt": .int(3)]))
    }

    @Test func nfkcFoldsFullWidthDigits() throws {
        let leakage = try #require(try Self.repo().audit(["leakage"], policy: Self.policy("nfkc")).check("leakage"))
        #expect(leakage.measurements["overlaps"]?["train/test"] == .int(3))
        let folded = try #require(
            try Self.repo().audit(["leakage"], policy: Self.policy("nfkc_casefold")).check("leakage"))
        #expect(folded.measurements["overlaps"]?["train/test"] == .int(3))
    }

    @Test func unusualIDsFailUnderTheReleaseSetting() throws {
        let repo = try GovernanceRepo()
        try repo.write("splits/train.txt", "P000001\n")
        try repo.write("splits/test.txt", "P000002\u{2060}\n")
        try repo.manifest("splits:\n  train: splits/train.txt\n  test: splits/test.txt\n")
        let leakage = try #require(
            try repo.audit(["leakage"], policy: Self.policy("trim", unusual: "fail")).check("leakage"))
        #expect(leakage.status == .fail)
        #expect(leakage.findings.map(\.rule) == ["leakage.unusual-id"])
        #expect(leakage.measurements["overlaps"]?["train/test"] == .int(0))
    }

    @Test(arguments: IDNormalization.allCases)
    func normalisationIsIdempotentAndDropsFormatCharacters(mode: IDNormalization) {
        let raw = Array("\u{FEFF}Jose\u{301}\u{200B}\u{00AD}".utf8)
        let once = mode.nonASCII(raw)
        #expect(mode.nonASCII(once) == once)
        #expect(
            !String(decoding: once, as: UTF8.self).unicodeScalars.contains { $0.properties.generalCategory == .format })
    }
}
