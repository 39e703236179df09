// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Random files, rich in the bytes the byte reader stops at (commas, line feeds, CRs, quotes,
/// spaces, tabs, punctuation below "-"), read by both readers: whenever the byte reader takes a
/// file, it reads what the general reader reads; and `PredictionsReader.parse` always gives the
/// general reader's predictions or its error.
@Suite struct PredictionsScannerFuzzTests {
    static let pieces: [String] = [
        ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"", " ", "\t", "!", "#", "+", "(", "*", "'", "-", ".", "é",
        "\u{00A0}",
        "e", "E", "1", "0", "7", "5", "A", "x", "true", "false", "1.0", "0.0", "  ", "\n\n", ",,",
    ]

    static func cell(_ random: inout SplitMix) -> String {
        switch random.next() % 6 {
        case 0: return "P\(random.next() % 50)"
        case 1: return String(Double(random.next() % 100_000) / 100)
        case 2: return random.next() % 2 == 0 ? "1" : "0"
        case 3: return "-\(random.next() % 1_000).\(random.next() % 1_000)"
        default:
            var text = ""
            for _ in 0..<Int(random.next() % 4) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            return text
        }
    }

    static func file(_ random: inout SplitMix) -> String {
        var text = random.next() % 5 == 0 ? "\u{FEFF}" : ""
        let site = random.next() % 4 == 0
        text += site ? "patient_id, time ,event,score,site" : "patient_id,time,event,score"
        text += random.next() % 3 == 0 ? "\r\n" : "\n"
        // Some files clean, some with a few odd rows, some with many.
        let oddOneIn = [UInt64(1_000), 25, 3][Int(random.next() % 3)]
        for row in 0..<Int(random.next() % 40) {
            let clean = random.next() % oddOneIn != 0
            if clean {
                text += "P\(row),\(Double(random.next() % 9_000) / 10),\(random.next() % 2),"
                text += "\(Double(Int(random.next() % 20_000) - 10_000) / 1_000)"
                if site { text += random.next() % 2 == 0 ? ",s" : ", a b\t" }
            } else {
                let cells = Int(random.next() % 6)
                text += (0..<cells).map { _ in cell(&random) }.joined(separator: ",")
            }
            switch random.next() % 6 {
            case 0: text += "\r\n"
            case 1: text += "\n\n"
            default: text += "\n"
            }
        }
        if random.next() % 4 == 0, text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    @Test func theByteReaderReadsWhatTheGeneralReaderReads() throws {
        var random = SplitMix(seed: 20_261_206)
        var fast = 0
        for round in 0..<4_000 {
            let text = Self.file(&random)
            let data = Data(text.utf8)
            let general = Result { try PredictionsReader.parseGeneral(data, file: "p.csv") }
            let parsed = Result { try PredictionsReader.parse(data, file: "p.csv") }
            let label = "round \(round): \(text.prefix(300).debugDescription)"
            for workers in [1, 3] {
                guard let scanned = PredictionsScanner.parse(data, file: "p.csv", workers: workers) else { continue }
                fast += 1
                guard case .success(let reference) = general else {
                    Issue.record("the byte reader took a file the general reader refuses: \(label)")
                    continue
                }
                Self.expectEqual(scanned, reference, label)
            }
            switch (parsed, general) {
            case (.success(let a), .success(let b)): Self.expectEqual(a, b, label)
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "\(label)")
            default: Issue.record("parse and the general reader disagree: \(label)")
            }
        }
        #expect(fast > 1_000)
    }

    /// The eight-bytes-at-a-time line count equals counting byte by byte, for any range.
    @Test func lineCountCountsEveryLineFeed() {
        var random = SplitMix(seed: 77)
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x0B, 0x09, 0x8A, 0x0A ^ 0x80, 0x2C, 0x41, 0xFF, 0x00]
        for _ in 0..<300 {
            let bytes = (0..<Int(random.next() % 200)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            let data = Data(bytes)
            let lower = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            let upper = lower + Int(random.next() % UInt64(bytes.count - lower + 1))
            let slice = bytes[lower..<upper]
            let expected = slice.filter { $0 == 0x0A }.count + (slice.last.map { $0 != 0x0A ? 1 : 0 } ?? 0)
            #expect(PredictionsScanner.lineCount(data, lower..<upper) == expected, "\(bytes) \(lower)..<\(upper)")
        }
    }

    /// A repeated fingerprint is a duplicate only when the IDs' bytes repeat too, on any worker count.
    @Test(arguments: [1, 2, 3])
    func repeatedFingerprintsAreConfirmedOnTheIDs(workers: Int) {
        // IDs "0000000".."0199999" packed in one buffer; range = offset << 20 | length.
        let n = 200_000
        let text = (0..<n).map { String(format: "%07d", $0) }.joined()
        let data = Data(text.utf8)
        let ranges = (0..<n).map { UInt64($0 * 7) << PatientIDs.lengthBits | 7 }
        var random = SplitMix(seed: UInt64(workers))
        var hashes = (0..<n).map { _ in random.next() }
        #expect(!PredictionsScanner.hasDuplicate(hashes, ranges: ranges, in: data, workers: workers))
        // Two different IDs with one fingerprint: not a duplicate.
        hashes[150_000] = hashes[3]
        #expect(!PredictionsScanner.hasDuplicate(hashes, ranges: ranges, in: data, workers: workers))
        // The same ID twice (and so the same fingerprint): a duplicate.
        var repeated = ranges
        repeated[150_000] = ranges[3]
        #expect(PredictionsScanner.hasDuplicate(hashes, ranges: repeated, in: data, workers: workers))
        // Many rows in one bucket (equal top bits), one repeat among them.
        var crowded = (0..<n).map { UInt64($0) }
        #expect(!PredictionsScanner.hasDuplicate(crowded, ranges: ranges, in: data, workers: workers))
        crowded[199_999] = 5
        repeated = ranges
        repeated[199_999] = ranges[5]
        #expect(PredictionsScanner.hasDuplicate(crowded, ranges: repeated, in: data, workers: workers))
    }

    static func expectEqual(_ a: Predictions, _ b: Predictions, _ label: String) {
        #expect(a.patientIDs == b.patientIDs, "\(label)")
        #expect(a.time.map(\.bitPattern) == b.time.map(\.bitPattern), "\(label)")
        #expect(a.score.map(\.bitPattern) == b.score.map(\.bitPattern), "\(label)")
        #expect(a.event == b.event, "\(label)")
        #expect(a.lines == b.lines, "\(label)")
        #expect(a.extraColumns == b.extraColumns, "\(label)")
        #expect(a.columnValues == b.columnValues, "\(label)")
    }
}
