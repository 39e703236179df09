// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// libgit2's one-time start-up begun on a background thread: repositories opened at the same
/// time, on several threads, wait for it and work.
@Suite struct LibGit2StartTests {
    @Test func repositoriesOpenWhileTheStartUpRunsInTheBackground() throws {
        let fixture = try GitFixture()
        let head = try fixture.commit("one", files: ["a.txt": "alpha\n"])
        LibGit2.startInBackground()
        LibGit2.startInBackground()
        let resolved = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let id = try? Repository.open(at: fixture.path).resolve("HEAD").hex
            resolved.withLock { $0.append(id ?? "failed") }
        }
        #expect(resolved.withLock { $0 } == Array(repeating: head, count: 4))
    }
}
