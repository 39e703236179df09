// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Dispatch
import Foundation
import GremlinKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stops an audit that is told to (SIGTERM, SIGINT) or runs past `--timeout`: writes the error
/// reports through the same `AuditFinisher` as the main path (so a report is never written
/// twice nor half) and exits 2. The checks run on the main path; this runs on its own queue.
final class AuditGuard: @unchecked Sendable {
    private let finisher: AuditFinisher
    private let queue = DispatchQueue(label: "gremlin.audit.guard")
    private var sources: [any DispatchSourceProtocol] = []
    private var timer: (any DispatchSourceTimer)?

    init(finisher: AuditFinisher) {
        self.finisher = finisher
    }

    /// Installs the signal handlers and, unless `timeout` is 0, the watchdog.
    func start(timeout: Int) {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            // The default action would end the process before the handler runs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in stop(reason: "interrupted by \(name)") }
            source.resume()
            sources.append(source)
        }
        guard timeout > 0 else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .seconds(timeout))
        timer.setEventHandler { [self] in
            stop(
                reason:
                    "timed out after \(timeout) s; raise --timeout (0 disables it), or run git fsck on the repository")
        }
        timer.resume()
        self.timer = timer
    }

    /// Stops the watchdog once the main path has written its reports.
    func disarm() {
        queue.sync { timer?.cancel() }
    }

    /// Writes the error reports (unless the main path already wrote its own) and exits 2.
    private func stop(reason: String) -> Never {
        if !finisher.isFinished { Console.error("error: " + reason) }
        do {
            try finisher.finish(finisher.stoppedReport(reason: reason))
        } catch {
            Console.error("error: cannot write the error reports: \(AuditRunner.message(for: error))")
        }
        // _exit: no atexit handlers racing the main path, which may still be inside libgit2.
        _exit(GremlinKit.ExitCode.invalidInput.rawValue)
    }
}
