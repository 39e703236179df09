// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// IP Compliant: every selected tracked file carries an allowed license header.
public struct IPCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "ip",
        title: "IP Compliant",
        rationale: "Every file that ships says under which license and by whom, so the release carries no unknown IP.",
        reads: "git objects at the audited revision (not the work tree)",
        needsManifest: false,
        keys: [
            Field(
                "include", .list(.string), default: .list([.string("**/*")]), doc: "globs of files that need a header"),
            Field("exclude", .list(.string), default: .list([]), doc: "globs of files exempt from headers"),
            Field(
                "within_lines", .integer(minimum: 1), default: .int(20),
                doc: "the header must appear in this many first lines"),
            Field("spdx", .list(.string), default: .list([]), doc: "allowed SPDX-License-Identifier ids"),
            Field("copyright", .regex, doc: "a regex a header line must contain"),
            Field(
                "header", .list(.string),
                doc: "lines `gremlin headers --fix` inserts ({year}, {spdx} are filled in); default: the first spdx id"),
            Field(
                "lfs_pointers", .oneOf(["note", "fail"]), default: .string("note"),
                doc: "a selected file stored as a Git LFS pointer (its header is not in the repository): note "
                    + "reports it, fail blocks; model artifacts and files the manifest names are exempt"),
        ],
        examples: ["include: ['**/*.swift']\nspdx: [Apache-2.0]"]
    )

    public init() {}

    /// The `ip` policy section.
    public struct Config: CheckConfiguration {
        public var include: [String]
        public var exclude: [String]
        public var withinLines: Int
        public var spdx: [String]
        public var copyright: NSRegularExpression?
        /// `header:` lines for `--fix`; empty means the first spdx id.
        public var header: [String]
        /// The policy file, for messages.
        public var file: String
        /// `lfs_pointers: fail`: a selected LFS pointer is a finding, not a note.
        public var failLFSPointers: Bool

        public init(_ section: CheckConfig) throws {
            include = try section.decode("include")
            exclude = try section.decode("exclude")
            withinLines = try section.decode("within_lines")
            spdx = try section.decode("spdx")
            copyright = try section.regex("copyright")
            header = section.decodeIfPresent("header", as: [String].self) ?? []
            file = section.file
            failLFSPointers = try section.decode("lfs_pointers", as: String.self) == "fail"
        }

        /// The header rule the section describes.
        public func rule() throws -> HeaderRule {
            if spdx.isEmpty && copyright == nil {
                throw InputError(
                    file: file, key: "checks.ip",
                    message: "neither spdx nor copyright is set, so no header can be required",
                    fix: "add `spdx: [Apache-2.0]` and/or a `copyright:` regex")
            }
            return HeaderRule(withinLines: withinLines, spdx: spdx, copyright: copyright)
        }
    }

    public func run(_ context: CheckContext, config: Config) throws -> CheckOutcome {
        let rule = try config.rule()
        let include = config.include.map(Glob.init)
        let exclude = config.exclude.map(Glob.init)
        let audit = try HeaderAudit.run(
            repository: context.repository, commit: context.commit,
            include: include, exclude: exclude, rule: rule)
        guard !audit.files.isEmpty else {
            throw CheckError(
                "no tracked file at \(context.commit.short) matches include \(config.include) "
                    + "(minus exclude): zero files selected is not a pass — fix the globs in the policy")
        }
        var findings: [Finding] = []
        for file in audit.failing {
            for problem in file.problems {
                findings.append(
                    Finding(
                        rule: problem.rule, message: problem.message,
                        location: Location(path: file.path, line: 1)))
            }
        }
        let pointers = SecurityCheck.lfsPointerFindings(
            audit.files.filter { $0.skip == .lfsPointer }.map(\.path), rule: "ip.lfs-pointer",
            exempt: SecurityCheck.declaredArtifacts(context))
        if config.failLFSPointers { findings += pointers }
        let skipped = audit.skipped
        var measurements: [String: JSONValue] = [
            "selected": .int(audit.files.count),
            "inspected": .int(audit.inspected),
            "failing": .int(audit.failing.count),
        ]
        measurements["skipped"] = .object(
            Dictionary(
                uniqueKeysWithValues: HeaderInspection.Skip.allCases.map {
                    ($0.rawValue, JSONValue.int(skipped[$0] ?? 0))
                }))
        let skippedText = HeaderInspection.Skip.allCases.compactMap { reason in
            skipped[reason].map { "\($0) \(reason.rawValue)" }
        }.joined(separator: ", ")
        var summary = "\(audit.inspected) files checked, \(audit.failing.count) without a compliant header"
        if !skippedText.isEmpty { summary += "; skipped \(skippedText)" }
        return CheckOutcome(
            findings: findings, summary: summary, measurements: measurements,
            notes: config.failLFSPointers ? [] : pointers)
    }

    /// The header rule a policy section describes.
    public static func rule(_ section: CheckConfig) throws -> HeaderRule {
        try Config(section).rule()
    }
}
