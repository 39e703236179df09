// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin evaluate` on files large enough for the parallel byte reader: bad cells stay exit 2
/// with file, line and column, and a file the byte reader takes gives the general reader's output.
@Suite struct EvaluateLargeInputTests {
    static let rows = 20_000

    /// `rows` good rows (`P00000,1.5,1,0.25`: the time starts at column 8, the score at 14), then
    /// `bad` as the last row, on line `rows + 2`.
    static func file(_ bad: String, lineEnd: String = "\n", bom: Bool = false) -> String {
        var text = (bom ? "\u{FEFF}" : "") + "patient_id,time,event,score" + lineEnd
        for row in 0..<rows {
            text += String(format: "P%05ld,%ld.5,%ld,0.%02ld", row, row % 300, row % 2, row % 97) + lineEnd
        }
        return text + bad + lineEnd
    }

    static func evaluate(_ text: String) throws -> Binary.Run {
        let directory = try Fixtures.temporaryDirectory("evaluate-large")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Fixtures.write(text, to: "bad.csv", in: directory)
        return try Binary.run(["evaluate", "bad.csv", "--bootstrap", "0", "--json"], in: directory)
    }

    static let last = rows + 2

    @Test(arguments: [
        ("Q00001,NaN,1,0.5", "bad.csv:\(last):8: time is NaN"),
        ("Q00001,1.5,1,-inf", "bad.csv:\(last):14: score is infinite"),
        ("Q00001,1.5,1,", "bad.csv:\(last):14: score is empty"),
        ("Q00001,1.5,1,0.5\n\"Q00002\",\"1\n2\",1,0.5", "bad.csv:\(last + 1):10: time is not a number"),
    ])
    func badCellExitsTwoWithLineAndColumn(bad: String, message: String) throws {
        let run = try Self.evaluate(Self.file(bad))
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: " + message), "\(run.stderr)")
        #expect(!run.stderr.contains("Q0000") && !run.stderr.contains("P0"))
        #expect(run.stdout.isEmpty)
    }

    @Test func oneMegabyteCellIsNamedNotEchoed() throws {
        let run = try Self.evaluate(Self.file("Q00001," + String(repeating: "x", count: 1 << 20) + ",1,0.5"))
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: bad.csv:\(Self.last):8: time is not a number"), "\(run.stderr.prefix(300))")
        #expect(run.stderr.count < 1_000)
    }

    @Test func bomAndCRLFKeepLinesAndColumns() throws {
        let run = try Self.evaluate(Self.file("Q00001,-5,1,0.5", lineEnd: "\r\n", bom: true))
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("error: bad.csv:\(Self.last):8: time is negative (-5.0) — follow-up time must be zero"),
            "\(run.stderr)")
    }

    /// The same rows through the byte reader (BOM, CRLF, a blank line) and through the general
    /// reader (a quoted cell forces it) give byte-identical JSON.
    @Test func byteReaderAndGeneralReaderGiveTheSameJSON() throws {
        let fast = Self.file("Q00001,1.5,1,0.5", lineEnd: "\r\n", bom: true) + "\r\n"
        let general = Self.file("\"Q00001\",1.5,1,0.5")
        #expect(PredictionsScanner.parse(Data(fast.utf8), file: "f") != nil)
        #expect(PredictionsScanner.parse(Data(general.utf8), file: "f") == nil)
        let a = try Self.evaluate(fast)
        let b = try Self.evaluate(general)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.contains("\"n\" : \(Self.rows + 1)"))
    }
}
