import ArgumentParser
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The `triage` command: train, classify, and run Comprehend-compatible batch jobs locally.
@main
struct Triage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Self-hosted document classification, compatible with Amazon Comprehend custom classification.",
        discussion: """
            Exit codes: 0 success; 1 the job ran and FAILED; 2 an error (bad training data, \
            refused model, unknown job, unreadable or unwritable file); 3 the job was STOPPED on request; \
            64 invalid command line; 75 interrupted (SIGTERM, SIGINT) or another process runs the job: \
            nothing is lost and the next start finishes it.
            """,
        subcommands: [
            TrainCommand.self, ClassifyCommand.self, RunCommand.self, StartJobCommand.self, StopJobCommand.self,
            DescribeJobCommand.self, ListJobsCommand.self, WatchCommand.self, ServeCommand.self, DescribeModelCommand.self,
        ]
    )

    /// Unblocks SIGTERM and SIGINT before anything else runs: a process inherits its parent's
    /// signal mask, and a parent that blocked them (test runners' threads do) would otherwise make
    /// the daemon deaf to shutdown. Then limits OCR's threads (which may execute the binary again).
    static func main() async {
        var termination = sigset_t()
        sigemptyset(&termination)
        sigaddset(&termination, SIGTERM)
        sigaddset(&termination, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &termination, nil)
        ThreadLimit.enforce()
        if CommandLine.arguments.dropFirst().first == ServeCommand.configuration.commandName {
            // The server's requests then run on the event loops that read them, with no hop to
            // Swift's own pool and back: at loopback speeds those hops cost more than the
            // classification. Safe because nothing in Triage blocks a task: blocking work runs on
            // its Dispatch pools. Installed before any task starts, as NIO requires.
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await main(nil)
    }
}
