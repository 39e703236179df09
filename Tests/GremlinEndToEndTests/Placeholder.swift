// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Testing

@Suite struct EndToEndPlaceholder {
    @Test func binaryTargetExists() {
        #expect(Bool(true))
    }
}
