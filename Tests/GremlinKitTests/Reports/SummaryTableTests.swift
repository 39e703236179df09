// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The console summary a CI log shows: what blocks, and the first thing to fix.
@Suite struct SummaryTableTests {
    @Test func aBlockingCheckShowsItsFirstFindingSanitised() {
        let text = SummaryTable.render(ReportSamples.mixed())
        let lines = text.split(separator: "\n").map(String.init)
        for check in ReportSamples.mixed().checks where check.status == .fail || check.status == .error {
            guard let first = check.findings.first else { continue }
            let row = lines.firstIndex { $0.contains(" \(check.id) ") }
            #expect(row != nil)
            if let row { #expect(lines[row + 1].contains("↳ ")) }
            #expect(text.contains(String(first.message.prefix(20).filter { !$0.isASCII || $0.asciiValue! >= 0x20 })))
        }
        // Control characters from hostile names never reach the terminal.
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func anUnevaluatedAuditNamesTheMissingPolicy() {
        var report = ReportSamples.unevaluated()
        report.policy = ""
        let text = SummaryTable.render(report)
        #expect(text.contains("(no policy loaded)"))
        #expect(!text.contains("(policy )"))
    }

    @Test(arguments: [
        (-0.0004, false, "0.000"), (-0.0004, true, "+0.000"), (-0.0006, false, "-0.001"), (0.0004, true, "+0.000"),
    ])
    func roundingToZeroIsZero(value: Double, signed: Bool, expected: String) {
        #expect(PerformanceEvaluation.fixed(value, 3, signed: signed) == expected)
    }
}
