// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

@main
struct Gremlin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gremlin",
        abstract: "The model release gate: audits a model repository and blocks the deploy when it is not ready.",
        discussion: "Exit codes: 0 READY, 1 BLOCKED, 2 could not evaluate, 3 released but not notified.",
        version: GremlinVersion.display,
        subcommands: [
            Audit.self,
            Card.self,
            Evaluate.self,
            Headers.self,
            Init.self,
            Keygen.self,
            ListChecks.self,
            Release.self,
            Secrets.self,
            Verify.self,
        ]
    )

    /// Subcommands that open a repository: libgit2's start-up begins before their arguments are
    /// parsed (see `LibGit2.startInBackground`).
    static let gitCommands: Set<String> = ["audit", "card", "headers", "init", "release", "secrets"]

    /// Parses and runs; usage errors exit 2 (SPEC: "could not evaluate"), not ArgumentParser's 64.
    static func main() async {
        if let command = CommandLine.arguments.dropFirst().first, gitCommands.contains(command) {
            LibGit2.startInBackground()
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == GremlinKit.ExitCode.blocked.rawValue
                || code.rawValue == GremlinKit.ExitCode.notificationFailed.rawValue
                || code.rawValue == GremlinKit.ExitCode.invalidInput.rawValue
            {
                if code == .success, !(error is ArgumentParser.ExitCode) {
                    // --help / --version
                    print(fullMessage(for: error))
                }
                Foundation.exit(code.rawValue)
            }
            Console.error(fullMessage(for: error))
            Foundation.exit(GremlinKit.ExitCode.invalidInput.rawValue)
        }
    }
}
