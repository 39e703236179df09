// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing
import Yams
@testable import GremlinKit

@Suite struct RegistryTests {
    @Test func idsAreUniqueAndSorted() {
        let ids = CheckRegistry.ids
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        #expect(ids == ["approvals", "bias", "commits", "ip", "leakage", "lineage", "model_card", "performance", "pii", "security"])
    }

    /// Every `*Check.swift` file under Checks/ declares a type that the registry lists.
    @Test func everyCheckFileIsRegistered() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("Sources/GremlinKit/Checks")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix("Check.swift") && $0 != "Check.swift" }
        let registered = Set(CheckRegistry.all.map { String(describing: $0) + ".swift" })
        #expect(Set(files) == registered)
    }

    @Test func dependenciesRunFirst() {
        let order = CheckRegistry.runOrder(CheckRegistry.ids)
        for id in order {
            for dependency in CheckRegistry.check(id)?.descriptor.after ?? [] {
                let before = order.firstIndex(of: dependency) ?? Int.max
                #expect(before < (order.firstIndex(of: id) ?? 0), "\(dependency) must run before \(id)")
            }
        }
    }

    /// Each descriptor's examples are valid policy sections for that check (one shared test).
    @Test func descriptorExamplesValidate() throws {
        for descriptor in CheckRegistry.descriptors {
            for example in descriptor.examples {
                let node = try #require(try Yams.compose(yaml: example))
                var validator = ShapeValidator(file: "\(descriptor.id) example")
                _ = validator.validate(node, against: descriptor.shape)
                #expect(validator.errors.isEmpty, "\(descriptor.id): \(validator.errors)")
            }
            #expect(!descriptor.title.isEmpty && !descriptor.rationale.isEmpty && !descriptor.reads.isEmpty)
        }
    }
}
