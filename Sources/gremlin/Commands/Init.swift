// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin init`: scaffolds policies, a release manifest and the CI template in a repository.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scaffold policies/, a release manifest pre-filled from the repository and a CI template.",
            discussion: "Existing files are kept unless --force. The CI is the one running init, else the one "
                + "whose pipeline file the repository has; --ci chooses (none: no template).")

        @OptionGroup var repository: RepositoryLocation
        @Option(
            help:
                "The model name (default: the repository folder's name); the manifest goes to models/<name>/release.yaml."
        )
        var model: String?
        @Option(help: "The CI template to add (auto: detect the CI; none: no template).") var ci: CITemplateChoice =
            .auto
        @Flag(help: "Overwrite files that already exist.") var force = false

        func run() async throws {
            do {
                let repository = try Repository.discover(from: self.repository.path)
                guard let workdir = repository.workdir else {
                    throw InputError(
                        key: "--repo", message: "\(repository.displayPath) is a bare repository",
                        fix: "run gremlin init in a checkout")
                }
                let root = URL(fileURLWithPath: workdir)
                let provider = ci.provider(environment: ProcessInfo.processInfo.environment, root: root)
                let name = model ?? Scaffold.modelName(fromFolder: root.standardizedFileURL.lastPathComponent)
                let scaffold = try Scaffold.plan(repository: repository, model: name, ci: provider)
                let results = try scaffold.write(root: root, force: force)
                for (file, action) in results {
                    switch action {
                    case .wrote, .overwrote:
                        Console.out("\(action.rawValue) \(file.path) (\(file.role))\n")
                    case .kept:
                        Console.out("kept \(file.path): it exists (--force overwrites)\n")
                    }
                }
                let written = results.filter { $0.action != .kept }.count
                Console.out("\(written) files written, \(results.count - written) kept\n")
                for hint in scaffold.hints { Console.out("next: \(hint)\n") }
            } catch let exit as ArgumentParser.ExitCode {
                throw exit
            } catch {
                throw Console.fail(error)
            }
        }
    }
}
