// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin headers [--fix]`: report (or insert) missing license headers per the policy's `ip` rule.
    struct Headers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report files without the policy's license header; --fix inserts it into the work tree.",
            discussion: "The policy's checks.ip section sets the rule: which files, and the header they need.")

        @OptionGroup var policy: PolicyOptions
        @OptionGroup var repository: RepositoryLocation
        @Option(help: "The revision whose files are checked (default HEAD).") var rev: String?
        @Flag(help: "Insert the header into work-tree files that lack one.") var fix = false
        @Flag(help: "Check the staged content (the index) of files added or changed since HEAD, as a pre-commit hook.")
        var staged = false
        @Flag(help: "With --staged, check every staged file, not only the changed ones.") var all = false
        @Argument(help: "With --staged, check only these files (pre-commit passes the staged file names).")
        var files: [String] = []
        @OptionGroup var output: FindingsOutputOptions

        func validate() throws {
            if staged && fix {
                throw ValidationError(
                    "--fix edits the work tree and --staged checks the index: run --fix, git add, then --staged")
            }
            if staged && rev != nil { throw ValidationError("--staged checks the index, not a revision: drop --rev") }
            if !staged && (all || !files.isEmpty) { throw ValidationError("file arguments and --all go with --staged") }
            if fix && output.isSet {
                throw ValidationError("--format and --report list findings: run them without --fix")
            }
        }

        func run() async throws {
            do {
                let repository = try Repository.discover(from: self.repository.path)
                let policyPath =
                    policy.path
                    ?? (repository.workdir.map { $0 + "/policies/production.yaml" } ?? "policies/production.yaml")
                let loaded = try PolicyLoader.load(path: policyPath)
                guard let settings = loaded.settings(for: "ip") else {
                    throw InputError(
                        file: policyPath, key: "checks.ip", message: "the policy has no ip section",
                        fix: "add checks.ip with include and spdx/copyright")
                }
                let rule = try IPCheck.rule(settings.config)
                let source: BlobSource =
                    staged ? .staged(changedOnly: !all) : .commit(try repository.resolve(rev ?? "HEAD"))
                let audit = try HeaderAudit.run(
                    repository: repository, source: source,
                    paths: files.isEmpty ? nil : Set(files.map { repositoryPath($0, in: repository) }),
                    include: settings.config.strings("include").map(Glob.init),
                    exclude: settings.config.strings("exclude").map(Glob.init), rule: rule)
                let failing = audit.failing
                if !fix {
                    var text = ""
                    var entries: [CommandFindingsReport.Entry] = []
                    for file in failing {
                        for problem in file.problems {
                            text += "\(file.path): \(problem.message)\n"
                            // Line 1, as the ip check reports it: where the header belongs.
                            let location = Location(path: file.path, line: 1)
                            entries.append(
                                .init(Finding(rule: problem.rule, message: problem.message, location: location)))
                        }
                    }
                    let checked = staged ? "staged files checked in \(source.label)" : "files checked"
                    let report = CommandFindingsReport(
                        schema: "gremlin.headers/v1", checkID: IPCheck.descriptor.id, source: source.label,
                        policy: policy.path ?? "policies/production.yaml",
                        counts: ["files_checked": audit.inspected, "failing": failing.count], entries: entries,
                        blocked: !failing.isEmpty)
                    try output.emit(
                        text: text,
                        summary: "\(audit.inspected) \(checked), \(failing.count) without a compliant header\n",
                        report: report)
                    throw Console.exit(failing.isEmpty ? .ready : .blocked)
                }
                guard let root = repository.workdir else {
                    throw InputError(
                        key: "--fix", message: "a bare repository has no work tree to fix",
                        fix: "run in a checkout")
                }
                let year = try Self.year(environment: ProcessInfo.processInfo.environment)
                let fixer = HeaderFixer(
                    rule: rule, lines: try HeaderFixer.headerLines(settings.config, rule: rule, year: year))
                var fixed = 0
                var left: [String] = []
                for file in failing {
                    let url = URL(fileURLWithPath: root).appendingPathComponent(file.path)
                    guard let data = FileManager.default.contents(atPath: url.path),
                        let text = String(data: data, encoding: .utf8),
                        let updated = fixer.fix(text, path: file.path)
                    else {
                        left.append(file.path)
                        continue
                    }
                    try Data(updated.utf8).write(to: url, options: .atomic)
                    fixed += 1
                    Console.out("fixed \(file.path)\n")
                }
                for path in left {
                    Console.out("left alone \(path) (unknown language, partial header, or not UTF-8)\n")
                }
                Console.out("\(fixed) files fixed, \(left.count) need a hand\n")
                throw Console.exit(left.isEmpty ? .ready : .blocked)
            } catch let exit as ArgumentParser.ExitCode {
                throw exit
            } catch {
                throw Console.fail(error)
            }
        }

        /// The `{year}` of an inserted header: the year of `SOURCE_DATE_EPOCH` when set (so a
        /// reproducible build inserts the same header every time), else the current UTC year.
        static func year(environment: [String: String]) throws -> Int {
            // AuditClock validates SOURCE_DATE_EPOCH and formats it as an ISO 8601 UTC time.
            let timestamp = try AuditClock.timestamp(environment: environment)
            guard let year = Int(timestamp.prefix(4)) else {
                return Calendar(identifier: .gregorian).component(.year, from: Date())
            }
            return year
        }

        /// A file argument as a repository-relative path (arguments are relative to the
        /// current directory, which may be a subdirectory of the work tree).
        func repositoryPath(_ argument: String, in repository: Repository) -> String {
            guard let workdir = repository.workdir else { return argument }
            let root = URL(fileURLWithPath: workdir).standardizedFileURL.path
            let absolute = URL(fileURLWithPath: argument).standardizedFileURL.path
            guard absolute.hasPrefix(root + "/") else { return argument }
            return String(absolute.dropFirst(root.count + 1))
        }
    }
}
