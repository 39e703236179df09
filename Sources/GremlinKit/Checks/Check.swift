// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// One item of the release checklist: a static descriptor, a typed configuration and a pure `run`.
///
/// A check never prints, writes a file or exits. It returns findings (and any file it renders,
/// as `CheckOutcome.files`); the runner derives the status from the findings and the policy
/// severity. Throwing marks the check `error` (which blocks).
public protocol Check: Sendable {
    /// The check's policy section, decoded once from the validated YAML.
    associatedtype Config: CheckConfiguration
    /// What the check is, what it reads and which policy keys configure it.
    static var descriptor: CheckDescriptor { get }
    init()
    func run(_ context: CheckContext, config: Config) throws -> CheckOutcome
}

extension Check {
    /// Decodes the context's policy section into `Config` and runs the check.
    public func run(_ context: CheckContext) throws -> CheckOutcome {
        try run(context, config: Config(context.config))
    }
}

/// A check's policy section as a typed value. The descriptor's `keys` stay the one place that
/// names each key, its shape and its default (the loader fills defaults in before decoding, and
/// the JSON Schema and README reference are generated from them); `init` only reads them.
public protocol CheckConfiguration {
    init(_ section: CheckConfig) throws
}

/// For a check without keys of its own.
public struct NoConfiguration: CheckConfiguration, Sendable {
    public init(_ section: CheckConfig) {}
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

    public init(
        id: String, title: String, rationale: String, reads: String, needsManifest: Bool,
        after: [String] = [], keys: [Field], examples: [String] = []
    ) {
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
        Field(
            "severity", .oneOf(["block", "warn"]), default: .string("block"),
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
