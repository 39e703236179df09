// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin audit`: the full checklist, reports under --out, exit code by verdict.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the release checklist and write junit.xml, audit.md, audit.json and gremlin.sarif.",
            discussion: "--repo may also be a bare repository.")

        @Option(help: ManifestOptions.help) var manifest: String?
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var repository: RepositoryOptions
        @Option(help: "Audit the commits reachable from --rev and not from this revision.") var base: String?
        @OptionGroup var output: OutputOptions
        // The runner validates the ids and suggests the nearest one for a typo.
        @Option(
            help: "Run only these checks (comma-separated ids).", completion: .list(CheckRegistry.ids),
            transform: Self.ids)
        var only: [String] = []
        @Option(
            help: "Skip these checks (comma-separated ids).", completion: .list(CheckRegistry.ids), transform: Self.ids)
        var skip: [String] = []
        @Option(help: "JUnit dialect: gitlab (file/line attributes) or strict (junit-10.xsd).")
        var junitFlavor = LenientChoice(JUnitFlavor.gitlab)

        static func ids(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func validate() throws {
            try junitFlavor.validate("--junit-flavor")
        }

        func run() async throws {
            var options = AuditOptions()
            options.repository = repository.path
            options.revision = repository.revision
            options.base = base
            options.manifest = manifest
            options.policy = policy.path
            options.outDirectory = output.directory
            options.only = only
            options.skip = skip
            options.junitFlavor = junitFlavor.value ?? .gitlab
            let runner = AuditRunner(options: options, progress: StderrProgress(quiet: output.quiet))
            let report = runner.run()
            if let reason = report.reason { Console.error("error: " + reason) }
            do {
                try runner.writeReports(report)
                try runner.writeCIReports(report)
            } catch {
                Console.error("error: cannot write reports to \(output.directory): \(AuditRunner.message(for: error))")
                throw Console.exit(.invalidInput)
            }
            Console.out(runner.ciConsoleOutput(report))
            let style = TerminalStyle.detect(fileDescriptor: STDOUT_FILENO, environment: options.environment)
            Console.out(SummaryTable.render(report, style: style))
            throw Console.exit(report.verdict.exitCode)
        }
    }
}
