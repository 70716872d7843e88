import ArgumentParser
import FleetCore
import FleetTerminal
import Foundation
import Logging

/// `fleetdeck collect`: the writer without a terminal. It runs the configured feeds into the store for every
/// dashboard that follows it, and logs logfmt lines to stderr.
struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect", abstract: "Run the configured feeds into the store, without a terminal (the team's writer).",
        discussion: """
            Takes the store's writer lease and runs the feeds exactly as a dashboard's writer does; dashboards on the \
            same store follow it. Logs one logfmt line per feed status change and per error to stderr. Exit status: \
            0 after SIGTERM/SIGINT (lease released) or a good --once, 1 store error, 2 bad configuration, 3 another \
            writer holds the lease, 4 a feed failed (--once), 5 this writer was fenced off (another one took the lease).
            """)

    /// Exit statuses, as documented above (the systemd unit does not restart on `badConfiguration`).
    enum Status: Int32 {
        case storeError = 1, badConfiguration = 2, leaseHeld = 3, feedFailed = 4, fenced = 5
    }

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var feedOptions: FeedOptions
    @Flag(name: .long, help: "Fetch every feed once into the store and exit (0 if all were good, 4 if one failed).")
    var once = false
    @Flag(name: .long, help: "Wait for the writer lease while another process holds it, instead of exiting 3.")
    var waitForLease = false
    @Option(name: .long, parsing: .unconditional, help: "With --once: seconds to wait for every feed's first report.")
    var timeout: Double = 60

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be 0…3600 seconds") }
    }

    func run() throws {
        LoggingSystem.bootstrap { LogfmtHandler(label: $0) }
        let log = Logger(label: "fleetdeck.collect")
        installTerminationHandlers()
        let start = Date().timeIntervalSince1970
        // Checked by `validate`: a bad URL is a usage error before this runs.
        let address = try storeOptions.address(for: feedOptions)
        let session: Session
        do {
            session = try Session(address: address, feeds: feedOptions, takesOverWhenFree: false)
        } catch {
            log.error("cannot open the store", metadata: ["store": "\(address)", "error": "\(error)"])
            throw ExitCode(Status.storeError.rawValue)
        }
        defer { session.close() }
        let names: [String]
        do {
            try acquireLease(session, log: log)
            names = try FeedReports.expectedNames(feedOptions)
        } catch let status as Status {
            throw ExitCode(status.rawValue)
        } catch {
            log.error("cannot start the feeds", metadata: ["error": "\(error)"])
            throw ExitCode(Status.badConfiguration.rawValue)
        }
        if terminationSignal.load(ordering: .relaxed) != 0 { return }
        let epoch = (try? session.store.writerEpoch()).map(String.init) ?? "?"
        log.info("collecting", metadata: ["store": "\(address)", "feeds": "\(names.joined(separator: ","))", "epoch": "\(epoch)",
                                          "once": "\(once)"])
        let outcome = once ? try collectOnce(session, names: names, since: start, log: log) : try collect(session, log: log)
        if let outcome { throw ExitCode(outcome.rawValue) }
    }

    /// Takes the writer lease, waiting for it with `--wait-for-lease`; throws `Status.leaseHeld` otherwise.
    private func acquireLease(_ session: Session, log: Logger) throws {
        guard session.access.mayRunFeeds else {
            log.error("this user may not write the store: collecting needs a writable store file, or a database role in fleetdeck_writer",
                      metadata: ["store": "\(session.store.location)", "login": "\(session.identity)"])
            throw Status.badConfiguration
        }
        var waiting = false
        var unreachable = UnreachableRetry()
        while try !unreachable.attempt({ try session.takeOverIfFree() }, waiting: waitForLease, log: log) {
            if terminationSignal.load(ordering: .relaxed) != 0 { return }
            if let pause = unreachable.pause {
                Thread.sleep(forTimeInterval: pause)
                continue
            }
            if let refusal = session.simulationRefusal {
                log.error("\(refusal)", metadata: ["store": "\(session.store.location)"])
                throw Status.badConfiguration
            }
            let holder = (try? session.store.writerLease())?.owner ?? "another process"
            guard waitForLease else {
                log.error("another writer holds the store's lease; pass --wait-for-lease to wait for it",
                          metadata: ["store": "\(session.store.location)", "holder": "\(holder)"])
                throw Status.leaseHeld
            }
            if !waiting { log.info("waiting for the writer lease", metadata: ["holder": "\(holder)"]) }
            waiting = true
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// Runs until SIGTERM/SIGINT (nil: exit 0 once the lease is released) or until this writer is fenced off.
    private func collect(_ session: Session, log: Logger) throws -> Status? {
        var feedLog = FeedStatusLog()
        var reachability = ReachabilityLog()
        var lastGovernance = 0.0
        while terminationSignal.load(ordering: .relaxed) == 0 {
            if let stopped = try writerStopped(session, log: log) { return stopped }
            let now = Date().timeIntervalSince1970
            if now - lastGovernance >= 2 {
                session.governanceTick(now: now)
                lastGovernance = now
            }
            reachability.report(session.storeUnreachable, to: log)
            feedLog.report(session.state.feeds, runnerError: session.storeUnreachable == nil ? session.notice : nil, to: log)
            Thread.sleep(forTimeInterval: 0.1)
        }
        log.info("stopping: releasing the writer lease", metadata: ["signal": "\(terminationSignal.load(ordering: .relaxed))"])
        return nil
    }

    /// `--once`: waits until every feed reported since `since`, snapshots the state, and says how each one went.
    private func collectOnce(_ session: Session, names: [String], since: Double, log: Logger) throws -> Status? {
        var feedLog = FeedStatusLog()
        var reachability = ReachabilityLog()
        while terminationSignal.load(ordering: .relaxed) == 0 {
            if let stopped = try writerStopped(session, log: log) { return stopped }
            reachability.report(session.storeUnreachable, to: log)
            feedLog.report(session.state.feeds, runnerError: session.storeUnreachable == nil ? session.notice : nil, to: log)
            let reports = names.map { name in FeedReports.report(session.state.feeds.first { $0.name == name }, since: since) }
            let timedOut = Date().timeIntervalSince1970 - since > timeout
            // The simulator's first fleet arrives as the store's first snapshot.
            let complete = reports.allSatisfy { $0 == .good } && (!session.isSimulating || session.state.gpus.count > 0)
            if complete || timedOut || (reports.contains(.failed) && !reports.contains(.none)) {
                try session.snapshotNow()
                for (name, report) in zip(names, reports) where report != .good {
                    log.error("feed did not complete", metadata: ["feed": "\(name)", "report": report == .none ? "no report within \(Int(timeout)) s" : "failing"])
                }
                return complete ? nil : .feedFailed
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Follows the store; a status when this process stopped being the writer (fenced off, or the store replaced).
    private func writerStopped(_ session: Session, log: Logger) throws -> Status? {
        do {
            _ = try session.pump()
        } catch {
            log.error("store read failed", metadata: ["error": "\(error)"])
            return .storeError
        }
        guard !session.isWriter else { return nil }
        log.error("stopped writing", metadata: ["reason": "\(session.lostWriterReason ?? session.notice ?? "lost the writer lease")"])
        return .fenced
    }
}

extension CollectCommand.Status: Error {}
