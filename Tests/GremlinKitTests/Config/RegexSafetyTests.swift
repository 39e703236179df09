// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Policy regexes that could hang the audit on a crafted line are refused when the policy loads.
@Suite struct RegexSafetyTests {
    @Test(arguments: [
        "(a|aa)+$", "(a+)+", "(a*)*b", "((ab)+)+", "(x|y){2,}", "(\\d+){1,5}", "(?:a|b)*c", "(.*a){12}", "(a)\\1",
    ])
    func refused(_ pattern: String) {
        #expect(RegexSafety.problem(in: pattern) != nil, "\(pattern)")
    }

    /// Every regex the shipped policies, the contract and the tests use stays accepted.
    @Test(arguments: [
        "^(feat|fix|docs|chore|refactor|test|perf|build|ci)(\\([a-z0-9_-]+\\))?!?: .{1,72}$",
        "Copyright \\(c\\) 20[0-9]{2} The Gremlin Authors", "^WIP\\b", "^fixup!", "MRN[- ]?\\d{6,8}",
        "(ab)+", "[(|)+]+", "\\(a|b\\)+", "(?<year>\\d{4})-(?<month>\\d{2})", "(?i:mrn)\\s*\\d+", "(a|b)?",
        "(\\d{3}-){2}\\d{4}",
    ])
    func accepted(_ pattern: String) {
        #expect(RegexSafety.problem(in: pattern) == nil, "\(pattern)")
    }

    @Test func aPolicyWithACatastrophicPatternIsAnInputError() throws {
        let directory = try Fixtures.temporaryDirectory("regex-safety")
        let path = try Fixtures.write(
            """
            apiVersion: gremlin/v1
            kind: Policy
            checks:
              pii:
                patterns:
                  hang: '(a|aa)+$'
            """, to: "policy.yaml", in: directory)
        do {
            _ = try PolicyLoader.load(path: path)
            Issue.record("the policy loaded")
        } catch let errors as InputErrors {
            #expect(errors.description.contains("checks.pii.patterns.hang"))
            #expect(errors.description.contains("exponential time"))
        }
    }
}
