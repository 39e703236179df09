// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// What `gremlin init` writes into a model repository: the three policies, a release manifest
/// pre-filled from the tracked files, and the CI template for the CI in use. Never overwrites a
/// file unless forced.
public struct Scaffold: Sendable {
    /// One file to write, repository-relative.
    public struct File: Sendable, Equatable {
        public var path: String
        public var content: String
        /// What it is, for the printed list ("policy", "release manifest", "GitHub Actions workflow").
        public var role: String
    }

    /// What happened to a planned file.
    public enum Action: String, Sendable {
        case wrote, overwrote
        /// It existed and `--force` was not given.
        case kept
    }

    /// The files, in the order they are written and printed.
    public var files: [File]
    /// Things the user still has to do (placeholders in templates).
    public var hints: [String]

    /// The manifest shipped in the templates, replaced by the scaffolded one.
    static let templateManifest = "models/cl_unimodal_v2/release.yaml"

    /// CI template sources (paths in the Gremlin repository) → where they go in the user's.
    static let ciFiles: [CIProvider: [(source: String, destination: String, role: String)]] = [
        .github: [
            (
                "ci-templates/github/workflows/gremlin.yml", ".github/workflows/gremlin.yml",
                "GitHub Actions reusable workflow"
            ),
            (
                "ci-templates/github/workflows/model-release.yml", ".github/workflows/model-release.yml",
                "GitHub Actions workflow"
            ),
        ],
        .gitlab: [("ci-templates/gitlab/example.gitlab-ci.yml", ".gitlab-ci.yml", "GitLab CI pipeline")],
        .jenkins: [("ci-templates/jenkins/Jenkinsfile", "Jenkinsfile", "Jenkins pipeline")],
        .azure: [("ci-templates/azure/azure-pipelines.yml", "azure-pipelines.yml", "Azure Pipelines pipeline")],
    ]

    /// Plans the scaffold for the repository at `repository`, reading its tracked files (the
    /// index: HEAD plus what is staged) to pre-fill the manifest.
    public static func plan(repository: Repository, model: String, ci: CIProvider?) throws -> Scaffold {
        guard let workdir = repository.workdir else {
            throw InputError(
                key: "--repo", message: "\(repository.displayPath) is a bare repository: nothing to scaffold into",
                fix: "run gremlin init in a checkout")
        }
        try validate(model: model)
        let entries = try repository.stagedEntries().filter { $0.kind == .blob || $0.kind == .executable }
        let manifestPath = "models/\(model)/release.yaml"
        let discovered = ManifestDraft.discover(paths: entries.map(\.path))
        let reader = ManifestDraft.FileReader(
            root: URL(fileURLWithPath: workdir), repository: repository,
            blobs: Dictionary(entries.map { ($0.path, $0.oid) }, uniquingKeysWith: { a, _ in a }))
        let manifest = try ManifestDraft.render(
            model: model, manifestPath: manifestPath, discovered: discovered,
            reader: reader)
        var draft = try PolicyDraft.derive(repository: repository, entries: entries, model: model)
        draft.biasGroups =
            discovered.candidatePredictions.flatMap { reader.firstLine($0) }.map(PolicyDraft.subgroupColumns) ?? []
        return try plan(
            manifest: manifest, manifestPath: manifestPath, ci: ci,
            headerExtensions: headerExtensions(entries.map(\.path)), policy: draft)
    }

    /// The header scope of the shipped policies (`checks.ip.include`).
    static let shippedInclude = #"include: ["**/*.swift", "**/*.py", "**/*.sh", "**/*.c", "**/*.h"]"#

    /// The source extensions among `paths` that the header rules know a comment syntax for and
    /// the shipped header scope leaves out, sorted (`pyi`, `pyx`, `ts`…).
    static func headerExtensions(_ paths: [String]) -> [String] {
        let shipped: Set<String> = ["swift", "py", "sh", "c", "h"]
        let known = CommentSyntax.sourceExtensions
        var found = Set<String>()
        for path in paths {
            let ext = (path as NSString).pathExtension.lowercased()
            if known.contains(ext) && !shipped.contains(ext) { found.insert(ext) }
        }
        return found.sorted()
    }

