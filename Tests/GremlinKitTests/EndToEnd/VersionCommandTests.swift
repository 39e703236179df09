// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin --version`: a source build says so; a bundle built by scripts/dist.sh carries the
/// version from `git describe` and its commit (checked by Tests/dist/chroot_test.sh).
@Suite struct VersionCommandTests {
    @Test func sourceBuildPrintsTheSourceVersion() throws {
        let run = try Binary.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "\(GremlinVersion.source) (source build)\n")
        #expect(GremlinVersion.current == GremlinVersion.source)
        #expect(GremlinVersion.commit == nil)
    }

    /// The one place a version is written down agrees with the tags the templates pin.
    @Test func sourceVersionIsSemantic() {
        let parts = GremlinVersion.source.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil })
    }
}
