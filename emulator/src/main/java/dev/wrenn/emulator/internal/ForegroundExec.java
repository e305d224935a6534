package dev.wrenn.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A foreground exec: runs the process to its end, collects its output and answers with an ExecResponse. When the
 * timeout passes first, the answer is upstream's {@code 502 agent_error} and the process is left running, as the
 * host agent leaves it. Each stream keeps at most {@value #OUTPUT_CAP_BYTES} bytes; the rest is read and discarded.
 */
final class ForegroundExec {

    static final int OUTPUT_CAP_BYTES = 16 * 1024 * 1024;
    /** The host agent's deadline error, wrapped by its exec handler and relayed by the control plane. */
    static final String TIMEOUT_MESSAGE = "internal: exec: stream error: deadline_exceeded: context deadline exceeded";

    private final ProcessLauncher launcher;

    ForegroundExec(ProcessLauncher launcher) {
        this.launcher = launcher;
    }

    Mono<Wire.ExecResponse> run(Capsule capsule, ProcessSpec spec, Duration timeout) {
        return Mono.defer(() -> {
            long startedNanos = System.nanoTime();
            return launcher.launch(capsule, spec, true)
                    .flatMap(launch -> collect(launch, timeout))
                    .map(output -> output.toResponse(capsule.id(), spec.cmd(),
                            Duration.ofNanos(System.nanoTime() - startedNanos).toMillis()));
        });
    }

    private static Mono<CollectedOutput> collect(ProcessLauncher.Launch launch, Duration timeout) {
        HostProcess process = launch.process();
        return launch.attachment().events()
                .reduceWith(CollectedOutput::new, CollectedOutput::add)
                .map(CollectedOutput::finish)
                // Cancels (detaches from) the events only: the process keeps running.
                .timeout(timeout, Mono.error(() -> ApiException.agentError(TIMEOUT_MESSAGE)))
                // The caller went away: upstream cancels the command with the request.
                .doOnCancel(() -> Schedulers.boundedElastic().schedule(() -> process.signal(KillSignal.SIGKILL)));
    }

    /** Output and outcome of one run. Filled by the reader threads, one event at a time. */
    private static final class CollectedOutput {

        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private ProcessEvent end;

        CollectedOutput add(ProcessEvent event) {
            if (event instanceof ProcessEvent.Output output) {
                ByteArrayOutputStream target = output.pipe() == ProcessEvent.Pipe.STDOUT ? stdout : stderr;
                int room = OUTPUT_CAP_BYTES - target.size();
                target.write(output.bytes(), 0, Math.min(room, output.bytes().length));
            } else {
                end = event;
            }
            return this;
        }

        CollectedOutput finish() {
            if (end instanceof ProcessEvent.Failed failed) {
                throw ApiException.notFound(failed.message());
            }
            return this;
        }

        Wire.ExecResponse toResponse(String capsuleId, String cmd, long durationMs) {
            int exitCode = end instanceof ProcessEvent.Exited exited ? exited.exitCode() : -1;
            byte[] out = stdout.toByteArray();
            byte[] err = stderr.toByteArray();
            if (GoUtf8.isValid(out) && GoUtf8.isValid(err)) {
                return new Wire.ExecResponse(capsuleId, cmd, new String(out, StandardCharsets.UTF_8),
                        new String(err, StandardCharsets.UTF_8), exitCode, durationMs, "utf-8");
            }
            Base64.Encoder base64 = Base64.getEncoder();
            return new Wire.ExecResponse(capsuleId, cmd, base64.encodeToString(out), base64.encodeToString(err),
                    exitCode, durationMs, "base64");
        }
    }
}
