// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct PredictionsReaderTests {
    static func parse(_ text: String, file: String = "eval/p.csv") throws -> Predictions {
        try PredictionsReader.parse(Data(text.utf8), file: file)
    }

    /// The error a parse throws (or a failed expectation).
    static func error(_ text: String, file: String = "eval/p.csv") -> InputError? {
        expectInputError(for: text.debugDescription) { _ = try parse(text, file: file) }
    }

    @Test func bomCRLFQuotedFieldsAnyColumnOrderAndBooleanEvents() throws {
        // BOM, CRLF, columns shuffled, a quoted level with a comma, a doubled quote and a line break.
        let text =
            "\u{FEFF}score,site,event,patient_id,time\r\n"
            + "0.5,\"Boston, MA\",true,A1,10\r\n"
            + "-1.25e-1,\"say \"\"hi\"\"\",FALSE,\"A2\",20.5\r\n"
            + "2,\"two\r\nlines\",1,A3,0\r\n"
            + "3,,0,A4,7\r\n"
            + "\r\n"
        let p = try Self.parse(text)
        #expect(p.count == 4)
        #expect(p.patientIDs == ["A1", "A2", "A3", "A4"])
        #expect(p.time == [10, 20.5, 0, 7])
        #expect(p.event == [true, false, true, false])
        #expect(p.score == [0.5, -0.125, 2, 3])
        #expect(p.extraColumns == ["site"])
        #expect(p.columnValues["site"] == ["Boston, MA", "say \"hi\"", "two\r\nlines", ""])
        // The quoted line break makes the fourth record start on line 5.
        #expect(p.lines == [2, 3, 4, 6])
        #expect(p.eventCount == 2)
        #expect(p.riskScores(.survival) == [-0.5, 0.125, -2, -3])
    }

    @Test func lfAndCROnlyLineEndsAndNoTrailingNewline() throws {
        let lf = try Self.parse("patient_id,time,event,score\nA,1,1,0.1\nB,2,0,0.2")
        let cr = try Self.parse("patient_id,time,event,score\rA,1,1,0.1\rB,2,0,0.2\r")
        #expect(lf.time == [1, 2] && cr.time == [1, 2])
        #expect(lf.lines == [2, 3] && cr.lines == [2, 3])
    }

    @Test func readsTheBundledExampleThroughInputFilesRecordingItsDigest() throws {
        let directory = URL(fileURLWithPath: Fixtures.path("evaluate"))
        let files = InputFiles(baseDirectory: directory, rootDirectory: directory)
        let p = try PredictionsReader.read("candidate.csv", files: files, key: "evaluation.candidate.predictions")
        #expect(p.file == "candidate.csv")
        #expect(p.count == 275)
        #expect(p.extraColumns == ["sex", "age_band"])
        let data = try Data(contentsOf: directory.appendingPathComponent("candidate.csv"))
        #expect(files.recorded["candidate.csv"]?.sha256 == InputFiles.sha256(data))
        #expect(files.recorded["candidate.csv"]?.bytes == data.count)
    }

    /// Every bad input names file, line, column and a fix; none echoes a patient ID.
    @Test(
        arguments: [
            // (text, line, column, message part, fix part)
            ("", 1, nil, "the file is empty", "header row"),
            ("\u{FEFF}\r\n\r\n", 1, nil, "the file is empty", "header row"),
            ("patient_id,time,event,score\n", 2, nil, "a header but no patient rows", "one row per patient"),
            ("patient_id,time,event,score\nSECRET1,1,1,0.5\n", 2, nil, "a single patient", "at least two"),
            (
                "patient_id,Time,event,score\nA,1,1,1\n", 1, nil,
                "the header has no 'time' column (it has: patient_id, Time, event, score)", "did you mean 'Time'?"
            ),
            ("patient_id,time,event\nA,1,1\n", 1, nil, "no 'score' column", "patient_id, time, event, score"),
            (
                "patient_id,time,event,score\nSECRET1,1,1,0.5\nSECRET1,2,0,0.1\n", 3, 1,
                "patient_id repeats the one on line 2", "one row per patient"
            ),
            ("patient_id,time,event,score\nA,NaN,1,0.5\n", 2, 3, "time is NaN", "drop the patient"),
            ("patient_id,time,event,score\nA,1,1,inf\n", 2, 7, "score is infinite", "finite number"),
            ("patient_id,time,event,score\nA,-3,1,0.5\n", 2, 3, "time is negative (-3.0)", "zero or more"),
            ("patient_id,time,event,score\nA,SECRET9,1,0.5\n", 2, 3, "time is not a number", "decimal number"),
            ("patient_id,time,event,score\nA,0x10,1,0.5\n", 2, 3, "time is not a number", "decimal number"),
            ("patient_id,time,event,score\nA,,1,0.5\n", 2, 3, "time is empty", "every patient needs a time"),
            ("patient_id,time,event,score\nA,1,1,1e999\n", 2, 7, "score is too large", "rescale"),
            (
                "patient_id,time,event,score\nA,1,2,0.5\n", 2, 5, "event is not 0/1 or true/false ('2')",
                "write 1 (or true)"
            ),
            (
                "patient_id,time,event,score\nA,1,SECRET,0.5\n", 2, 5, "event is not 0/1 or true/false",
                "0 (or false) when censored"
            ),
            ("patient_id,time,event,score\n  ,1,1,0.5\n", 2, 1, "patient_id is empty", "identifier"),
            (
                "patient_id,time,event,score\nA,1,1\n", 2, 1, "this row has 3 fields but the header has 4",
                "one value per header column"
            ),
            ("patient_id,time,event,score\nA,1,1,\"0.5\n", 2, 7, "a quoted field is never closed", "two quotes"),
            (
                "patient_id,time,event,score\nA,1,1,\"0.5\"x\n", 2, 12, "text follows the closing quote",
                "quote the whole field"
            ),
            (
                "patient_id,time,event,score\nA,1,1,0\"5\n", 2, 8, "a double quote inside an unquoted field",
                "two quotes"
            ),
            (
                "patient_id,time,time,score\nA,1,1,0\n", 1, 17, "the header names column 'time' twice (fields 2 and 3)",
                "distinct name"
            ),
        ] as [(String, Int, Int?, String, String)])
    func badInput(text: String, line: Int, column: Int?, message: String, fix: String) throws {
        let error = try #require(Self.error(text))
        #expect(error.file == "eval/p.csv")
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.fix?.contains(fix) == true, "\(error.fix ?? "")")
        #expect(!error.description.contains("SECRET"))
        #expect(error.description.hasPrefix("eval/p.csv:\(line)"))
    }

    @Test func invalidUTF8IsAnErrorAtTheField() throws {
        var bytes = Array("patient_id,time,event,score,site\nA,1,1,0.5,".utf8)
        bytes += [0xC3, 0x28, 0x0A]
        #expect(
            throws: InputError(
                file: "x.csv", line: 2, column: 11, message: "this field is not valid UTF-8",
                fix: "save the file as UTF-8")
        ) {
            try PredictionsReader.parse(Data(bytes), file: "x.csv")
        }
    }

    @Test func columnCountsCharactersNotBytes() throws {
        let error = try #require(Self.error("site,patient_id,time,event,score\n\"é€\",A,xx,1,1\n"))
        // `"é€",A,` is 7 characters (10 bytes): the time field starts at character 8.
        #expect(error.column == 8)
    }

    // MARK: - join

    static let header = "patient_id,time,event,score\n"

    @Test func joinAlignsTheBaselineToTheCandidateOrder() throws {
        let candidate = try Self.parse(Self.header + "A,1,1,0.1\nB,2,0,0.2\nC,3,1,0.3\n", file: "c.csv")
        let baseline = try Self.parse(Self.header + "C,3,1,3\nA,1,1,1\nB,2,0,2\n", file: "b.csv")
        let joined = try PredictionsReader.join(candidate: candidate, baseline: baseline)
        #expect(joined.baseline.patientIDs == ["A", "B", "C"])
        #expect(joined.baseline.score == [1, 2, 3])
        #expect(joined.baseline.lines == [3, 4, 2])
        #expect(joined.candidate.score == [0.1, 0.2, 0.3])
    }

    @Test func joinOnDifferentPatientsGivesCountsNotIDs() throws {
        let candidate = try Self.parse(
            Self.header + "SECRET-A,1,1,0.1\nSECRET-B,2,0,0.2\nSECRET-C,3,1,0.3\n", file: "c.csv")
        let baseline = try Self.parse(Self.header + "SECRET-A,1,1,1\nSECRET-D,2,0,2\n", file: "b.csv")
        do {
            _ = try PredictionsReader.join(candidate: candidate, baseline: baseline)
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(
                error.message.contains(
                    "the candidate (c.csv, 3 patients) and the baseline (b.csv, 2 patients) score different patients: "
                        + "1 in both, 2 only in the candidate, 1 only in the baseline"))
            #expect(error.fix?.contains("same evaluation patients") == true)
            #expect(!error.description.contains("SECRET"))
        }
    }

    @Test func joinWithDifferentOutcomesNamesTheFirstLines() throws {
        let candidate = try Self.parse(Self.header + "A,1,1,0.1\nB,2,0,0.2\nC,3,1,0.3\n", file: "c.csv")
        let baseline = try Self.parse(Self.header + "C,3,0,3\nB,2,0,2\nA,1.5,1,1\n", file: "b.csv")
        #expect(
            throws: InputError(
                file: "c.csv", line: 2,
                message:
                    "the candidate and the baseline (b.csv) disagree on the outcome (time or event) of 2 patients, the first here and on line 4 of the baseline",
                fix: "both files must carry the same cohort's outcomes; regenerate them from one evaluation table")
        ) {
            try PredictionsReader.join(candidate: candidate, baseline: baseline)
        }
    }
}
