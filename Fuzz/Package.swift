// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// libFuzzer harnesses for Gremlin's parsers, kept out of the main package so `swift build` and
// `make test` never compile them with sanitizers. Built by `make fuzz` (see README.md):
//   swift build --package-path Fuzz --scratch-path .build-fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

import PackageDescription

let package = Package(
    name: "GremlinFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Gremlin", path: "..")],
    targets: [
        .executableTarget(
            name: "gremlin-fuzz",
            dependencies: [.product(name: "GremlinKit", package: "Gremlin")],
            path: "Sources/GremlinFuzz"
        )
    ],
    swiftLanguageModes: [.v6]
)
