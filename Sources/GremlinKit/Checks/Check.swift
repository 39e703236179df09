// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// One item of the release checklist: a static descriptor and a pure `run`.
///
/// A check never prints, writes a file or exits. It returns findings; the runner derives the
/// status from them and the policy severity. Throwing marks the check `error` (which blocks).
public protocol Check: Sendable {
    /// What the check is, what it reads and which policy keys configure it.
    static var descriptor: CheckDescriptor { get }
    init()
    func run(_ context: CheckContext) throws -> CheckOutcome
}

/// The static description of a check: used by the registry, the policy loader, `gremlin checks`,
/// the JSON Schema and the reports.
public struct CheckDescriptor: Sendable {
    /// The id used in policies, `--only/--skip`, JUnit and JSON (`ip`, `commits`, …).
    public var id: String
    /// The checklist title (`IP Compliant`).
    public var title: String
    /// Why the check exists, one sentence.
    public var rationale: String
    /// What the check reads, for `gremlin checks`.
    public var reads: String
    /// Whether the check needs `--manifest`.
    public var needsManifest: Bool
    /// Ids of checks whose results this check uses (they run first).
    public var after: [String]
    /// The check's own policy keys (`severity` and `enabled` are common to all).
    public var keys: [Field]
    /// Example policy sections that must load and run: used by the shared descriptor test.
    public var examples: [String]

    public init(id: String, title: String, rationale: String, reads: String, needsManifest: Bool,
                after: [String] = [], keys: [Field], examples: [String] = []) {
        self.id = id
        self.title = title
        self.rationale = rationale
        self.reads = reads
        self.needsManifest = needsManifest
        self.after = after
        self.keys = keys
        self.examples = examples
    }

    /// The keys every check accepts.
    public static let commonKeys: [Field] = [
        Field("severity", .oneOf(["block", "warn"]), default: .string("block"),
              doc: "block: a failure blocks the release; warn: reported only"),
        Field("enabled", .boolean, default: .bool(true), doc: "false turns the check off (reported skipped)"),
    ]

    /// The full shape of this check's policy section.
    public var shape: Shape { .object(Self.commonKeys + keys) }
}

/// Why a check could not be evaluated; the runner records it as status `error`.
public struct CheckError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: Location?

    public init(_ message: String, location: Location? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String { message }
}
