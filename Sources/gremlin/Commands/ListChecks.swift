// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import GremlinKit

extension Gremlin {
    /// `gremlin checks`: what each check verifies, reads and which policy keys configure it.
    struct ListChecks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checks", abstract: "List the checks, what each reads and their policy keys.")

        @Flag(help: "Print the policy JSON Schema instead (policies/policy.schema.json).") var schema = false
        @Flag(help: "Print the policy reference as Markdown (the README's).") var markdown = false
        @Flag(help: "Print the reference of the input formats (manifest, approvals, lineage, metrics, splits).")
        var formats = false

        func run() throws {
            if formats {
                Console.out(FormatReference.markdown())
                return
            }
            if markdown {
                Console.out(CheckReference.markdown())
                return
            }
            if schema {
                Console.out(String(decoding: try PolicySchema.json(), as: UTF8.self))
                return
            }
            var text = ""
            for descriptor in CheckRegistry.descriptors {
                text += "\(descriptor.id) — \(descriptor.title)\n"
                text += "  \(descriptor.rationale)\n"
                text += "  reads: \(descriptor.reads)\(descriptor.needsManifest ? " (needs --manifest)" : "")\n"
                text += "  keys:\n"
                for field in CheckDescriptor.commonKeys + descriptor.keys {
                    text += "    \(field.name): \(field.doc)\n"
                }
                text += "\n"
            }
            Console.out(text)
        }
    }
}
