// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Testing

@testable import GremlinKit

@Suite struct VerdictTests {
    @Test func errorWinsOverFail() {
        #expect(Verdict.from([.pass, .fail, .error]) == .error)
        #expect(Verdict.from([.pass, .fail, .warn]) == .blocked)
        #expect(Verdict.from([.pass, .warn, .skipped]) == .ready)
        #expect(Verdict.blocked.exitCode.rawValue == 1)
    }
}
