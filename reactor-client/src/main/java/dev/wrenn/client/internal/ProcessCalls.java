package dev.wrenn.client.internal;

import dev.wrenn.client.Command;
import dev.wrenn.client.CommandResult;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.ProtocolException;
import dev.wrenn.client.Signal;
import dev.wrenn.client.WrennException;
import dev.wrenn.client.internal.RestTransport.Idempotency;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The process endpoints: requests built from public types, responses turned back into them. */
public final class ProcessCalls {

    private final RestTransport rest;
    private final StreamTransport streams;

    public ProcessCalls(RestTransport rest, StreamTransport streams) {
        this.rest = rest;
        this.streams = streams;
    }

    public Flux<ProcessInfo> list(String capsuleId) {
        String operation = "list processes of " + capsuleId;
        return rest.call(HttpMethod.GET, Endpoints.capsule(capsuleId, "processes"), null, Idempotency.SAFE,
                        Duration.ZERO, body -> Json.processes(body, operation))
                .flatMapIterable(infos -> infos);
    }

    public Mono<Void> kill(String capsuleId, ProcessSelector selector, Signal signal) {
        return rest.call(HttpMethod.DELETE, Endpoints.kill(capsuleId, selector, signal), null, Idempotency.KILL,
                Duration.ZERO, body -> Boolean.TRUE).then();
    }

    public Flux<ProcessEvent> attach(String capsuleId, ProcessSelector selector) {
        return streams.attach(capsuleId, selector);
    }

    public Flux<ProcessEvent> execStream(String capsuleId, Command command) {
        return streams.execStream(capsuleId, command);
    }

    public Mono<CommandResult> exec(String capsuleId, Command command, Duration timeLimit) {
        long seconds = Math.max(1, (timeLimit.toMillis() + 999) / 1000);
        String operation = "exec " + command.program() + " in " + capsuleId;
        Duration limit = Duration.ofSeconds(seconds);
        return rest.call(HttpMethod.POST, Endpoints.capsule(capsuleId, "exec"), Json.ExecRequest.foreground(command, seconds),
                        Idempotency.UNSAFE, limit, body -> toResult(Json.read(body, Json.EXEC_RESULT, operation), operation))
                .onErrorMap(WrennException.class, e -> ErrorMapper.fromExecFailure(operation, limit, e));
    }

    public <T> Mono<T> start(String capsuleId, Command command, BiFunction<Long, String, T> handle) {
        String operation = "start " + command.program() + " in " + capsuleId;
        return rest.call(HttpMethod.POST, Endpoints.capsule(capsuleId, "exec"), Json.ExecRequest.background(command),
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
                    throw new ProtocolException(operation + ": output marked base64 is not valid base64", 0, null, null, e);
                }
            }
            default -> throw new ProtocolException(operation + ": unknown output encoding '" + encoding + "'",
                    0, null, null, null);
        }
        return new CommandResult(stdout, stderr, r.checkedExitCode(operation), Duration.ofMillis(r.durationMs()));
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
