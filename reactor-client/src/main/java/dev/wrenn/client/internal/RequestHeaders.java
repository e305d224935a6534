package dev.wrenn.client.internal;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClientRequest;

/**
 * Headers added to each request just before it is sent, REST call or stream upgrade alike: those of the
 * application's hook, and those a tracer propagates (put in the subscriber's context under {@link #PROPAGATED}).
 * The hook writes into headers of its own, so it never sees the request's; the ones the client itself owns
 * (the API key among them) are dropped from what it writes.
 */
final class RequestHeaders {

    /** The context key of the headers an observation of the call or stream propagates. */
    static final String PROPAGATED = "dev.wrenn.client.propagated-headers";

    private static final Set<String> OWNED = Set.of("x-api-key", "host", "content-length", "content-type",
            "transfer-encoding", "connection", "upgrade", "user-agent");

    private final @Nullable Consumer<HttpHeaders> hook;

    /** @param hook writes extra headers for each request; null for none */
    RequestHeaders(@Nullable Consumer<HttpHeaders> hook) {
        this.hook = hook;
    }

    /** Adds the headers to a request about to be sent (on its event loop). */
    public void addTo(HttpClientRequest request) {
        if (hook != null) {
            HttpHeaders extra = new DefaultHttpHeaders();
            hook.accept(extra);
            copy(extra, request.requestHeaders());
        }
        request.currentContextView().<HttpHeaders>getOrEmpty(PROPAGATED)
                .ifPresent(propagated -> copy(propagated, request.requestHeaders()));
    }

    private static void copy(HttpHeaders from, HttpHeaders to) {
        for (String name : from.names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!OWNED.contains(lower) && !lower.startsWith("sec-websocket-")) {
                to.set(name, from.getAll(name));
            }
        }
    }
}
