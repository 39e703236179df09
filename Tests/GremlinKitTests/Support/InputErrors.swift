// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Testing

@testable import GremlinKit

/// The `InputError` that `body` throws; records a failed expectation (and returns nil) when it
/// throws nothing or something else. `input` names what was parsed, for the failure message.
func expectInputError(for input: String, _ body: () throws -> Void) -> InputError? {
    do {
        try body()
        Issue.record("expected an input error for \(input)")
        return nil
    } catch let error as InputError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}
