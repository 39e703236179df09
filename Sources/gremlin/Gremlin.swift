// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import GremlinKit

@main
struct Gremlin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gremlin",
        abstract: "The model release gate: audits a model repository and blocks the deploy when it is not ready.",
        discussion: "Exit codes: 0 READY, 1 BLOCKED, 2 could not evaluate, 3 released but not notified.",
        version: GremlinVersion.current,
        subcommands: [Audit.self, Card.self, Headers.self, ListChecks.self]
    )
}
