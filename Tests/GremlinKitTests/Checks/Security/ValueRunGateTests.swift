// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// A rule's gate only skips lines its regex could not match: checked on every example and on
/// random lines built from the pieces the patterns care about.
@Suite struct ValueRunGateTests {
    static let gated = SecretRule.builtIn.filter { $0.gate != nil }

    static func admits(_ gate: ValueRunGate, _ line: String) -> Bool {
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBufferPointer { gate.admits($0, 0..<bytes.count) }
    }

    static func matches(_ rule: SecretRule, _ line: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: rule.pattern)
        return regex.firstMatch(in: line, range: NSRange(location: 0, length: (line as NSString).length)) != nil
    }

    @Test func theRulesThatScanMostLinesAreGated() {
        #expect(Set(Self.gated.map(\.id)) == ["aws-secret-key", "generic-api-key"])
        #expect(SecretRule.builtIn.filter { $0.lineGate != nil }.map(\.id) == ["generic-api-key"])
        #expect(SecretRule.builtIn.filter { $0.linePattern != nil }.map(\.id) == ["generic-api-key"])
    }

    @Test(arguments: gated.map(\.id))
    func everyExampleThePatternMatchesPassesTheGate(_ id: String) throws {
        let rule = try #require(SecretRule.builtIn.first { $0.id == id })
        let gate = try #require(rule.gate)
        for example in rule.truePositives + rule.falsePositives {
            for line in example.split(separator: "\n").map(String.init) where try Self.matches(rule, line) {
                #expect(Self.admits(gate, line), "\(id): the gate rejects a line the regex matches")
            }
        }
    }

    /// Assignment-shaped lines with every slot varied: indentation, `export`, name, quotes,
    /// operator, a value of a length around the bounds drawn from the value classes plus
    /// foreign bytes, a comment. Seeded, so every run checks the same 20,000 lines.
    static let randomLines: [String] = {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33) % bound
        }
        func pick(_ options: [String]) -> String { options[next(options.count)] }
        let valueBytes = Array("ABCxyz019/+_-=.~!@#%^&*".utf8) + Array(" ;,\"'`:(".utf8)
        func line() -> String {
            var value = ""
            let alphabet = next(2) == 0 ? 11 : 23  // the first 11 are also AWS's class
            let length = pick(["12", "15", "16", "17", "39", "40", "41", "64", "128", "129", "140"])
            for _ in 0..<Int(length)! {
                let foreign = next(60) == 0
                value.append(Character(UnicodeScalar(valueBytes[foreign ? 23 + next(8) : next(alphabet)])))
            }
            return pick(["", "  ", "\t", "let ", "x.", "export ", "EXPORT\t", "exportkey", "\"", "'"])
                + pick(["aws_", "AWS-", ""])
                + pick(["secret", "Secret_Access_Key", "api_key", "token", "password", "secretkey", "key"])
                + pick(["", "_id", "\"", "'"]) + pick(["", " ", "\t"])
                + pick(["=", ":", "=>", ":=", " ", ": String ="])
                + pick(["", " "]) + pick(["", "b"]) + pick(["\"", "'", "`", ""]) + value
                + pick(["\"", "'", "`", "", " #", " # note", "  "]) + pick(["", ",", ";", "x"])
        }
        return (0..<20_000).map { _ in line() }
    }()

    @Test(arguments: gated.map(\.id))
    func randomLinesTheRegexMatchesAllPassTheGate(_ id: String) throws {
        let rule = try #require(SecretRule.builtIn.first { $0.id == id })
        let gate = try #require(rule.gate)
        var matched = 0
        var rejected = 0
        for line in Self.randomLines {
            let admitted = Self.admits(gate, line)
            if !admitted { rejected += 1 }
            if try Self.matches(rule, line) {
                matched += 1
                #expect(admitted, "\(id): the gate rejects \(line.debugDescription), which the regex matches")
            }
        }
        // The generator must exercise both sides, or the test proves nothing.
        #expect(matched > 25)
        #expect(rejected > 1_000)
    }

    @Test func randomLinesTheLinePatternMatchesAllPassTheLineGate() throws {
        let rule = try #require(SecretRule.builtIn.first { $0.id == "generic-api-key" })
        let gate = try #require(rule.lineGate)
        let regex = try NSRegularExpression(pattern: try #require(rule.linePattern))
        var matched = 0
        var rejected = 0
        for line in Self.randomLines + ["let token = makeToken()", "    api_key: 'x'", "export  API_KEY=abc"] {
            let bytes = Array(line.utf8)
            let admitted = bytes.withUnsafeBufferPointer { gate.admits($0, 0..<bytes.count) }
            if !admitted { rejected += 1 }
            let range = NSRange(location: 0, length: (line as NSString).length)
            if regex.firstMatch(in: line, options: .anchored, range: range) != nil {
                matched += 1
                #expect(admitted, "the line gate rejects \(line.debugDescription), which the line pattern matches")
            }
        }
        #expect(matched > 100)
        #expect(rejected > 1_000)
    }

    @Test func quotedRunsNeedQuotesOnBothSidesAndALengthInRange() {
        let gate = ValueRunGate(allowed: "abc", lengths: 3...4, quoted: true)
        #expect(Self.admits(gate, "x = 'abca'"))
        #expect(Self.admits(gate, "\"abc\""))
        #expect(!Self.admits(gate, "'abcab'"))  // too long
        #expect(!Self.admits(gate, "'ab'"))  // too short
        #expect(!Self.admits(gate, "abca'"))  // no opening quote
        #expect(!Self.admits(gate, "'abca"))  // no closing quote
        #expect(!Self.admits(gate, "'abcaz'"))  // a foreign byte inside
        let unquoted = ValueRunGate(allowed: "abc", lengths: 3...3, quoted: false)
        #expect(Self.admits(unquoted, "x=abc;"))
        #expect(!Self.admits(unquoted, "x=abca"))  // the run is maximal: four, not three
    }
}
