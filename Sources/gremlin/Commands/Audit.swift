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
        @Option(
            help: ArgumentHelp(
                "Stop after this many seconds with exit 2 and the error reports (0: never).", valueName: "seconds"))
        var timeout = 1800
        @Flag(help: "No colour in the summary table, even on a terminal (as NO_COLOR=1).") var noColor = false

        static func ids(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func validate() throws {
            try junitFlavor.validate("--junit-flavor")
            guard timeout >= 0 else { throw ValidationError("--timeout must be 0 (no limit) or a number of seconds") }
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
            let out = URL(fileURLWithPath: output.directory)
            // Held until the process ends: a second audit on the same --out is refused, not interleaved.
            let lock: OutputDirectoryLock
            do {
                lock = try OutputDirectory.lock(out, displayName: output.directory)
                try OutputDirectory.clearReports(in: out)
            } catch {
                Console.error("error: " + AuditRunner.message(for: error))
                throw Console.exit(.invalidInput)
            }
            let finisher = AuditFinisher(runner: runner)
            let guardian = AuditGuard(finisher: finisher)
            guardian.start(timeout: timeout)
            Self.testHang(options.environment)
            let report = runner.run()
            if let reason = report.reason { Console.error("error: " + reason) }
            do {
                try finisher.finish(report)
                guardian.disarm()
            } catch {
                Console.error("error: cannot write reports to \(output.directory): \(AuditRunner.message(for: error))")
                throw Console.exit(.invalidInput)
            }
            withExtendedLifetime(lock) {}
            Console.out(runner.ciConsoleOutput(report))
            let style = TerminalStyle.detect(
                fileDescriptor: STDOUT_FILENO, environment: options.environment, noColor: noColor)
            Console.out(SummaryTable.render(report, style: style))
            throw Console.exit(report.verdict.exitCode)
        }

        /// Test hook, debug builds only: `GREMLIN_TEST_HANG_SECONDS=N` stalls the audit N seconds
        /// after it locked and cleared --out, so the end-to-end tests can signal or time out a
        /// running audit deterministically. Release builds ignore it.
        static func testHang(_ environment: [String: String]) {
            #if DEBUG
                if let seconds = environment["GREMLIN_TEST_HANG_SECONDS"].flatMap(Double.init), seconds > 0 {
                    Thread.sleep(forTimeInterval: seconds)
                }
            #endif
        }
    }
}
