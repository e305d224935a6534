package dev.wrenn.client.internal;

import dev.wrenn.client.Command;
import dev.wrenn.client.CommandResult;
import dev.wrenn.client.OnCancel;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.NotFoundException;
import dev.wrenn.client.WrennProtocolException;
import dev.wrenn.client.StreamInterruptedException;
import dev.wrenn.client.WrennException;
import dev.wrenn.client.WrennTimeoutException;
import dev.wrenn.client.ProcessSignal;
import dev.wrenn.client.WrennException;
import dev.wrenn.client.internal.RestTransport.Idempotency;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.RetryBackoffSpec;

/** The process endpoints: requests built from public types, responses turned back into them. */
public final class ProcessCalls {

    private final RestTransport rest;
    private final StreamTransport streams;
    private final Telemetry telemetry;

    ProcessCalls(RestTransport rest, StreamTransport streams, Telemetry telemetry) {
        this.rest = rest;
        this.streams = streams;
        this.telemetry = telemetry;
    }

    public Flux<ProcessInfo> list(String capsuleId) {
        String operation = "list processes of " + capsuleId;
        return rest.call(HttpMethod.GET, Endpoints.processes(capsuleId), null, Idempotency.SAFE,
                        Duration.ZERO, body -> Json.processes(body, operation))
                .flatMapIterable(infos -> infos);
    }

    public Mono<Void> kill(String capsuleId, ProcessSelector selector, ProcessSignal signal) {
        return rest.call(HttpMethod.DELETE, Endpoints.kill(capsuleId, selector, signal), null, Idempotency.KILL,
                Duration.ZERO, body -> Boolean.TRUE).then();
    }

    public Flux<ProcessEvent> connect(String capsuleId, ProcessSelector selector) {
        return streams.connect(capsuleId, selector, Telemetry.StreamKind.CONNECT);
    }

    /** Starts and streams a process; on cancel it is sent {@code onCancel}'s signal, through {@link #kill}. */
    public Flux<ProcessEvent> execStream(String capsuleId, Command command, OnCancel onCancel) {
        return streams.execStream(capsuleId, command, onCancel.signal()
                .<LongFunction<Mono<Void>>>map(signal -> pid -> kill(capsuleId, ProcessSelector.pid(pid), signal))
                .orElse(null));
    }

    /**
     * Attaches, and attaches again after each cut or broken connection while {@code retry} allows; see
     * {@code Processes#follow}. Attempts are counted per gap.
     */
    public Flux<ProcessEvent> follow(String capsuleId, ProcessSelector selector, RetryBackoffSpec retry) {
        RetryBackoffSpec reattach = retry.filter(retry.errorFilter.and(ProcessCalls::isReattachable))
                .transientErrors(true)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
        return Flux.defer(() -> {
            FollowState follow = new FollowState(telemetry);
            return Flux.defer(() -> streams.connect(capsuleId, selector, Telemetry.StreamKind.FOLLOW))
                    .map(follow::onEvent)
                    .doOnError(follow::onCut)
                    .retryWhen(reattach)
                    .onErrorMap(NotFoundException.class, follow::onGone);
        });
    }

    /** Failures after which the process may still run, so that attaching again may succeed. */
    static boolean isReattachable(Throwable error) {
        return error instanceof StreamInterruptedException || error instanceof WrennTimeoutException
                || RestTransport.isTransient(error);
    }

    /** What one subscription to {@link #follow} has seen; its signals are serial, one attachment at a time. */
    private static final class FollowState {
        private final Telemetry telemetry;
        private boolean started;
        /** Why the last attachment ended, until the next one starts. */
        private @Nullable WrennException gap;

        FollowState(Telemetry telemetry) {
            this.telemetry = telemetry;
        }

        ProcessEvent onEvent(ProcessEvent event) {
            if (event instanceof ProcessEvent.Started start) {
                WrennException reason = gap;
                gap = null;
                if (started) {
                    telemetry.reattached();
                    return new ProcessEvent.Reattached(start.capsuleId(), start.selector(), start.pid(), reason);
                }
                started = true;
            }
            return event;
        }

        void onCut(Throwable error) {
            if (started && gap == null && error instanceof WrennException cut) {
                gap = cut;
            }
        }

        Throwable onGone(NotFoundException notFound) {
            return started ? ErrorMapper.goneDuringGap(notFound, gap) : notFound;
        }
    }

    public Mono<CommandResult> exec(String capsuleId, Command command, Duration timeLimit) {
        long seconds = Math.max(1, (timeLimit.toMillis() + 999) / 1000);
        String operation = "exec " + command.program() + " in " + capsuleId;
        Duration limit = Duration.ofSeconds(seconds);
        return rest.call(HttpMethod.POST, Endpoints.exec(capsuleId), Json.ExecRequest.foreground(command, seconds),
                        Idempotency.UNSAFE, limit, body -> toResult(Json.read(body, Json.EXEC_RESULT, operation), operation))
                .onErrorMap(WrennException.class, e -> ErrorMapper.fromExecFailure(operation, limit, e));
    }

    public <T> Mono<T> start(String capsuleId, Command command, BiFunction<Long, String, T> handle) {
        String operation = "start " + command.program() + " in " + capsuleId;
        return rest.call(HttpMethod.POST, Endpoints.exec(capsuleId), Json.ExecRequest.background(command),
                Idempotency.UNSAFE, Duration.ZERO, body -> {
                    Json.BackgroundStarted started = Json.read(body, Json.BACKGROUND_STARTED, operation);
                    return handle.apply(started.checkedPid(operation), started.tag());
                });
    }

    private static CommandResult toResult(Json.ExecResult r, String operation) {
        byte[] stdout;
        byte[] stderr;
        String encoding = r.encoding() == null ? "utf-8" : r.encoding();
        switch (encoding) {
            case "utf-8" -> {
                stdout = bytes(r.stdout());
                stderr = bytes(r.stderr());
            }
            case "base64" -> {
                try {
                    stdout = Base64.getDecoder().decode(r.stdout() == null ? "" : r.stdout());
                    stderr = Base64.getDecoder().decode(r.stderr() == null ? "" : r.stderr());
                } catch (IllegalArgumentException e) {
                    throw ErrorMapper.malformedOutput(operation, "output marked base64 is not valid base64", e);
                }
            }
            default -> throw ErrorMapper.malformedOutput(operation, "unknown output encoding '" + encoding + "'", null);
        }
        return new CommandResult(stdout, stderr, r.checkedExitCode(operation), Duration.ofMillis(r.durationMs()));
    }

    private static byte[] bytes(@Nullable String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
