// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import GremlinKit

@main
struct Gremlin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gremlin",
        abstract: "The model release gate.",
        version: GremlinVersion.current
    )
}