    /// The plan for a rendered manifest: policies, manifest, CI files and hints. With `policy`,
    /// the shipped policies' organisation-specific values are replaced by the repository's own.
    static func plan(
        manifest: String, manifestPath: String, ci: CIProvider?, headerExtensions: [String] = [],
        policy: PolicyDraft? = nil
    ) throws -> Scaffold {
        var files: [File] = []
        for name in ["production", "pre-merge", "release"] {
            let source = "policies/\(name).yaml"
            var content = try template(source)
            if let policy { content = policy.render(content) }
            if !headerExtensions.isEmpty {
                // Every source file of the repository needs a header, not only the shipped languages.
                let extra = headerExtensions.map { "\"**/*.\($0)\"" }.joined(separator: ", ")
                content = content.replacingOccurrences(
                    of: shippedInclude, with: String(shippedInclude.dropLast()) + ", " + extra + "]")
            }
            files.append(File(path: source, content: content, role: "policy"))
        }
        files.append(File(path: manifestPath, content: manifest, role: "release manifest"))
        var hints: [String] = []
        if let ci {
            guard let templates = ciFiles[ci] else {
                hints.append(
                    "\(ci.displayName) has no Gremlin template: run `gremlin audit --manifest \(manifestPath)` "
                        + "as a pipeline step and keep out/ as its artifacts")
                return Scaffold(files: files, hints: hints)
            }
            for item in templates {
                let text = try template(item.source)
                var content = text.replacingOccurrences(of: templateManifest, with: manifestPath)
                // Jenkins takes the manifest as a build parameter: make ours its default.
                content = content.replacingOccurrences(
                    of: "name: 'GREMLIN_MANIFEST', defaultValue: ''",
                    with: "name: 'GREMLIN_MANIFEST', defaultValue: '\(manifestPath)'")
                files.append(File(path: item.destination, content: content, role: item.role))
                if content.contains("your-org/") || content.contains("your-group/") {
                    hints.append(
                        "\(item.destination): replace the your-org/your-group placeholders with where you get "
                            + "Gremlin from, and pin the version you trust")
                }
                if ci == .jenkins {
                    hints.append(
                        "\(item.destination): GREMLIN_VERSION names the release bundle to install (cached on "
                            + "the agent); set GREMLIN_SOURCE to build a pinned commit instead, or GREMLIN_BINARY")
                }
                if content.contains("GREMLIN_MANIFEST") && !content.contains(manifestPath) {
                    hints.append("\(item.destination): set GREMLIN_MANIFEST to \(manifestPath)")
                }
            }
        } else {
            hints.append("no CI detected: pass --ci github|gitlab|jenkins|azure to add a pipeline template")
        }
        hints.append("\(manifestPath): fill in the commented fields (intended_use, limitations, …)")
        if let policy { hints += policy.hints }
        return Scaffold(files: files, hints: hints)
    }

    /// Writes the files under `root`. Existing files are kept unless `force`; parent folders
    /// are created. Returns what happened to each file, in order.
    public func write(root: URL, force: Bool) throws -> [(file: File, action: Action)] {
        var results: [(file: File, action: Action)] = []
        for file in files {
            let url = root.appendingPathComponent(file.path)
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            if exists && isDirectory.boolValue {
                throw InputError(
                    file: file.path, message: "is a directory, where gremlin init would write a file",
                    fix: "move it aside, or run gremlin init elsewhere")
            }
            if exists && !force {
                results.append((file, .kept))
                continue
            }
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.content.utf8).write(to: url, options: .atomic)
            } catch {
                throw InputError(
                    file: file.path, message: "cannot be written: \(error.localizedDescription)",
                    fix: "check the folder's permissions")
            }
            results.append((file, exists ? .overwrote : .wrote))
        }
        return results
    }

    /// The CI to scaffold for: the running CI when it has a template, else the one the
    /// repository already uses (its pipeline files), else `nil`.
    public static func detectCI(environment: [String: String], root: URL) -> CIProvider? {
        if let running = CIEnvironment.detect(environment)?.provider, ciFiles[running] != nil { return running }
        let markers: [(String, CIProvider)] = [
            (".github/workflows", .github), (".gitlab-ci.yml", .gitlab),
            ("Jenkinsfile", .jenkins), ("azure-pipelines.yml", .azure),
        ]
        for (marker, provider) in markers
        where FileManager.default.fileExists(atPath: root.appendingPathComponent(marker).path) {
            return provider
        }
        return nil
    }

    /// A model name from a folder name: letters, digits, `_`, `-` and `.` kept, the rest `_`.
    public static func modelName(fromFolder folder: String) -> String {
        let cleaned = String(folder.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) ? $0 : "_" })
            .trimmingCharacters(in: CharacterSet(charactersIn: "._-"))
        return cleaned.isEmpty ? "model" : cleaned
    }

    static func validate(model: String) throws {
        let allowed = model.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
        guard !model.isEmpty, allowed, !model.contains(".."), !model.hasPrefix(".") else {
            throw InputError(
                key: "--model", message: "'\(model)' is not a usable model name",
                fix: "use letters, digits, _, - and . (e.g. cl_unimodal_v2)")
        }
    }

    static func template(_ source: String) throws -> String {
        guard let text = EmbeddedTemplates.files[source] else {
            throw InputError(
                message: "this gremlin build does not embed \(source)",
                fix: "rebuild gremlin after running scripts/embed-templates.py")
        }
        return text
    }
}
