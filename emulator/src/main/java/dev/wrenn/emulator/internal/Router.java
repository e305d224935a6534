package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Dispatches {@code /api/v1/...} requests in upstream's order. The router answers first, in plain text as Go's
 * router does: an unknown route is {@code 404 page not found}, a wrong method an empty 405 with {@code Allow}.
 * REST routes then check the API key (401), then the capsule ID (400). WebSocket routes check the capsule ID
 * (a JSON 400), then that the request is an upgrade (gorilla's plain-text {@code 400 Bad Request}), and the key
 * only after the upgrade.
 */
final class Router implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger LOG = Loggers.getLogger(Router.class);
    private static final String BEARER = "Bearer ";

    @FunctionalInterface
    interface RestHandler {
        Mono<Reply> handle(ApiCall call);
    }

    @FunctionalInterface
    interface StreamHandler {
        Mono<Void> handle(ApiCall call, HttpServerResponse response);
    }

    /** A route: {@code {id}} and {@code {selector}} in the pattern match any non-empty segment. */
    private record Route(HttpMethod method, List<String> pattern, RestHandler rest, StreamHandler stream) {

        boolean matches(List<String> segments) {
            if (segments.size() != pattern.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                String expected = pattern.get(i);
                boolean matched = expected.startsWith("{") ? !segments.get(i).isEmpty() : expected.equals(segments.get(i));
                if (!matched) {
                    return false;
                }
            }
            return true;
        }

        String parameter(List<String> segments, String name) {
            int index = pattern.indexOf("{" + name + "}");
            return index < 0 ? null : segments.get(index);
        }
    }

    private final ApiKey apiKey;
    private final int maxBodyBytes;
    private final List<Route> routes;

    Router(ApiKey apiKey, int maxBodyBytes, CapsuleHandlers capsules, ExecHandler exec, ProcessHandlers processes,
           StreamHandlers streams, TerminalHandler terminals) {
        this.apiKey = apiKey;
        this.maxBodyBytes = maxBodyBytes;
        this.routes = List.of(
                rest(HttpMethod.GET, "/api/v1/capsules", capsules::list),
                rest(HttpMethod.POST, "/api/v1/capsules", capsules::create),
                rest(HttpMethod.GET, "/api/v1/capsules/{id}", capsules::get),
                rest(HttpMethod.DELETE, "/api/v1/capsules/{id}", capsules::destroy),
                rest(HttpMethod.POST, "/api/v1/capsules/{id}/pause", capsules::pause),
                rest(HttpMethod.POST, "/api/v1/capsules/{id}/resume", capsules::resume),
                rest(HttpMethod.POST, "/api/v1/capsules/{id}/ping", capsules::ping),
                rest(HttpMethod.POST, "/api/v1/capsules/{id}/exec", exec::exec),
                stream("/api/v1/capsules/{id}/exec/stream", streams::execStream),
                rest(HttpMethod.GET, "/api/v1/capsules/{id}/processes", processes::list),
                rest(HttpMethod.DELETE, "/api/v1/capsules/{id}/processes/{selector}", processes::kill),
                stream("/api/v1/capsules/{id}/processes/{selector}/stream", streams::attach),
                stream("/api/v1/capsules/{id}/pty", terminals::pty));
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        // A client that hung up before the answer (a cancelled call) gets none, as from any server.
        return Mono.defer(() -> dispatch(request, response))
                .onErrorResume(error -> response.hasSentHeaders() || StreamSession.isClientGone(error)
                        ? Mono.empty() : send(response, replyFor(error)));
    }

    private Mono<Void> dispatch(HttpServerRequest request, HttpServerResponse response) {
        List<String> segments = PathSegments.of(request.uri());
        List<Route> candidates = routes.stream().filter(route -> route.matches(segments)).toList();
        if (candidates.isEmpty()) {
            return send(response, Reply.plainText(HttpResponseStatus.NOT_FOUND, "404 page not found"));
        }
        Route route = candidates.stream().filter(r -> r.method().equals(request.method())).findFirst().orElse(null);
        if (route == null) {
            String allowed = candidates.stream().map(r -> r.method().name()).collect(Collectors.joining(", "));
            return send(response, new Reply(HttpResponseStatus.METHOD_NOT_ALLOWED, null, Map.of("Allow", allowed)));
        }
        ApiCall call = new ApiCall(request, route.parameter(segments, "id"), route.parameter(segments, "selector"),
                maxBodyBytes);
        if (route.stream() != null) {
            requireWellFormedId(call);
            if (!StreamSession.isUpgrade(request)) {
                return send(response, Reply.plainText(HttpResponseStatus.BAD_REQUEST, "Bad Request")
                        .withHeader("Sec-Websocket-Version", "13"));
            }
            return route.stream().handle(call, response);
        }
        authenticate(call);
        requireWellFormedId(call);
        return route.rest().handle(call)
                .onErrorResume(error -> Mono.just(replyFor(error)))
                // Some handlers finish on a bounded-elastic thread. A reply written from there races with Reactor
                // Netty's keep-alive bookkeeping, and the client's next request on the connection can stay buffered
                // for good; so the reply is always written from the connection's own event loop.
                .publishOn(eventLoopOf(request))
                .flatMap(reply -> send(response, reply));
    }

    /** Upstream's two texts: no credentials at all, or a key that is not accepted. The emulator has no tokens. */
    private void authenticate(ApiCall call) {
        String key = call.header(ApiKey.HEADER);
        if (key != null && !key.isEmpty()) {
            if (!apiKey.matches(key)) {
                throw ApiException.unauthorized("invalid API key");
            }
            return;
        }
        String authorization = call.header(HttpHeaderNames.AUTHORIZATION.toString());
        if (authorization != null && authorization.startsWith(BEARER) && authorization.length() > BEARER.length()) {
            throw ApiException.unauthorized("invalid or expired token");
        }
        throw ApiException.unauthorized("X-API-Key or Authorization: Bearer <token> required");
    }

    private static void requireWellFormedId(ApiCall call) {
        if (call.capsuleId() != null && !Ids.isCapsuleId(call.capsuleId())) {
            throw ApiException.invalidRequest("invalid sandbox ID");
        }
    }

    private static Scheduler eventLoopOf(HttpServerRequest request) {
        Executor[] eventLoop = new Executor[1];
        request.withConnection(connection -> eventLoop[0] = connection.channel().eventLoop());
        return Schedulers.fromExecutor(eventLoop[0]);
    }

    private static Mono<Void> send(HttpServerResponse response, Reply reply) {
        response.status(reply.status());
        reply.headers().forEach(response::header);
        if (reply.body() == null) {
            return response.send();
        }
        return response.sendByteArray(Mono.just(reply.body())).then();
    }

    private static Reply replyFor(Throwable error) {
        if (error instanceof ApiException api) {
            return Reply.error(api);
        }
        LOG.error("Unexpected failure while handling a request", error);
        return Reply.error(ApiException.internal("internal error"));
    }

    private static Route rest(HttpMethod method, String pattern, RestHandler handler) {
        return new Route(method, split(pattern), handler, null);
    }

    private static Route stream(String pattern, StreamHandler handler) {
        return new Route(HttpMethod.GET, split(pattern), null, handler);
    }

    private static List<String> split(String pattern) {
        return Arrays.asList(pattern.substring(1).split("/"));
    }
}
