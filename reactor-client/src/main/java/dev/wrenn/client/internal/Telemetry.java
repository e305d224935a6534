package dev.wrenn.client.internal;

import dev.wrenn.client.ConnectionException;
import dev.wrenn.client.NotFoundException;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.WrennProtocolException;
import dev.wrenn.client.StreamInterruptedException;
import dev.wrenn.client.StreamLimitException;
import dev.wrenn.client.WrennException;
import dev.wrenn.client.WrennTimeoutException;
import dev.wrenn.client.internal.Endpoints.Endpoint;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * What the client reports about its calls and streams: nothing by default ({@link #NONE}, which adds no
 * operator at all), meters and observations when configured. The implementations that name Micrometer types
 * ({@link MeterTelemetry}, {@link ObservationTelemetry}) are loaded only when their option is used, so the
 * client runs without Micrometer on the class path.
 */
interface Telemetry {

    /** Reports nothing. */
    Telemetry NONE = new Telemetry() {
    };

    /** The kinds of process stream, as named in tags. */
    enum StreamKind {
        CONNECT("connect"), EXEC_STREAM("exec-stream"), FOLLOW("follow");

        private final String tag;

        StreamKind(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** Wraps one REST call, its retries included. */
    default <T> Mono<T> call(Mono<T> call, HttpMethod method, Endpoint endpoint) {
        return call;
    }

    /** Wraps the events of one process stream. */
    default Flux<ProcessEvent> stream(Flux<ProcessEvent> events, StreamKind kind, Endpoint endpoint) {
        return events;
    }

    /** Wraps the inbound of one process stream's connection: its WebSocket frames. */
    default Flux<Object> frames(Flux<Object> frames, StreamKind kind) {
        return frames;
    }

    /** A followed process was attached to again after a gap. */
    default void reattached() {
    }

    /** This, then {@code other}, around each call and stream. */
    default Telemetry and(Telemetry other) {
        Telemetry first = this;
        return new Telemetry() {
            @Override
            public <T> Mono<T> call(Mono<T> call, HttpMethod method, Endpoint endpoint) {
                return other.call(first.call(call, method, endpoint), method, endpoint);
            }

            @Override
            public Flux<ProcessEvent> stream(Flux<ProcessEvent> events, StreamKind kind, Endpoint endpoint) {
                return other.stream(first.stream(events, kind, endpoint), kind, endpoint);
            }

            @Override
            public Flux<Object> frames(Flux<Object> frames, StreamKind kind) {
                return other.frames(first.frames(frames, kind), kind);
            }

            @Override
            public void reattached() {
                first.reattached();
                other.reattached();
            }
        };
    }

    /** How a call or stream ended: on complete or on error (with the error), or cancelled. */
    @FunctionalInterface
    interface Ending {
        void ended(SignalType signal, @Nullable Throwable error);
    }

    /** Tells {@code ending}, once, how the Mono ended, before its subscriber learns it; for one subscription. */
    static <T> Mono<T> whenEnded(Mono<T> mono, Ending ending) {
        Ending once = once(ending);
        return mono.doOnEach(signal -> tell(signal, once)).doOnCancel(() -> once.ended(SignalType.CANCEL, null));
    }

    /** Tells {@code ending}, once, how the Flux ended, before its subscriber learns it; for one subscription. */
    static <T> Flux<T> whenEnded(Flux<T> flux, Ending ending) {
        Ending once = once(ending);
        return flux.doOnEach(signal -> tell(signal, once)).doOnCancel(() -> once.ended(SignalType.CANCEL, null));
    }

    /** A cancel can follow the end (by an operator downstream that cancels late): only the first counts. */
    private static Ending once(Ending ending) {
        AtomicBoolean ended = new AtomicBoolean();
        return (signal, error) -> {
            if (ended.compareAndSet(false, true)) {
                ending.ended(signal, error);
            }
        };
    }

    private static void tell(reactor.core.publisher.Signal<?> signal, Ending ending) {
        if (signal.isOnComplete()) {
            ending.ended(SignalType.ON_COMPLETE, null);
        } else if (signal.isOnError()) {
            ending.ended(SignalType.ON_ERROR, signal.getThrowable());
        }
    }

    /** How a REST call ended, as tagged: {@code success}, {@code cancelled}, or the error's simple class name. */
    static String callOutcome(SignalType signal, @Nullable Throwable error) {
        return error != null ? error.getClass().getSimpleName()
                : signal == SignalType.CANCEL ? "cancelled" : "success";
    }

    /** The HTTP status a REST call ended with, as tagged: the error's status, {@code 2xx}, or {@code none}. */
    static String callStatus(@Nullable Throwable error) {
        if (error == null) {
            return "2xx";
        }
        return error instanceof WrennException w && w.status() > 0 ? Integer.toString(w.status()) : "none";
    }

    /**
     * Why a process stream ended, as tagged: {@code exit}, {@code cancelled}, {@code interrupted},
     * {@code timeout}, {@code limit}, {@code not-found}, {@code protocol}, {@code connection},
     * {@code error-frame} (another error the service sent on the stream), or {@code refused} (an HTTP
     * error answer to the upgrade), or {@code error} for anything else.
     */
    static String streamCause(SignalType signal, @Nullable Throwable error) {
        if (error == null) {
            return signal == SignalType.CANCEL ? "cancelled" : "exit";
        }
        if (error instanceof StreamLimitException) {
            return "limit";
        }
        if (error instanceof StreamInterruptedException) {
            return "interrupted";
        }
        if (error instanceof WrennTimeoutException) {
            return "timeout";
        }
        if (error instanceof NotFoundException) {
            return "not-found";
        }
        if (error instanceof WrennProtocolException) {
            return "protocol";
        }
        if (error instanceof ConnectionException) {
            return "connection";
        }
        if (!(error instanceof WrennException w)) {
            return "error";
        }
        return w.status() == 0 ? "error-frame" : "refused";
    }
}
