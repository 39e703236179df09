// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import GremlinXML

/// What a JUnit testcase records.
enum JUnitOutcome {
    case pass
    case failure(type: String, message: String, body: String)
    case error(type: String, message: String, body: String)
    case skipped(message: String)
}

/// One `testcase` before it is written.
struct JUnitCase {
    var classname: String
    var name: String
    var outcome: JUnitOutcome
    var systemOut: String?
    var file: String?
    var line: Int?

    var isFailure: Bool { if case .failure = outcome { return true } else { return false } }
    var isError: Bool { if case .error = outcome { return true } else { return false } }
    var isSkipped: Bool { if case .skipped = outcome { return true } else { return false } }
}

/// One `testsuite` (a check) before it is written; counters derive from its cases.
struct JUnitSuite {
    var name: String
    var properties: [(String, String)]
    var cases: [JUnitCase]
    var systemOut: String?
    var duration: Double

    var tests: Int { cases.count }
    var failures: Int { cases.filter(\.isFailure).count }
    var errors: Int { cases.filter(\.isError).count }
    var skipped: Int { cases.filter(\.isSkipped).count }
}

/// Hands out names unique within a class: the second `x` becomes `x (2)`, and so on.
struct UniqueTestNames {
    private var taken: Set<String> = []

    mutating func claim(_ classname: String, _ base: String) -> String {
        // Sanitised first so two names differing only in stripped characters still collide here.
        let base = XMLText.sanitized(base)
        var candidate = base
        var counter = 1
        while !taken.insert(classname + "\u{1F}" + candidate).inserted {
            counter += 1
            candidate = "\(base) (\(counter))"
        }
        return candidate
    }
}

extension Array where Element == JUnitSuite {
    func sum(_ count: (JUnitSuite) -> Int) -> Int { reduce(0) { $0 + count($1) } }
}
