// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Yams

/// One sign-off (or a pending or refused one) for a role, from the approvals file or a commit trailer.
public struct ApprovalRecord: Sendable, Equatable {
    /// The states an approval can be in.
    public static let statuses = ["approved", "pending", "rejected"]

    public var role: String
    public var name: String?
    public var email: String?
    /// `YYYY-MM-DD`.
    public var date: String?
    /// `approved`, `pending` or `rejected`.
    public var status: String
    /// Where it was read: `approvals.yaml:5` or `commit 1a2b3c4d5e6f`.
    public var source: String
    /// What the record rests on: the file lines that state it, or the commit whose trailer does.
    public var origin: ApprovalOrigin?

    public init(
        role: String, name: String?, email: String? = nil, date: String?, status: String, source: String,
        origin: ApprovalOrigin? = nil
    ) {
        self.role = role
        self.name = name
        self.email = email
        self.date = date
        self.status = status
        self.source = source
        self.origin = origin
    }
}

/// Where an approval record came from, for deciding whether its approver really gave it.
public enum ApprovalOrigin: Sendable, Equatable {
    /// Lines of the approvals file (1-based, inclusive) that state the record.
    case file(lines: ClosedRange<Int>)
    /// An `Approved-by` trailer of a commit, with that commit's author.
    case trailer(commit: ObjectID, author: Signature, signed: Bool)
}

/// Reads the approvals file (`contract/approvals.yaml`) and `Approved-by:` commit trailers.
public enum ApprovalsReader {
    static let shape: Shape = .object([
        Field("apiVersion", .oneOf(["gremlin/v1"]), required: true, doc: "always gremlin/v1"),
        Field("kind", .oneOf(["Approvals"]), required: true, doc: "always Approvals"),
        Field(
            "approvals",
            .list(
                .object([
                    Field("role", .string, required: true, doc: "the approving role (model_owner, data_steward, …)"),
                    Field("name", .string, doc: "who"),
                    Field("email", .string, doc: "their address"),
                    Field("date", .string, doc: "when, YYYY-MM-DD"),
                    Field(
                        "status", .oneOf(ApprovalRecord.statuses), required: true, doc: "approved | pending | rejected"),
                    Field("comment", .string, doc: "free text"),
                ])), required: true, doc: "one record per role sign-off"),
    ])

    /// Parses an approvals file; `display` names it in errors and in each record's source.
    public static func parse(_ data: Data, file display: String) throws -> [ApprovalRecord] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: display, message: "the approvals file is not UTF-8 text", fix: "save it as UTF-8")
        }
        let node = try YAMLReader.compose(text, file: display)
        var validator = ShapeValidator(file: display)
        let document = validator.validate(node, against: shape)
        if let first = validator.errors.first { throw InputErrors(validator.errors, first: first) }
        let items = (node["approvals"]?.sequence).map { Array($0) } ?? []
        let starts = items.map { $0.mark?.line }
        let textLines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        return (document["approvals"]?.list ?? []).enumerated().map { index, item in
            let line = index < starts.count ? starts[index] : nil
            let next = index + 1 < starts.count ? starts[index + 1] : nil
            return ApprovalRecord(
                role: item["role"]?.string ?? "", name: item["name"]?.string,
                email: item["email"]?.string, date: item["date"]?.string,
                status: item["status"]?.string ?? "pending",
                source: line.map { "\(display):\($0)" } ?? display,
                origin: line.map { .file(lines: span(from: $0, before: next, in: textLines)) })
        }
    }

    /// The lines a sequence item starting on `start` occupies: up to the next item (or a line
    /// indented no deeper than its dash), without trailing blank and comment lines.
    static func span(from start: Int, before next: Int?, in lines: [Substring]) -> ClosedRange<Int> {
        func indent(_ line: Substring) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }
        func isFiller(_ line: Substring) -> Bool {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return trimmed.isEmpty || trimmed.hasPrefix("#")
        }
        guard start >= 1, start <= lines.count else { return start...start }
        let first = lines[start - 1]
        // `- role: x` continues on deeper lines; a mapping whose dash stood alone on the line
        // above continues at its own indentation.
        let opensWithDash = first.drop { $0 == " " || $0 == "\t" }.hasPrefix("-")
        let minimum = indent(first) + (opensWithDash ? 1 : 0)
        var end = start
        var line = start + 1
        while line <= lines.count, line < (next ?? Int.max) {
            let text = lines[line - 1]
            if !isFiller(text) {
                if indent(text) < minimum { break }
                end = line
            }
            line += 1
        }
        return start...end
    }

    /// `Approved-by: Name <email> (role)` trailers of a commit, dated by its committer time (UTC).
    /// Trailers that do not have that shape are returned as `malformed` values.
    public static func trailers(of commit: CommitInfo) -> (records: [ApprovalRecord], malformed: [String]) {
        var records: [ApprovalRecord] = []
        var malformed: [String] = []
        for trailer in commit.trailers where trailer.key.lowercased() == "approved-by" {
            guard let parsed = parseTrailer(trailer.value) else {
                malformed.append(trailer.value)
                continue
            }
            for role in parsed.roles {
                records.append(
                    ApprovalRecord(
                        role: role, name: parsed.name, email: parsed.email,
                        date: day(commit.committer.time), status: "approved",
                        source: "commit \(commit.id.short)",
                        origin: .trailer(commit: commit.id, author: commit.author, signed: commit.hasSignature)))
            }
        }
        return (records, malformed)
    }

    /// Splits `Name <email> (role[, role])`; nil when a part is missing.
    public static func parseTrailer(_ value: String) -> (name: String, email: String, roles: [String])? {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "("),
            let less = text.firstIndex(of: "<"), let greater = text.firstIndex(of: ">"),
            less < greater, greater < open
        else { return nil }
        let name = text[..<less].trimmingCharacters(in: .whitespaces)
        let email = text[text.index(after: less)..<greater].trimmingCharacters(in: .whitespaces)
        let roles = text[text.index(after: open)..<text.index(before: text.endIndex)]
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !name.isEmpty, email.contains("@"), !roles.isEmpty,
            text[text.index(after: greater)..<open].trimmingCharacters(in: .whitespaces).isEmpty
        else { return nil }
        return (name, email, roles)
    }

    /// Epoch seconds as a UTC calendar day.
    static func day(_ seconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
    }
}
