// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import ArgumentParser
import Foundation
import GremlinKit

extension Gremlin {
    /// `gremlin keygen`: an Ed25519 key pair for `release --sign` and `verify --key`.
    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an Ed25519 key pair: gremlin.key (PKCS#8 PEM, mode 0600) and gremlin.pub (SPKI PEM).")

        @Option(help: "The directory to write the key pair to.") var out: String
        @Flag(help: "Replace an existing key pair.") var force = false

        func run() async throws {
            let key = SigningKey.generate()
            do {
                let paths = try KeyFiles.write(key, to: out, force: force)
                Console.out(
                    "wrote \(paths.privateKey) (private, mode 0600) and \(paths.publicKey)\n"
                        + "key id \(key.publicKey.keyID)\n")
            } catch {
                throw Console.fail(error)
            }
        }
    }
}
