// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

/// Writes to stderr and stdout without buffering surprises.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Prints a user error and returns the exit code for it (2).
    static func fail(_ error: Error) -> ArgumentParser.ExitCode {
        Self.error("error: " + AuditRunner.message(for: error))
        return exit(.invalidInput)
    }

    static func exit(_ code: GremlinKit.ExitCode) -> ArgumentParser.ExitCode {
        ArgumentParser.ExitCode(code.rawValue)
    }
}

/// Progress lines on stderr: `[LOG] Loading policy…` then `[DONE] 3 ms`.
struct StderrProgress: ProgressSink {
    let quiet: Bool
    func step(_ text: String) { if !quiet { Console.error("[LOG] " + text) } }
    func done(_ text: String) { if !quiet { Console.error("[DONE] " + text) } }
}
