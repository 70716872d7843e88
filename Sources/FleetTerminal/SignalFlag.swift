import Foundation
import Synchronization

/// Set by SIGINT/SIGTERM/SIGHUP; the UI loop polls it and shuts down cleanly (restoring the terminal).
public let terminationSignal = Atomic<Int32>(0)

/// Installs handlers for SIGINT, SIGTERM and SIGHUP. Call before ncurses starts, so its own handlers don't exit(1).
public func installTerminationHandlers() {
    let handler: @convention(c) (Int32) -> Void = { signal in terminationSignal.store(signal, ordering: .relaxed) }
    for sig in [SIGINT, SIGTERM, SIGHUP] {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(sig, &action, nil)
    }
    // A parent may have started us with these blocked; the dashboard needs them (SIGWINCH drives resizing).
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for sig in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&unblock, sig) }
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
}
