// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

// The choice options' values. Being CaseIterable, `--help` lists them ("values: …") and
// shell completion offers them; a value that is none of them is a usage error (exit 2)
// whose message names the option and its values.

/// `audit --junit-flavor` (read through `LenientChoice`, see there).
extension JUnitFlavor: ExpressibleByArgument {}

/// `evaluate --score`.
extension ScoreDirection: ExpressibleByArgument {}

/// `evaluate --ties`.
extension TieMethod: ExpressibleByArgument {}

/// `init --ci`: a CI provider whose template init can write, or detect one, or none.
enum CITemplateChoice: String, CaseIterable, ExpressibleByArgument {
    case auto
    case github
    case gitlab
    case jenkins
    case azure
    case none

    /// The provider whose template to write; nil for no template (`none`, or `auto` finding
    /// no CI).
    func provider(environment: [String: String], root: URL) -> CIProvider? {
        switch self {
        case .auto: return Scaffold.detectCI(environment: environment, root: root)
        case .github: return .github
        case .gitlab: return .gitlab
        case .jenkins: return .jenkins
        case .azure: return .azure
        case .none: return nil
        }
    }
}
