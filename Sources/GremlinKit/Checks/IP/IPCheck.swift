// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// IP Compliant: every selected tracked file carries an allowed license header.
public struct IPCheck: Check {
    public static let descriptor = CheckDescriptor(
        id: "ip",
        title: "IP Compliant",
        rationale: "Every file that ships says under which license and by whom, so the release carries no unknown IP.",
        reads: "git objects at the audited revision (not the work tree)",
        needsManifest: false,
        keys: [
            Field("include", .list(.string), default: .list([.string("**/*")]), doc: "globs of files that need a header"),
            Field("exclude", .list(.string), default: .list([]), doc: "globs of files exempt from headers"),
            Field("within_lines", .integer(minimum: 1), default: .int(20), doc: "the header must appear in this many first lines"),
            Field("spdx", .list(.string), default: .list([]), doc: "allowed SPDX-License-Identifier ids"),
            Field("copyright", .regex, doc: "a regex a header line must contain"),
            Field("header", .list(.string),
                  doc: "lines `gremlin headers --fix` inserts ({year}, {spdx} are filled in); default: the first spdx id"),
        ],
        examples: ["include: ['**/*.swift']\nspdx: [Apache-2.0]"]
    )

    public init() {}

    public func run(_ context: CheckContext) throws -> CheckOutcome {
        let config = context.config
        let rule = try Self.rule(config)
        let include = config.strings("include").map(Glob.init)
        let exclude = config.strings("exclude").map(Glob.init)
        let audit = try HeaderAudit.run(repository: context.repository, commit: context.commit,
                                        include: include, exclude: exclude, rule: rule)
        guard !audit.files.isEmpty else {
            throw CheckError("no tracked file at \(context.commit.short) matches include \(config.strings("include")) "
                             + "(minus exclude): zero files selected is not a pass — fix the globs in the policy")
        }
        var findings: [Finding] = []
        for file in audit.failing {
            for problem in file.problems {
                findings.append(Finding(rule: problem.rule, message: problem.message,
                                        location: Location(path: file.path, line: 1)))
            }
        }
        let skipped = audit.skipped
        var measurements: [String: JSONValue] = [
            "selected": .int(audit.files.count),
            "inspected": .int(audit.inspected),
            "failing": .int(audit.failing.count),
        ]
        measurements["skipped"] = .object(Dictionary(uniqueKeysWithValues: HeaderInspection.Skip.allCases.map {
            ($0.rawValue, JSONValue.int(skipped[$0] ?? 0))
        }))
        let skippedText = HeaderInspection.Skip.allCases.compactMap { reason in
            skipped[reason].map { "\($0) \(reason.rawValue)" }
        }.joined(separator: ", ")
        var summary = "\(audit.inspected) files checked, \(audit.failing.count) without a compliant header"
        if !skippedText.isEmpty { summary += "; skipped \(skippedText)" }
        return CheckOutcome(findings: findings, summary: summary, measurements: measurements)
    }

    /// The header rule a policy section describes.
    public static func rule(_ config: CheckConfig) throws -> HeaderRule {
        let spdx = config.strings("spdx")
        let copyright = try config.regex("copyright")
        if spdx.isEmpty && copyright == nil {
            throw InputError(file: config.file, key: "checks.ip",
                             message: "neither spdx nor copyright is set, so no header can be required",
                             fix: "add `spdx: [Apache-2.0]` and/or a `copyright:` regex")
        }
        return HeaderRule(withinLines: config.int("within_lines") ?? 20, spdx: spdx, copyright: copyright)
    }
}
