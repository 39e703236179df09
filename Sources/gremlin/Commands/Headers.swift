// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin headers [--fix]`: report (or insert) missing license headers per the policy's `ip` rule.
    struct Headers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report files without the policy's license header; --fix inserts it into the work tree.")

        @Option(help: "The policy whose checks.ip section sets the rule (default: policies/production.yaml).")
        var policy: String?
        @Option(help: "The repository.") var repo: String = "."
        @Option(help: "The revision whose files are checked.") var rev: String = "HEAD"
        @Flag(help: "Insert the header into work-tree files that lack one.") var fix = false

        func run() async throws {
            do {
                let repository = try Repository.discover(from: repo)
                let commit = try repository.resolve(rev)
                let policyPath = policy ?? (repository.workdir.map { $0 + "/policies/production.yaml" } ?? "policies/production.yaml")
                let loaded = try PolicyLoader.load(path: policyPath)
                guard let settings = loaded.settings(for: "ip") else {
                    throw InputError(file: policyPath, key: "checks.ip", message: "the policy has no ip section",
                                     fix: "add checks.ip with include and spdx/copyright")
                }
                let rule = try IPCheck.rule(settings.config)
                let audit = try HeaderAudit.run(repository: repository, commit: commit,
                                                include: settings.config.strings("include").map(Glob.init),
                                                exclude: settings.config.strings("exclude").map(Glob.init), rule: rule)
                let failing = audit.failing
                if !fix {
                    for file in failing {
                        for problem in file.problems { Console.out("\(file.path): \(problem.message)\n") }
                    }
                    Console.out("\(audit.inspected) files checked, \(failing.count) without a compliant header\n")
                    throw Console.exit(failing.isEmpty ? .ready : .blocked)
                }
                guard let root = repository.workdir else {
                    throw InputError(key: "--fix", message: "a bare repository has no work tree to fix",
                                     fix: "run in a checkout")
                }
                let year = Calendar(identifier: .gregorian).component(.year, from: Date())
                let fixer = HeaderFixer(rule: rule, lines: try HeaderFixer.headerLines(settings.config, rule: rule, year: year))
                var fixed = 0, left: [String] = []
                for file in failing {
                    let url = URL(fileURLWithPath: root).appendingPathComponent(file.path)
                    guard let data = FileManager.default.contents(atPath: url.path),
                          let text = String(data: data, encoding: .utf8),
                          let updated = fixer.fix(text, path: file.path) else {
                        left.append(file.path)
                        continue
                    }
                    try Data(updated.utf8).write(to: url, options: .atomic)
                    fixed += 1
                    Console.out("fixed \(file.path)\n")
                }
                for path in left { Console.out("left alone \(path) (unknown language, partial header, or not UTF-8)\n") }
                Console.out("\(fixed) files fixed, \(left.count) need a hand\n")
                throw Console.exit(left.isEmpty ? .ready : .blocked)
            } catch let exit as ArgumentParser.ExitCode {
                throw exit
            } catch {
                throw Console.fail(error)
            }
        }
    }
}
