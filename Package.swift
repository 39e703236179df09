// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import PackageDescription

let package = Package(
    name: "Gremlin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gremlin", targets: ["gremlin"]),
        .library(name: "GremlinKit", targets: ["GremlinKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // libxml2 lives in its own target that never imports Foundation: Debian's libxml2
        // headers pull the system ICU, which clashes with Foundation's bundled ICU.
        .target(
            name: "GremlinXML",
            dependencies: ["CLibXML2"]
        ),
        // The version and commit a release bundle was built from (scripts/dist.sh sets them).
        .target(name: "GremlinBuildInfo"),
        .target(
            name: "GremlinKit",
            dependencies: [
                "CLibGit2",
                "GremlinBuildInfo",
                "GremlinXML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "gremlin",
            dependencies: [
                "GremlinKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The end-to-end tests run the built `gremlin` (Tests/GremlinKitTests/Support/Binary.swift):
        // depending on it makes `swift build --build-tests` and `swift test` build what they run.
        .testTarget(
            name: "GremlinKitTests",
            dependencies: ["GremlinKit", "GremlinXML", "gremlin"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
