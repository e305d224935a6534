package dev.wrenn.client.internal;

import dev.wrenn.client.AuthenticationException;
import dev.wrenn.client.ConflictException;
import dev.wrenn.client.ConnectionException;
import dev.wrenn.client.InvalidRequestException;
import dev.wrenn.client.InvalidStateException;
import dev.wrenn.client.NotFoundException;
import dev.wrenn.client.WrennProtocolException;
import dev.wrenn.client.ServerException;
import dev.wrenn.client.StreamInterruptedException;
import dev.wrenn.client.StreamLimitException;
import dev.wrenn.client.WrennException;
import dev.wrenn.client.WrennTimeoutException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import javax.net.ssl.SSLException;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The one place that turns failures into the client's typed exceptions: HTTP error responses, {@code error}
 * frames on streams, and transport failures. Messages name the operation and the service's own words,
 * never a header; every text that came from outside the client passes through {@link #redact} first, so
 * that no API key a server or proxy echoes reaches a message or {@link WrennException#serverMessage()}.
 */
public final class ErrorMapper {

    /** How long the service's path to a host waits for a foreground exec's answer before it answers 503 itself. */
    private static final Duration SERVICE_EXEC_LIMIT = Duration.ofSeconds(45);
    /** Longest piece of a non-JSON error body quoted in a message. */
    private static final int BODY_EXCERPT = 200;
    /** Anything that looks like a Wrenn API key ({@code wrn_} and 32 hex characters, or any key characters). */
    private static final Pattern WRENN_KEY = Pattern.compile("(?i)wrn_[a-z0-9_-]+");
    static final String REDACTED = "[redacted]";

    private ErrorMapper() {
    }

    // ---- failures this client finds itself: the service broke the protocol, or a limit passed ----

    private static WrennProtocolException protocol(String message, Throwable cause) {
        return new WrennProtocolException(message, 0, null, null, cause);
    }

    private static WrennTimeoutException timeout(String message, Throwable cause) {
        return new WrennTimeoutException(message, 0, null, null, cause);
    }

    private static StreamInterruptedException interrupted(String message, Throwable cause) {
        return new StreamInterruptedException(message, 0, null, null, cause);
    }

    /** A REST response that parsed as JSON and is not of the shape the API defines. */
    public static WrennProtocolException malformedResponse(String operation, String what) {
        return protocol(operation + ": malformed response: " + what, null);
    }

    /** A REST response body that is not JSON. */
    static WrennProtocolException notJson(String operation, JacksonException error) {
        return protocol(operation + ": response is not the expected JSON (" + redact(error.getOriginalMessage()) + ")",
                safeCause(error));
    }

    /** A REST response body past the client's limit. */
    static WrennProtocolException bodyTooLarge(String operation, int limit) {
        return protocol(operation + ": response body larger than the limit of " + limit + " bytes", null);
    }

    /** A command's output the client cannot read ({@code what} says why). */
    public static WrennProtocolException malformedOutput(String operation, String what, Throwable cause) {
        return protocol(operation + ": " + what, cause);
    }

    /** A process stream's frame that is not valid JSON text of the protocol. */
    static WrennProtocolException malformedFrame(String operation, String what, Throwable cause) {
        return protocol(operation + ": invalid frame from the service: " + what, safeCause(cause));
    }

    /** A terminal message that is not what the protocol defines. */
    static WrennProtocolException malformedTerminalMessage(String operation, String what, Throwable cause) {
        return protocol(operation + ": the service sent " + what, cause);
    }

    /** A WebSocket frame of a kind the service never sends on a stream (binary, for one). */
    static WrennProtocolException unexpectedFrame(String operation, Object frame) {
        return protocol(operation + ": unexpected " + frame.getClass().getSimpleName()
                + "; the service sends JSON text frames only", null);
    }

    /** A message in fragments whose whole is past the largest frame accepted. */
    static WrennProtocolException fragmentedMessageTooLarge(String operation, int maxSize) {
        return protocol(operation + ": invalid frame from the service (a fragmented message is larger than the"
                + " maximum frame size of " + maxSize + " bytes)", null);
    }

    /** A process stream silent for its idle timeout while its subscriber waited for events. */
    static WrennTimeoutException streamIdle(String operation, Duration idleTimeout, boolean pinging) {
        return timeout(operation + ": no frame from the service for " + idleTimeout + " while waiting for events"
                + (pinging ? " (keepalive pings unanswered)" : ""), null);
    }

    /** A terminal stream silent for its idle timeout. */
    static WrennTimeoutException terminalIdle(String operation, Duration idleTimeout) {
        return timeout(operation + ": no frame from the service for " + idleTimeout, null);
    }

    /** A capsule that did not reach {@code running} within the caller's deadline. */
    public static WrennTimeoutException notRunningWithin(String capsuleId, Duration deadline, Object lastStatus) {
        return timeout("capsule " + capsuleId + " was not running within " + deadline + " (last status: "
                + lastStatus + ")", null);
    }

    /** A stream of events that completed without its exit event, where the caller needs the exit. */
    public static StreamInterruptedException noExit() {
        return interrupted("the process stream completed without an exit event", null);
    }

    /** A text from outside the client with every Wrenn API key in it replaced; {@code null} stays null. */
    public static String redact(String text) {
        return text == null ? null : WRENN_KEY.matcher(text).replaceAll(REDACTED);
    }

    /** As {@link #redact(String)}, and {@code secret} (the configured key, whatever its form) replaced too. */
    public static String redact(String text, String secret) {
        return text == null ? null : redact(secret.isEmpty() ? text : text.replace(secret, REDACTED));
    }

    /**
     * The failure to keep as a cause, or {@code null} when any message along its chain holds a key: a cause is
     * printed with stack traces, so it must be as clean as the message that wraps it.
     */
    static Throwable safeCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.equals(redact(message))) {
                return null;
            }
        }
        return error;
    }

    /** As {@link #fromResponse(String, int, byte[], String)}, where the configured key is not at hand. */
    public static WrennException fromResponse(String operation, int status, byte[] body) {
        return fromResponse(operation, status, body, "");
    }

    /**
     * An HTTP error response; the body may be the service's JSON error or anything a proxy sends. Both the
     * body and the service's message are redacted, {@code secret} included.
     */
    public static WrennException fromResponse(String operation, int status, byte[] body, String secret) {
        String code = null;
        String serverMessage = null;
        try {
            Json.ErrorDetail parsed = Json.error(body);
            code = redact(parsed.code(), secret);
            serverMessage = redact(parsed.message(), secret);
        } catch (RuntimeException notJson) {
            // A proxy's HTML page or an empty body: keep the status, quote a little of the body.
        }
        String detail = serverMessage != null
                ? (code != null ? code + ": " : "") + serverMessage
                : excerpt(body, secret);
        String message = operation + " failed: HTTP " + status + (detail.isEmpty() ? "" : " (" + detail + ")");
        return byStatus(message, status, code, serverMessage);
    }

    private static WrennException byStatus(String message, int status, String code, String serverMessage) {
        if (status == 400 || "invalid_request".equals(code)) {
            return new InvalidRequestException(message, status, code, serverMessage, null);
        }
        if (status == 401 || status == 403) {
            return new AuthenticationException(message, status, code, serverMessage, null);
        }
        if (status == 404) {
            return new NotFoundException(message, status, code, serverMessage, null);
        }
        if (status == 409) {
            return "invalid_state".equals(code)
                    ? new InvalidStateException(message, status, code, serverMessage, null)
                    : new ConflictException(message, status, code, serverMessage, null);
        }
        if (status >= 500) {
            return new ServerException(message, status, code, serverMessage, null);
        }
        return new WrennException(message, status, code, serverMessage, null);
    }

    /**
     * An {@code error} frame on a stream. The service sends only text, so the type follows from its words,
     * mapped like the equivalent REST failure where they allow.
     */
    public static WrennException fromErrorFrame(String operation, String serverText) {
        String text = redact(serverText);
        String lower = text.toLowerCase(Locale.ROOT);
        String message = operation + " failed: " + text;
        if (lower.contains("deadline_exceeded") || lower.contains("deadline exceeded")) {
            return new StreamLimitException(operation + ": the service ends every stream after 10 minutes ("
                    + text + "); the process may still be running: use Processes.follow(..) to keep following it",
                    0, "deadline_exceeded", text, null);
        }
        if (lower.contains("authentication failed")) {
            return new AuthenticationException(message, 0, "unauthorized", text, null);
        }
        if (lower.contains("not found") || lower.contains("not_found")) {
            return new NotFoundException(message, 0, "not_found", text, null);
        }
        if (lower.contains("is not running")) {
            return new InvalidStateException(message, 0, "invalid_state", text, null);
        }
        return new WrennException(message, 0, null, text, null);
    }

    /**
     * A stream the service closed before {@code start}, with no {@code error} frame: that is how the service
     * answers an attachment to a process it does not know, one that never existed or that has already ended.
     */
    public static WrennException closedBeforeStart(String operation) {
        return new NotFoundException(operation + ": process not found: the service closed the stream before"
                + " start (no such process, or it ended before the attachment)", 0, "not_found", null, null);
    }

    /** A {@code 101} answer to a stream's upgrade that is not a valid WebSocket upgrade. */
    public static WrennException invalidUpgradeAnswer(String operation, String what) {
        return new WrennProtocolException(operation + ": invalid WebSocket upgrade answer from the service (HTTP 101 with "
                + what + ")", 101, null, null, null);
    }

    /** No answer to a stream's upgrade within the handshake timeout. */
    public static WrennException upgradeTimedOut(String operation, java.time.Duration limit) {
        return timeout(operation + " timed out waiting for the service: no answer to the WebSocket upgrade within "
                + limit, null);
    }

    /** A stream that ended after {@code start} and before {@code exit} or an {@code error} frame. */
    public static WrennException closedBeforeExit(String operation) {
        return interrupted(operation + ": the connection closed before the process's exit was reported; its exit"
                + " code is unknown and output may be missing", null);
    }

    /**
     * A followed process that could not be attached to again after a gap: it ended while the stream was
     * reconnecting, so its exit was not seen.
     */
    public static WrennException goneDuringGap(NotFoundException notFound, WrennException cut) {
        return new StreamInterruptedException(notFound.getMessage() + "; it ended during a gap in the stream"
                + (cut == null ? "" : " after: " + cut.getMessage()) + ", so its exit code is unknown",
                0, notFound.errorCode(), notFound.serverMessage(), notFound);
    }

    /** A failure below HTTP: connecting, TLS, timeouts, resets, the WebSocket handshake, frame decoding. */
    public static Throwable fromTransport(String operation, Throwable error) {
        if (error instanceof WrennException) {
            return error;
        }
        if (error instanceof WebSocketClientHandshakeException handshake) {
            if (handshake.response() == null) {
                return new ConnectionException(operation + ": connection lost before the WebSocket upgrade was"
                        + " answered (" + describe(error) + ")", 0, null, null, error);
            }
            int status = handshake.response().status().code();
            if (status == 101) {
                return new WrennProtocolException(operation + ": invalid WebSocket upgrade answer from the service ("
                        + describe(error) + ")", status, null, null, error);
            }
            return byStatus(operation + " failed: WebSocket upgrade refused with HTTP " + status,
                    status, null, null);
        }
        if (error instanceof ReadTimeoutException) {
            return timeout(operation + " timed out waiting for the service", error);
        }
        if (error instanceof TooLongFrameException || error instanceof CorruptedFrameException) {
            return protocol(operation + ": invalid frame from the service (" + error.getMessage() + ")", error);
        }
        if (error instanceof ConnectTimeoutException || error instanceof UnknownHostException
                || error instanceof SSLException || hasCause(error, UnknownHostException.class)
                || error instanceof java.net.ConnectException) {
            return new ConnectionException(operation + " could not connect: " + describe(error), 0, null, null, error);
        }
        if (error instanceof PrematureCloseException || error instanceof AbortedException
                || error instanceof ClosedChannelException || error instanceof IOException) {
            return new ConnectionException(operation + ": connection lost (" + describe(error) + ")", 0, null, null, error);
        }
        return error;
    }

    /**
     * A failure of a REST exchange: what {@link #fromTransport} knows, and anything else that breaks while the
     * response is read (a status line, header or chunk size the HTTP decoder refuses, a body it cannot take),
     * which means the response was malformed.
     */
    public static WrennException fromRestFailure(String operation, Throwable error) {
        if (fromTransport(operation, error) instanceof WrennException typed) {
            return typed;
        }
        return malformed(operation, error);
    }

    /**
     * A REST exchange that ended without a response: the HTTP codec refused the response's head
     * ({@code refusal}), or the connection closed after the request and before any response ({@code null}).
     */
    static WrennException withoutResponse(String operation, Throwable refusal) {
        return refusal != null ? malformed(operation, refusal) : new ConnectionException(operation
                + ": connection lost (the service closed it before responding)", 0, null, null, null);
    }

    private static WrennProtocolException malformed(String operation, Throwable error) {
        return protocol(operation + ": malformed response from the service (" + describe(error) + ")",
                safeCause(error));
    }

    /** When the client gave up waiting for a REST response: the whole of it, not just the next read. */
    public static WrennTimeoutException deadlinePassed(String operation, Duration deadline) {
        return timeout(operation + ": no complete response within " + seconds(deadline), null);
    }

    /**
     * A failed foreground exec. The service answers a command that overran its time limit with
     * {@code 502 agent_error} ("exec: stream error: ..."), and the client's own deadline may pass first: in
     * both cases the command may still be running, which the timeout says.
     */
    public static WrennException fromExecFailure(String operation, Duration timeLimit, WrennException error) {
        String advice = "; the process may still be running in the capsule: kill it (find it with a process list),"
                + " or run long commands with execStream";
        if (error instanceof WrennTimeoutException) {
            return timeout(error.getMessage() + advice, null);
        }
        boolean overran = error.status() == 502 && "agent_error".equals(error.errorCode())
                && error.serverMessage() != null && error.serverMessage().contains("stream error");
        if (overran) {
            return new WrennTimeoutException(operation + " did not finish within its time limit of "
                    + seconds(timeLimit) + ", or its stream broke (HTTP 502: " + error.serverMessage() + ")" + advice,
                    error.status(), error.errorCode(), error.serverMessage(), null);
        }
        if (error.status() == 503 && timeLimit.compareTo(SERVICE_EXEC_LIMIT) > 0) {
            return new ServerException(error.getMessage() + "; the service may cut a foreground exec after about "
                    + seconds(SERVICE_EXEC_LIMIT) + ": run long commands with execStream",
                    error.status(), error.errorCode(), error.serverMessage(), null);
        }
        return error;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /**
     * A failure of a process stream's connection after the upgrade: one that breaks the connection means the
     * exit was never reported, so it is an interrupted stream rather than a failure to connect.
     */
    public static Throwable fromBrokenStream(String operation, Throwable error) {
        if (error instanceof IOException || error instanceof AbortedException) {
            return interrupted(operation + ": the connection failed before the process's exit was reported ("
                    + error.getMessage() + ")", error);
        }
        return fromTransport(operation, error);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : redact(message);
    }

    /** The start of a body, whitespace collapsed, redacted before it is cut so that no key is cut in half. */
    private static String excerpt(byte[] body, String secret) {
        String start = new String(body, 0, Math.min(body.length, BODY_EXCERPT * 64), StandardCharsets.UTF_8);
        String text = redact(start, secret).replaceAll("\\s+", " ").trim();
        return text.length() > BODY_EXCERPT ? text.substring(0, BODY_EXCERPT) + "..." : text;
    }
}
