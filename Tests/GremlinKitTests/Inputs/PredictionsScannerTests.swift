// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// The fast byte reader against the general reader (the reference) it must equal.
@Suite struct PredictionsScannerTests {
    /// Both readers give the same predictions, bit for bit; `fast` says whether the byte reader
    /// took the file itself.
    static func expectSame(
        _ text: String, fast: Bool, workers: Int = 2, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        let data = Data(text.utf8)
        let scanned = PredictionsScanner.parse(data, file: "p.csv", workers: workers)
        #expect((scanned != nil) == fast, "\(text.prefix(200).debugDescription)", sourceLocation: sourceLocation)
        let general = try PredictionsReader.parseGeneral(data, file: "p.csv")
        let parsed = try PredictionsReader.parse(data, file: "p.csv")
        for p in [scanned, parsed].compactMap({ $0 }) {
            #expect(p.patientIDs == general.patientIDs, sourceLocation: sourceLocation)
            #expect(p.time.map(\.bitPattern) == general.time.map(\.bitPattern), sourceLocation: sourceLocation)
            #expect(p.score.map(\.bitPattern) == general.score.map(\.bitPattern), sourceLocation: sourceLocation)
            #expect(p.event == general.event, sourceLocation: sourceLocation)
            #expect(p.lines == general.lines, sourceLocation: sourceLocation)
            #expect(p.extraColumns == general.extraColumns, sourceLocation: sourceLocation)
            #expect(p.columnValues == general.columnValues, sourceLocation: sourceLocation)
        }
    }

    @Test func readsWhatTheGeneralReaderReads() throws {
        let header = "patient_id,time,event,score\n"
        // BOM, CRLF, blank lines, spaces and tabs around cells, every event spelling, number forms.
        try Self.expectSame(
            "\u{FEFF}\r\n\r\npatient_id, time ,event,score,site\r\n"
                + " A1 ,\t10 ,1,0.5,Boston\r\n\r\nA2,20.5,TRUE,-1.25e-1, x \r\n"
                + "A3,0,False,+2,é\r\nA4,7,1.0,.5,\r\nA5,1e2,0.0,-0,\t\r\n", fast: true)
        try Self.expectSame(
            header + "a,1.,true,5E-3\nb,0001.2500,false,-.75\nc,3,0,123456789012345678\n"
                + "d,4,1,0.30000000000000004\ne,5,1,1e-30\nf,6,0,9007199254740993\n", fast: true)
        // Unicode spaces around a number and a non-breaking space in an extra column.
        try Self.expectSame(header.dropLast() + ",g\nA,\u{00A0}1.5\u{2003},1,2,\u{00A0}x\nB,1,0,3,y\n", fast: true)
        // No trailing line feed.
        try Self.expectSame(header + "A,1,1,0.1\nB,2,0,0.2", fast: true)
    }

