// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct PolicySchemaTests {
    static let schemaURL = Fixtures.packageRoot.appendingPathComponent("policies/policy.schema.json")

    @Test func committedSchemaIsTheGeneratedOne() throws {
        let committed = try Data(contentsOf: Self.schemaURL)
        #expect(
            committed == (try PolicySchema.json()),
            "regenerate with: gremlin checks --schema > policies/policy.schema.json")
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
        let typo = try Fixtures.write(
            "apiVersion: gremlin/v1\nkind: Policy\nchecks:\n  performance:\n    min_detla: 1\n",
            to: "typo.yaml", in: directory)
        let policies =
            ["production", "pre-merge", "release", "self"].map {
                Fixtures.packageRoot.appendingPathComponent("policies/\($0).yaml").path
            } + [Fixtures.path("contract/policies/production.yaml")]
        let good = try runPython(script, [Self.schemaURL.path] + policies)
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.split(separator: "\n").count == 5)
        let bad = try runPython(script, [Self.schemaURL.path, typo])
        #expect(bad.status == 1)
        #expect(bad.output.hasSuffix(" 1\n"))
    }
}

@Suite struct ReadmeReferenceTests {
    /// The README's policy reference is the generated one (scripts/update-docs.sh rewrites it).
    @Test func readmeEmbedsTheGeneratedReference() throws {
        let readme = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let expected = "<!-- POLICY-REFERENCE -->\n" + CheckReference.markdown() + "<!-- /POLICY-REFERENCE -->"
        #expect(readme.contains(expected), "run scripts/update-docs.sh")
    }

    /// The README's input-format reference is the generated one, and it covers every format.
    @Test func readmeEmbedsTheGeneratedFormatReference() throws {
        let readme = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let reference = FormatReference.markdown()
        #expect(
            readme.contains("<!-- FORMAT-REFERENCE -->\n" + reference + "<!-- /FORMAT-REFERENCE -->"),
            "run scripts/update-docs.sh")
        for key in ["`evaluation.candidate.predictions`", "`approvals[].status`", "`nodes[].kind`", "`splits`"] {
            #expect(reference.contains(key), "\(key)")
        }
    }

    /// Each YAML example in the format reference loads with the reader it documents.
    @Test func formatExamplesLoad() throws {
        let directory = try Fixtures.temporaryDirectory("formats")
        defer { try? FileManager.default.removeItem(at: directory) }
        let manifest = try Fixtures.write(FormatReference.manifestExample, to: "release.yaml", in: directory)
        #expect(try ManifestLoader.load(path: manifest).model.name == "cl_unimodal_v2")
        let approvals = try ApprovalsReader.parse(Data(FormatReference.approvalsExample.utf8), file: "approvals.yaml")
        #expect(approvals.map(\.status) == ["approved", "pending"])
        let graph = try LineageYAMLReader.parse(
            Data(FormatReference.lineageExample.utf8), file: "lineage.yaml", artifacts: [])
        #expect(graph.nodes.count == 4)
        let metrics = try MetricsReader.parse(Data(FormatReference.metricsExample.utf8), file: "m.json")
        #expect(metrics.metrics["c_index"]?.value == 0.638)
    }
}
