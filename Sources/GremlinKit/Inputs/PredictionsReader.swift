// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// One model's predictions on an evaluation cohort: outcome, score and subgroup columns per patient.
public struct Predictions: Sendable {
    /// The file as named in messages (repository- or manifest-relative).
    public let file: String
    /// Patient identifiers, surrounding whitespace trimmed. Used to join files, never printed;
    /// made into strings on first use (see `PatientIDs`).
    public var patientIDs: [String] { ids.strings }
    let ids: PatientIDs
    /// Follow-up time, finite and ≥ 0.
    public let time: [Double]
    /// `true` when the event was observed at `time`.
    public let event: [Bool]
    /// The model's score as written (a risk unless the manifest says `score: survival`).
    public let score: [Double]
    /// 1-based line of each patient's row, for messages.
    public let lines: [Int]
    /// The other columns (subgroups) in header order.
    public let extraColumns: [String]
    /// Values of each extra column, one per patient.
    public let columnValues: [String: [String]]

    init(
        file: String, patientIDs: [String], time: [Double], event: [Bool], score: [Double], lines: [Int],
        extraColumns: [String], columnValues: [String: [String]]
    ) {
        self.init(
            file: file, ids: PatientIDs(patientIDs), time: time, event: event, score: score, lines: lines,
            extraColumns: extraColumns, columnValues: columnValues)
    }

    init(
        file: String, ids: PatientIDs, time: [Double], event: [Bool], score: [Double], lines: [Int],
        extraColumns: [String], columnValues: [String: [String]]
    ) {
        self.file = file
        self.ids = ids
        self.time = time
        self.event = event
        self.score = score
        self.lines = lines
        self.extraColumns = extraColumns
        self.columnValues = columnValues
    }

    /// Number of patients.
    public var count: Int { time.count }
    /// Number of observed events.
    public var eventCount: Int { event.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// The scores as risks: negated when `direction` is `.survival`.
    public func riskScores(_ direction: ScoreDirection) -> [Double] {
        direction == .survival ? score.map { -$0 } : score
    }

    /// The same predictions with rows taken in `order` (indices into this file's rows).
    func reordered(_ order: [Int]) -> Predictions {
        let ids = patientIDs
        return Predictions(
            file: file, patientIDs: order.map { ids[$0] }, time: order.map { time[$0] },
            event: order.map { event[$0] }, score: order.map { score[$0] }, lines: order.map { lines[$0] },
            extraColumns: extraColumns,
            columnValues: columnValues.mapValues { values in order.map { values[$0] } })
    }
}

/// How a score is oriented: `risk` (higher = worse prognosis, the default) or `survival`.
public enum ScoreDirection: String, Sendable, CaseIterable {
    case risk
    case survival
}

/// Candidate and baseline predictions on the same patients, rows aligned.
public struct PairedPredictions: Sendable {
    public let candidate: Predictions
    /// The baseline's rows in the candidate's patient order.
    public let baseline: Predictions
}

/// Reads prediction CSVs (`patient_id,time,event,score` plus subgroup columns, any order).
///
/// Every value is checked: a time that is empty, not a number, NaN, infinite or negative, an event
/// other than 0/1 or true/false, a non-finite score, an empty or repeated patient ID are input
/// errors naming the file, line, column and the fix; so is a score beyond ±1e300, or scores so
/// large that their mean or standard deviation overflows (the line of the largest is named).
/// Messages never contain a patient ID, and a cell's text is quoted only when it parses as a
/// number (a shifted column could hold an ID).
public enum PredictionsReader {
    /// The largest score magnitude accepted: beyond it a score is no model output, and sums of
    /// such scores overflow.
    public static let maxScore = 1e300

    /// The columns every predictions file needs.
    public static let requiredColumns = ["patient_id", "time", "event", "score"]

    /// Reads a manifest-relative file through `files` (which records its sha256).
    public static func read(_ path: String, files: InputFiles, key: String? = nil) throws -> Predictions {
        let file = files.portableName(files.url(path))
        return try files.read(path, what: "predictions file", key: key) { try parse($0, file: file) }
    }

