package dev.wrenn.emulator.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Starts processes in capsules, off the event loops, and keeps the capsule's table and the supervisor current. */
final class ProcessLauncher {

    /**
     * A started process.
     *
     * @param attachment sees the output from the first byte; {@code null} when none was asked for
     */
    record Launch(HostProcess process, Attachment attachment) {
    }

    private final ProcessSupervisor supervisor;
    private final int fanOutCapacity;
    private final StreamStats stats;
    private final ProcessContainment containment;

    ProcessLauncher(ProcessSupervisor supervisor, int fanOutCapacity, StreamStats stats,
                    ProcessContainment containment) {
        this.supervisor = supervisor;
        this.fanOutCapacity = fanOutCapacity;
        this.stats = stats;
        this.containment = containment;
    }

    /**
     * Starts {@code spec} in {@code capsule} on a bounded-elastic thread. Fails with {@link ApiException}
     * ({@code invalid_state} if the capsule is not running, {@code agent_error} for a working directory that does
     * not exist). Tags need not be unique, as upstream. A process whose
     * requester has gone before it could be handed over is killed rather than left running unseen.
     */
    Mono<Launch> launch(Capsule capsule, ProcessSpec spec, boolean attached) {
        return launch(capsule, spec, attached, false);
    }

    /** As {@link #launch(Capsule, ProcessSpec, boolean)}; {@code withInput} gives the process a stdin pipe. */
    Mono<Launch> launch(Capsule capsule, ProcessSpec spec, boolean attached, boolean withInput) {
        return Mono.create(sink -> {
            AtomicBoolean abandoned = new AtomicBoolean();
            sink.onCancel(() -> abandoned.set(true));
            Schedulers.boundedElastic().schedule(() -> {
                Launch launch;
                try {
                    launch = launchNow(capsule, spec, attached, withInput);
                } catch (RuntimeException e) {
                    sink.error(e);
                    return;
                }
                sink.success(launch);
                if (abandoned.get()) {
                    launch.process().signal(KillSignal.SIGKILL);
                }
            });
        });
    }

    private Launch launchNow(Capsule capsule, ProcessSpec spec, boolean attached, boolean withInput) {
        capsule.requireRunning();
        HostProcess process;
        Attachment attachment;
        try {
            OutputFanOut output = new OutputFanOut(fanOutCapacity, stats);
            attachment = attached ? output.attach() : null;
            process = HostProcess.start(spec, capsule.workingDirectory(spec.cwd()), capsule.home(), output,
                    containment, withInput);
        } catch (IOException e) {
            throw ApiException.internal("failed to start process: " + e.getMessage());
        }
        register(capsule, process);
        return new Launch(process, attachment);
    }

    private void register(Capsule capsule, HostProcess process) {
        if (!supervisor.track(process)) {
            process.signal(KillSignal.SIGKILL);
            throw ApiException.internal("the emulator is shutting down");
        }
        if (!capsule.processes().add(process)) {
            // The capsule was destroyed (or the emulator closed) while the process started.
            process.signal(KillSignal.SIGKILL);
            capsule.requireRunning();
            throw ApiException.internal("the emulator is shutting down");
        }
        // Registered after add(): a process that has already exited is removed at once.
        process.exited().thenRun(() -> capsule.processes().remove(process));
    }
}
