// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Headers that try to say two things: a second SPDX expression, and line endings that hide
/// where the header region ends.
@Suite struct HeaderEvasionTests {
    static let rule = HeaderRule(withinLines: 3, spdx: ["Apache-2.0"], copyright: nil)

    static func problems(_ text: String) -> [String] {
        rule.problems(rule.inspect(Array(text.utf8)[...])).map(\.rule)
    }

    @Test func twoDifferentSPDXExpressionsAreAFinding() {
        #expect(
            Self.problems("// SPDX-License-Identifier: Apache-2.0\n// SPDX-License-Identifier: GPL-3.0-only\nx\n")
                == ["ip.conflicting-spdx"])
        // The same expression twice is one license.
        #expect(Self.problems("# SPDX-License-Identifier: Apache-2.0\n# SPDX-License-Identifier: Apache-2.0\n").isEmpty)
    }

    /// A CR-only file is many lines, not one: a header on its 25th line is not within 3.
    @Test(arguments: ["\r", "\n", "\r\n"])
    func everyLineEndingEndsALine(ending: String) {
        let lines = (1...24).map { "line \($0)" } + ["// SPDX-License-Identifier: Apache-2.0", "code"]
        #expect(Self.problems(lines.joined(separator: ending)) == ["ip.missing-header"])
        let inspection = Self.rule.inspect(
            Array((["// top", "// SPDX-License-Identifier: Apache-2.0"]).joined(separator: ending).utf8)[...])
        #expect(inspection.spdx?.line == 2)
        #expect(inspection.spdx?.expression == "Apache-2.0")
    }

    @Test func endToEndTheConflictFailsTheCheck() throws {
        let repo = try GitFixture()
        try repo.write("src/a.py", "# SPDX-License-Identifier: Apache-2.0\n# SPDX-License-Identifier: GPL-3.0-only\n")
        try repo.commit("feat(src): two licenses")
        let report = try AuditHarness.audit(
            repo, policy: AuditHarness.policy("  ip:\n    include: ['src/**']\n    spdx: [Apache-2.0]\n"), only: ["ip"])
        #expect(report.check("ip")?.status == .fail)
        #expect(report.check("ip")?.findings.map(\.rule) == ["ip.conflicting-spdx"])
    }

    /// A stray NUL byte does not make a source file binary: its header is still read.
    @Test func aStrayNULDoesNotSkipTheHeaderCheck() throws {
        let text = "// SPDX-License-Identifier: GPL-3.0-only\n\u{0}\n" + String(repeating: "let x = 1\n", count: 40)
        #expect(Self.rule.inspect(Array(text.utf8)[...]).skip == nil)
        #expect(Self.problems(text) == ["ip.license-not-allowed"])
        let repo = try GitFixture()
        try repo.write("src/a.swift", text)
        try repo.commit("feat(src): a NUL near the top")
        let report = try AuditHarness.audit(
            repo, policy: AuditHarness.policy("  ip:\n    include: ['src/**']\n    spdx: [Apache-2.0]\n"), only: ["ip"])
        #expect(report.check("ip")?.status == .fail)
        // A real binary file (mostly non-text) is still skipped.
        let binary = [UInt8](repeating: 0, count: 64) + Array("// SPDX-License-Identifier: GPL-3.0-only\n".utf8)
        #expect(Self.rule.inspect(binary[...]).skip == .binary)
    }
}
