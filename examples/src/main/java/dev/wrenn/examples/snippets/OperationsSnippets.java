package dev.wrenn.examples.snippets;

import dev.wrenn.client.BackgroundProcess;
import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.CommandResult;
import dev.wrenn.client.OutputLine;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessStreams;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Processes;
import dev.wrenn.client.ProcessSignal;
import dev.wrenn.client.WrennClient;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The snippets of docs/operations.md and docs/getting-started.md; compiled, never run. */
final class OperationsSnippets {

    private OperationsSnippets() {
    }

    static void client() {
        // tag::client[]
        WrennClient client = WrennClient.builder()
                .apiKey(System.getenv("WRENN_API_KEY"))   // the default when not given
                .build();
        // ... use it for the life of the application, then:
        client.close();
        // end::client[]
    }

    static void capsules(WrennClient client, String capsuleId) {
        // tag::capsules[]
        Mono<Capsule> created = client.capsules().create(CapsuleSpec.defaults()
                .withTemplate("minimal")
                .withVcpus(2)
                .withMemoryMb(1024)
                .withInactivityTimeout(Duration.ofMinutes(10)));
        Mono<Capsule> running = created.flatMap(c -> client.capsules().awaitRunning(c.id(), Duration.ofMinutes(2)));

        Mono<Capsule> one = client.capsules().get(capsuleId);
        Flux<Capsule> all = client.capsules().list();
        Mono<Capsule> paused = client.capsules().pause(capsuleId);
        Mono<Capsule> resumed = client.capsules().resume(capsuleId);
        Mono<Void> pinged = client.capsules().ping(capsuleId);       // resets the inactivity timer
        Mono<Void> destroyed = client.capsules().destroy(capsuleId);
        // end::capsules[]
    }

    static void withCapsule(WrennClient client) {
        // tag::with-capsule[]
        Flux<String> kernel = client.capsules().withCapsule(CapsuleSpec.defaults(), Duration.ofMinutes(2),
                capsule -> client.processes(capsule.id())
                        .exec(Command.of("uname", "-a"))
                        .map(CommandResult::stdout));
        // the capsule is destroyed when the work completes, fails or is cancelled
        // end::with-capsule[]
    }

    static void list(Processes processes) {
        // tag::list[]
        Flux<ProcessInfo> all = processes.list();
        Flux<String> tagged = all.filter(p -> !p.tag().isEmpty())
                .map(p -> p.pid() + " " + p.tag() + " " + p.cmd() + " " + String.join(" ", p.args()));
        // end::list[]
    }

    static void start(Processes processes) {
        // tag::start[]
        Command server = Command.of("python3", "-u", "server.py")
                .withTag("web")
                .withEnv("PORT", "8080")
                .withCwd("/app");
        Mono<BackgroundProcess> web = processes.start(server);
        Mono<BackgroundProcess> anonymous = processes.start(Command.shell("sleep 60"));  // the service picks a tag
        // end::start[]
    }

    static void attach(Processes processes) {
        // tag::attach[]
        Flux<ProcessEvent> events = processes.connect(ProcessSelector.tag("web"));
        Flux<String> stdout = events.ofType(ProcessEvent.Stdout.class).map(ProcessEvent.Stdout::data);

        // or, the same by PID, and from a selector typed by a user ("42" is a PID, "web" a tag)
        Flux<ProcessEvent> byPid = processes.connect(ProcessSelector.pid(42));
        Flux<ProcessEvent> parsed = processes.connect(ProcessSelector.parse("web"));
        // end::attach[]
    }

    static void events(Flux<ProcessEvent> events) {
        // tag::events[]
        Flux<String> described = events.map(event -> {
            if (event instanceof ProcessEvent.Started started) {
                return "attached to pid " + started.pid();
            } else if (event instanceof ProcessEvent.Output output) {
                return output.stream() + ": " + output.data();
            } else if (event instanceof ProcessEvent.Exited exited) {
                return "exited with " + exited.exitCode();    // -1 when a signal ended it
            }
            throw new IllegalStateException("unexpected " + event);
        });
        // end::events[]
    }

    static void kill(Processes processes, BackgroundProcess web) {
        // tag::kill[]
        Mono<Void> graceful = processes.kill(ProcessSelector.tag("web"), ProcessSignal.SIGTERM);
        Mono<Void> immediate = processes.kill(ProcessSelector.pid(42));           // SIGKILL
        Mono<Void> same = web.kill(ProcessSignal.SIGTERM);                              // through the handle
        // end::kill[]
    }

    static void stopAndAwait(BackgroundProcess web) {
        // tag::stop-and-await[]
        Mono<Integer> exitCode = web.connect()
                .publish(events -> events.ofType(ProcessEvent.Exited.class)
                        // signal once attached, so the exit cannot be missed
                        .mergeWith(events.ofType(ProcessEvent.Started.class).next()
                                .flatMap(attached -> web.kill(ProcessSignal.SIGTERM))
                                .then(Mono.empty())))
                .next()
                .map(ProcessEvent.Exited::exitCode);
        // end::stop-and-await[]
    }

    static void exec(Processes processes) {
        // tag::exec[]
        Mono<CommandResult> result = processes.exec(Command.shell("ls -la /tmp"), Duration.ofSeconds(10));
        Mono<String> listing = result.filter(CommandResult::isSuccess).map(CommandResult::stdout);
        // end::exec[]
    }

    static void execStream(Processes processes) {
        // tag::exec-stream[]
        Flux<ProcessEvent> build = processes.execStream(Command.shell("make 2>&1"));
        Mono<CommandResult> collected = ProcessStreams.collect(build);   // stdout, stderr, exit code, duration
        // cancelling the subscription stops the process
        Flux<ProcessEvent> firstTen = processes.execStream(Command.of("yes")).take(10);
        // end::exec-stream[]
    }

    static void helpers(Flux<ProcessEvent> events) {
        // tag::helpers[]
        Flux<OutputLine> lines = ProcessStreams.lines(events);              // chunks to lines, per process and stream
        Flux<OutputLine> errors = lines.filter(l -> l.stream() == ProcessEvent.StandardStream.STDERR);
        Mono<Integer> exitCode = ProcessStreams.exitCode(events);           // drops the output
        Mono<CommandResult> all = ProcessStreams.collect(events, 1 << 20);  // fails beyond 1 MiB
        // end::helpers[]
    }

    static void handle(Processes processes) {
        // tag::handle[]
        Mono<Integer> exitCode = processes.start(Command.shell("./migrate.sh").withTag("migration"))
                .flatMap(BackgroundProcess::awaitExit);
        // end::handle[]
    }
}
