// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing
@testable import GremlinKit

@Suite struct PolicySchemaTests {
    static let schemaURL = Fixtures.packageRoot.appendingPathComponent("policies/policy.schema.json")

    @Test func committedSchemaIsTheGeneratedOne() throws {
        let committed = try Data(contentsOf: Self.schemaURL)
        #expect(committed == (try PolicySchema.json()), "regenerate with: gremlin checks --schema > policies/policy.schema.json")
    }

    /// The shipped and contract policies validate against the schema with an independent validator
    /// (python-jsonschema), and a policy with a typo does not.
    @Test func shippedPoliciesValidateWithJSONSchema() throws {
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            bad = 0
            for path in sys.argv[2:]:
                errors = list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(open(path))))
                print(path, len(errors))
                bad += bool(errors)
            sys.exit(bad)
            """
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let typo = try Fixtures.write("apiVersion: gremlin/v1\nkind: Policy\nchecks:\n  performance:\n    min_detla: 1\n",
                                      to: "typo.yaml", in: directory)
        let policies = ["production", "pre-merge", "release", "self"].map {
            Fixtures.packageRoot.appendingPathComponent("policies/\($0).yaml").path
        } + [Fixtures.path("contract/policies/production.yaml")]
        let good = try Self.python(script, [Self.schemaURL.path] + policies)
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.split(separator: "\n").count == 5)
        let bad = try Self.python(script, [Self.schemaURL.path, typo])
        #expect(bad.status == 1)
        #expect(bad.output.hasSuffix(" 1\n"))
    }

    static func python(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
