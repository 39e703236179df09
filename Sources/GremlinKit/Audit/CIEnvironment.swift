// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// A continuous-integration service Gremlin knows how to talk to.
public enum CIProvider: String, Sendable, CaseIterable, Codable {
    case github
    case gitlab
    case jenkins
    case azure
    case buildkite
    /// Some other CI that only says `CI=true`.
    case generic

    /// The name users know it by.
    public var displayName: String {
        switch self {
        case .github: return "GitHub Actions"
        case .gitlab: return "GitLab CI"
        case .jenkins: return "Jenkins"
        case .azure: return "Azure Pipelines"
        case .buildkite: return "Buildkite"
        case .generic: return "CI"
        }
    }
}

/// The CI the process runs in, read from the variables each service sets on every job.
public struct CIEnvironment: Sendable, Equatable {
    public var provider: CIProvider
    /// The pull/merge request target, when the job runs for one (shared with the commit range).
    public var base: CIBase?
    /// GitHub's `GITHUB_STEP_SUMMARY` file, when set.
    public var stepSummary: String?

    public init(provider: CIProvider, base: CIBase? = nil, stepSummary: String? = nil) {
        self.provider = provider
        self.base = base
        self.stepSummary = stepSummary
    }

    /// The CI named by `env`, or `nil` outside CI. Specific services win over the generic
    /// `CI=true` that most of them also set; the order is fixed so a job that inherits another
    /// service's variables (a GitLab runner started from Jenkins) is still classified the same way.
    public static func detect(_ env: [String: String]) -> CIEnvironment? {
        func isSet(_ key: String) -> Bool {
            guard let value = env[key]?.trimmingCharacters(in: .whitespaces) else { return false }
            return !value.isEmpty
        }
        func isTrue(_ key: String) -> Bool {
            guard let value = env[key]?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
            return value == "true" || value == "1" || value == "yes"
        }
        let provider: CIProvider
        if isTrue("GITHUB_ACTIONS") {
            provider = .github
        } else if isTrue("GITLAB_CI") {
            provider = .gitlab
        } else if isSet("JENKINS_URL") {
            provider = .jenkins
        } else if isTrue("TF_BUILD") {
            provider = .azure
        } else if isTrue("BUILDKITE") {
            provider = .buildkite
        } else if isTrue("CI") {
            provider = .generic
        } else {
            return nil
        }
        let summary = env["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 }
        return CIEnvironment(
            provider: provider, base: CIBase.detect(env),
            stepSummary: provider == .github ? summary : nil)
    }
}