    /// Parses the bytes of a predictions file named `file`: the fast byte reader for the files it
    /// takes (`PredictionsScanner`), the general reader for every other file and every error.
    public static func parse(_ data: Data, file: String) throws -> Predictions {
        if let predictions = PredictionsScanner.parse(data, file: file) { return predictions }
        return try parseGeneral(data, file: file)
    }

    /// The general reader (the reference): RFC 4180 records, one `String` per cell, and every
    /// check with its message.
    static func parseGeneral(_ data: Data, file: String) throws -> Predictions {
        let table = try CSVReader.parse(data, file: file)
        var index: [String: Int] = [:]
        for name in requiredColumns {
            guard let position = table.index(of: name) else {
                let hint = InputExcerpt.suggestion(name, in: table.header).map { "did you mean '\($0)'? " } ?? ""
                let shown =
                    InputExcerpt.names(table.header).map { "it has: \($0)" }
                    ?? "the first row does not look like a CSV header; it is not shown"
                throw InputError(
                    file: file, line: 1,
                    message: "the header has no '\(name)' column (\(shown))",
                    fix:
                        "\(hint)a predictions file needs the columns \(requiredColumns.joined(separator: ", ")), in any order"
                )
            }
            index[name] = position
        }
        guard !table.records.isEmpty else {
            throw InputError(
                file: file, line: 2, message: "the file has a header but no patient rows",
                fix: "write one row per patient of the evaluation cohort")
        }
        let idColumn = index["patient_id"] ?? 0
        let timeColumn = index["time"] ?? 0
        let eventColumn = index["event"] ?? 0
        let scoreColumn = index["score"] ?? 0
        let extras = table.header.enumerated().filter { !requiredColumns.contains($0.element) }

        let n = table.records.count
        var ids: [String] = []
        var time: [Double] = []
        var event: [Bool] = []
        var score: [Double] = []
        var lines: [Int] = []
        ids.reserveCapacity(n)
        time.reserveCapacity(n)
        event.reserveCapacity(n)
        score.reserveCapacity(n)
        lines.reserveCapacity(n)
        var extraValues = extras.map { _ in [String]() }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(n)
        // The score of largest magnitude and where it is: named when the scores overflow.
        var largest: (magnitude: Double, line: Int, column: Int)?

        for record in table.records {
            func fail(_ column: Int, _ message: String, _ fix: String) -> InputError {
                let position = record.positions[column]
                return InputError(file: file, line: position.line, column: position.column, message: message, fix: fix)
            }
            let id = record.fields[idColumn].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else {
                throw fail(idColumn, "patient_id is empty", "give every row its patient's identifier")
            }
            if let earlier = seen[id] {
                throw fail(
                    idColumn, "patient_id repeats the one on line \(earlier)",
                    "keep one row per patient (remove the duplicate or fix the identifier)")
            }
            seen[id] = record.line

            let t = try number(record.fields[timeColumn], column: "time") { fail(timeColumn, $0, $1) }
            guard t >= 0 else {
                throw fail(timeColumn, "time is negative (\(t))", "follow-up time must be zero or more")
            }
            let s = try number(record.fields[scoreColumn], column: "score") { fail(scoreColumn, $0, $1) }
            guard abs(s) <= maxScore else {
                throw fail(
                    scoreColumn, "score is extreme (\(String(format: "%g", s)), beyond ±1e300)",
                    "write the model's score on a sane scale (a log-risk or probability); values this large "
                        + "are not model outputs and overflow the statistics")
            }
            if abs(s) > largest?.magnitude ?? -1 {
                let position = record.positions[scoreColumn]
                largest = (abs(s), position.line, position.column)
            }
            guard let e = eventValue(record.fields[eventColumn]) else {
                let cell = record.fields[eventColumn].trimmingCharacters(in: .whitespaces)
                let shown = Double(cell) != nil && cell.count <= 24 ? " ('\(cell)')" : ""
                throw fail(
                    eventColumn, "event is not 0/1 or true/false\(shown)",
                    "write 1 (or true) when the event was observed and 0 (or false) when censored")
            }
            ids.append(id)
            time.append(t)
            event.append(e)
            score.append(s)
            lines.append(record.line)
            for (k, extra) in extras.enumerated() { extraValues[k].append(record.fields[extra.offset]) }
        }
        // One patient has no standard deviation and nothing to compare with: say so, rather
        // than let the SD's 0/0 read as an overflow below.
        guard score.count >= 2 else {
            throw InputError(
                file: file, line: lines[0],
                message: "the file holds a single patient; the C-index, AUROC and hazard ratios compare patients",
                fix: "write one row per patient of the evaluation cohort (at least two)")
        }
        let (mean, sd) = meanAndSampleSD(score)
        if !mean.isFinite || !sd.isFinite, let largest {
            throw InputError(
                file: file, line: largest.line, column: largest.column,
                message:
                    "score is so large (magnitude \(String(format: "%g", largest.magnitude))) that the scores' mean or "
                    + "standard deviation overflows, so the hazard ratio per SD cannot be computed",
                fix: "write the model's score on a sane scale (a log-risk or probability), or fix this value")
        }
        var columnValues: [String: [String]] = [:]
        for (k, extra) in extras.enumerated() { columnValues[extra.element] = extraValues[k] }
        return Predictions(
            file: file, patientIDs: ids, time: time, event: event, score: score, lines: lines,
            extraColumns: extras.map(\.element), columnValues: columnValues)
    }