    @Test func leavesOtherFilesAndEveryErrorToTheGeneralReader() throws {
        let header = "patient_id,time,event,score\n"
        // Quotes (a quoted cell may hold a line break), CR-only line ends, non-ASCII IDs.
        try Self.expectSame(header + "\"A\",1,1,0.5\nB,2,0,0.25\n", fast: false)
        try Self.expectSame("patient_id,time,event,score\rA,1,1,0.1\rB,2,0,0.2\r", fast: false)
        try Self.expectSame(header + "Ä,1,1,0.5\nB,2,0,0.5\n", fast: false)
        for bad in [
            "", "\n\n", header, header + "A,-1,1,0.5\n", header + "A,1,1,1e301\n", header + "A,1,2,0.5\n",
            header + "A,1,1\n", header + "A,1,1,0.5,9\n", header + "A,1,1,0.5\nA,2,1,0.5\n", header + " ,1,1,0.5\n",
            header + "A,1,1,nan\n", header + "A,x,1,0.5\n", "patient_id,time,time,score\nA,1,1,1\n",
            "patient_id,time,score\nA,1,1\n", header + "A,1,1,1e300\nB,1,1,-1e300\n",
            // U+212A KELVIN SIGN is canonically equivalent to K: a repeated ID as Swift compares strings.
            header + "\u{212A},1,1,0.5\nK,2,0,0.5\n",
        ] {
            #expect(PredictionsScanner.parse(Data(bad.utf8), file: "p.csv") == nil, "\(bad.debugDescription)")
            #expect(throws: InputError.self, "\(bad.debugDescription)") {
                try PredictionsReader.parse(Data(bad.utf8), file: "p.csv")
            }
        }
    }

    /// A file large enough to be cut into many chunks reads the same on 1, 2 and 7 workers.
    @Test(arguments: [1, 2, 7])
    func chunksJoinInFileOrder(workers: Int) throws {
        var text = "patient_id,time,event,score,arm\r\n"
        var generator = SplitMix(seed: 7)
        for row in 0..<40_000 {
            if row % 9_999 == 0 { text += "\r\n" }  // blank lines inside chunks
            let time = Double(generator.next() % 50_000) / 10
            let score = (Double(generator.next() % 2_000_001) - 1_000_000) / 1e6
            text += "P\(row),\(time),\(generator.next() % 2),\(score),\(row % 3 == 0 ? "a" : "b")\r\n"
        }
        try Self.expectSame(text, fast: true, workers: workers)
    }

    /// A repeated ID far from its first occurrence (another chunk) is the general reader's error.
    @Test func duplicateAcrossChunksIsTheReferenceError() throws {
        var text = "patient_id,time,event,score\n"
        for row in 0..<30_000 { text += "P\(row),\(row % 100),1,\(row % 7)\n" }
        text += "P17,1,1,1\n"
        let error = try #require(
            expectInputError(for: "dup") { _ = try PredictionsReader.parse(Data(text.utf8), file: "p.csv") })
        #expect(error.line == 30_002)
        #expect(error.column == 1)
        #expect(error.message == "patient_id repeats the one on line 19")
    }

    /// Every number the fast path reads is the `Double(String)` of its text, bit for bit.
    @Test func decimalBytesIsStrtodExact() throws {
        var generator = SplitMix(seed: 20_261_206)
        var checked = 0
        for _ in 0..<200_000 {
            var text = ""
            if generator.next() % 4 == 0 { text += generator.next() % 2 == 0 ? "-" : "+" }
            let whole = Int(generator.next() % 12)
            for _ in 0..<whole { text += String(generator.next() % 10) }
            if generator.next() % 3 != 0 {
                text += "."
                for _ in 0..<Int(generator.next() % 12) { text += String(generator.next() % 10) }
            }
            if generator.next() % 3 == 0 {
                text += generator.next() % 2 == 0 ? "e" : "E"
                if generator.next() % 2 == 0 { text += "-" }
                text += String(generator.next() % 30)
            }
            let fast = Array(text.utf8).withUnsafeBytes { DecimalBytes.parse($0) }
            if let fast {
                let reference = try #require(Double(text), "\(text)")
                #expect(fast.bitPattern == reference.bitPattern, "\(text)")
                checked += 1
            }
        }
        #expect(checked > 100_000)
        for text in ["1e", ".", "-", "+", "", "e5", "1e+", "1.2.3", "--1", "1-2", "0x10", "1e99999"] {
            #expect(Array(text.utf8).withUnsafeBytes { DecimalBytes.parse($0) } == nil, "\(text)")
        }
    }

    /// The bundled example's numbers round-trip through the fast path.
    @Test func exampleNumbersRoundTrip() throws {
        for name in ["candidate", "production"] {
            let text = try EvaluationReference.csv(name)
            for line in text.split(separator: "\n").dropFirst() {
                for cell in line.split(separator: ",") where Double(cell) != nil {
                    let fast = Array(cell.utf8).withUnsafeBytes { DecimalBytes.parse($0) }
                    #expect(fast?.bitPattern == Double(cell)?.bitPattern, "\(cell)")
                }
            }
        }
    }
}
