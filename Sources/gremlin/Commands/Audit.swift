// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin audit`: the full checklist, reports under --out, exit code by verdict.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the release checklist and write junit.xml, audit.md, audit.json and gremlin.sarif.")

        @Option(help: "The release manifest (release.yaml).") var manifest: String?
        @Option(help: "The policy file (default: policies/production.yaml at the repository root).") var policy: String?
        @Option(help: "The repository to audit (a work tree, bare repository or subdirectory).") var repo: String = "."
        @Option(help: "The revision to audit.") var rev: String = "HEAD"
        @Option(help: "Audit the commits reachable from --rev and not from this revision.") var base: String?
        @Option(help: "Where to write the reports.") var out: String = "out"
        @Option(help: "Run only these checks (comma-separated ids).", transform: Self.ids) var only: [String] = []
        @Option(help: "Skip these checks (comma-separated ids).", transform: Self.ids) var skip: [String] = []
        @Option(help: "JUnit dialect: gitlab (file/line attributes) or strict (junit-10.xsd).")
        var junitFlavor: String = "gitlab"
        @Flag(help: "No progress lines on stderr.") var quiet = false

        static func ids(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func validate() throws {
            guard JUnitFlavor(rawValue: junitFlavor) != nil else {
                throw ValidationError("--junit-flavor must be gitlab or strict, not '\(junitFlavor)'")
            }
        }

        func run() async throws {
            var options = AuditOptions()
            options.repository = repo
            options.revision = rev
            options.base = base
            options.manifest = manifest
            options.policy = policy
            options.outDirectory = out
            options.only = only
            options.skip = skip
            options.junitFlavor = JUnitFlavor(rawValue: junitFlavor) ?? .gitlab
            let runner = AuditRunner(options: options, progress: StderrProgress(quiet: quiet))
            let report = runner.run()
            if let reason = report.reason { Console.error("error: " + reason) }
            do {
                try runner.writeReports(report)
            } catch {
                Console.error("error: cannot write reports to \(out): \(AuditRunner.message(for: error))")
                throw Console.exit(.invalidInput)
            }
            Console.out(SummaryTable.render(report))
            throw Console.exit(report.verdict.exitCode)
        }
    }
}