    /// Joins two models' predictions on `patient_id`; both must hold the same patients with the
    /// same outcomes, else an input error giving the counts (never the identifiers).
    public static func join(candidate: Predictions, baseline: Predictions) throws -> PairedPredictions {
        var baselineRow: [String: Int] = [:]
        baselineRow.reserveCapacity(baseline.count)
        for (row, id) in baseline.patientIDs.enumerated() { baselineRow[id] = row }
        var order: [Int] = []
        order.reserveCapacity(candidate.count)
        var onlyCandidate = 0
        for id in candidate.patientIDs {
            if let row = baselineRow[id] { order.append(row) } else { onlyCandidate += 1 }
        }
        let onlyBaseline = baseline.count - order.count
        if onlyCandidate > 0 || onlyBaseline > 0 {
            throw InputError(
                file: candidate.file,
                message: "the candidate (\(candidate.file), \(candidate.count) patients) and the baseline "
                    + "(\(baseline.file), \(baseline.count) patients) score different patients: "
                    + "\(order.count) in both, \(onlyCandidate) only in the candidate, \(onlyBaseline) only in the baseline",
                fix:
                    "score the same evaluation patients with both models; a paired comparison does not drop patients silently"
            )
        }
        let aligned = baseline.reordered(order)
        var mismatched = 0
        var first: (Int, Int)?
        for row in 0..<candidate.count
        where candidate.time[row] != aligned.time[row] || candidate.event[row] != aligned.event[row] {
            mismatched += 1
            if first == nil { first = (candidate.lines[row], aligned.lines[row]) }
        }
        if let first {
            throw InputError(
                file: candidate.file, line: first.0,
                message: "the candidate and the baseline (\(baseline.file)) disagree on the outcome (time or event) "
                    + "of \(mismatched) patient\(mismatched == 1 ? "" : "s"), the first here and on line \(first.1) of the baseline",
                fix: "both files must carry the same cohort's outcomes; regenerate them from one evaluation table")
        }
        return PairedPredictions(candidate: candidate, baseline: aligned)
    }

    /// A finite decimal number, or the error `fail(message, fix)` says.
    static func number(_ raw: String, column: String, _ fail: (String, String) -> InputError) throws -> Double {
        let cell = raw.trimmingCharacters(in: .whitespaces)
        if cell.isEmpty {
            throw fail(
                "\(column) is empty", "every patient needs a \(column); drop patients without one before evaluating")
        }
        switch cell.lowercased() {
        case "nan", "-nan", "+nan":
            throw fail("\(column) is NaN", "replace it with a number or drop the patient")
        case "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity":
            throw fail("\(column) is infinite", "replace it with a finite number or drop the patient")
        default:
            break
        }
        let decimal = cell.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }
        guard decimal, let value = Double(cell) else {
            throw fail("\(column) is not a number", "write a decimal number such as 365 or 0.25")
        }
        guard value.isFinite else {
            throw fail("\(column) is too large to be a finite number", "rescale the \(column) values")
        }
        return value
    }

    static func eventValue(_ raw: String) -> Bool? {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "1.0", "true": return true
        case "0", "0.0", "false": return false
        default: return nil
        }
    }
}
