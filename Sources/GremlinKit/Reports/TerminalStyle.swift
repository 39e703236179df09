// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Whether and how to colour terminal output: only on a terminal, never under `NO_COLOR`.
public struct TerminalStyle: Sendable, Equatable {
    /// An ANSI colour used for verdicts and statuses.
    public enum Color: String, Sendable {
        case red = "31"
        case green = "32"
        case yellow = "33"
        case gray = "90"
    }

    public var colored: Bool

    public init(colored: Bool) {
        self.colored = colored
    }

    /// No escape sequences: logs, files, pipes.
    public static let plain = TerminalStyle(colored: false)

    /// Colour when `fileDescriptor` is a terminal, `--no-color` was not given (`noColor`),
    /// `NO_COLOR` is not set to a non-empty value (no-color.org) and `TERM` is not `dumb`. CI
    /// logs are pipes, so they stay plain.
    public static func detect(
        fileDescriptor: Int32, environment: [String: String], noColor: Bool = false
    ) -> TerminalStyle {
        detect(isTerminal: isatty(fileDescriptor) == 1, environment: environment, noColor: noColor)
    }

    /// The decision, for a known terminal state.
    public static func detect(isTerminal: Bool, environment: [String: String], noColor: Bool = false) -> TerminalStyle {
        if noColor { return .plain }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .plain }
        if environment["TERM"] == "dumb" { return .plain }
        return TerminalStyle(colored: isTerminal)
    }

    /// `text` wrapped in the colour's escape sequences, or unchanged when plain.
    public func paint(_ text: String, _ color: Color, bold: Bool = false) -> String {
        guard colored, !text.isEmpty else { return text }
        return "\u{1B}[\(bold ? "1;" : "")\(color.rawValue)m\(text)\u{1B}[0m"
    }

    /// The colour of a verdict.
    public static func color(of verdict: Verdict) -> Color {
        switch verdict {
        case .ready: return .green
        case .blocked, .error: return .red
        }
    }

    /// The colour of a check status.
    public static func color(of status: CheckStatus) -> Color {
        switch status {
        case .pass: return .green
        case .fail, .error: return .red
        case .warn: return .yellow
        case .skipped: return .gray
        }
    }
}
