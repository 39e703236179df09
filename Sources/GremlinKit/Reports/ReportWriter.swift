// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import GremlinXML

/// One artifact format: renders an `AuditReport` into the bytes of one file under `--out`.
///
/// Renderers are pure (no clock, no environment, no file system): the same report and options
/// always give the same bytes. `ReportSet` does the writing.
public protocol ReportWriter: Sendable {
    /// The artifact's file name inside the output directory, e.g. `junit.xml`.
    var fileName: String { get }
    /// The artifact's bytes.
    func render(_ report: AuditReport, options: ReportOptions) throws -> [UInt8]
}

/// Knobs shared by every report format.
public struct ReportOptions: Sendable, Equatable {
    /// Which JUnit dialect `junit.xml` uses (`JUnitFlavor` is declared with the audit options).
    public var junitFlavor: JUnitFlavor
    /// When true (the default) every `time` is written as `0.000`, so the same inputs give
    /// byte-identical artifacts; set `GREMLIN_TIMINGS=1` to record wall-clock durations.
    public var deterministicTimes: Bool
    /// How many findings per check `audit.md` lists before "… N more".
    public var markdownFindingLimit: Int

    public init(
        junitFlavor: JUnitFlavor = .gitlab, deterministicTimes: Bool = true,
        markdownFindingLimit: Int = 50
    ) {
        self.junitFlavor = junitFlavor
        self.deterministicTimes = deterministicTimes
        self.markdownFindingLimit = max(0, markdownFindingLimit)
    }

    /// Options with `deterministicTimes` off when the environment sets `GREMLIN_TIMINGS=1`.
    public init(junitFlavor: JUnitFlavor = .gitlab, environment: [String: String]) {
        self.init(junitFlavor: junitFlavor, deterministicTimes: environment["GREMLIN_TIMINGS"] != "1")
    }
}

/// A report could not be rendered or written; the message names the file.
public struct ReportError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The artifact or path at fault.
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

extension ReportOptions {
    /// `seconds` as JUnit wants it (`12.345`, at most three decimals as `junit-10.xsd` requires),
    /// or `0.000` when times are deterministic.
    func junitTime(_ seconds: Double) -> String {
        guard !deterministicTimes, seconds.isFinite, seconds > 0 else { return "0.000" }
        let millis = Int((seconds * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

/// `text` without control characters (tab, LF and CR stay): JSON could encode them, but the
/// viewers that show SARIF messages and JUnit output mangle or reject them. Same rule as XML.
func plainText(_ text: String) -> String {
    XMLText.sanitized(text)
}

extension Finding {
    /// The finding's own severity, else its check's.
    func effectiveSeverity(in check: CheckResult) -> Severity {
        severity ?? check.severity
    }
}
