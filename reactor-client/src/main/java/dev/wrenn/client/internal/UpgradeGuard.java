package dev.wrenn.client.internal;

import dev.wrenn.client.WrennException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * Checks the answer to a stream's WebSocket upgrade before Reactor Netty does, so that a failed upgrade is
 * reported once, as the client's typed error, rather than also logged by Reactor Netty as an uncaught failure.
 *
 * <p>It sits right after the HTTP codec. A refused upgrade (any status but 101) is read to its end (keeping
 * its first bytes),
 * and mapped like a REST error response, with the service's code and message; a 101 whose
 * {@code Sec-WebSocket-Accept} is missing or wrong is a protocol error at once (Netty would otherwise wait for
 * the body of an obsolete handshake); no answer within the handshake timeout fails too. The failure is left on the channel for the {@link StreamSession}, and
 * Reactor Netty is handed a valid upgrade answer, so that the session ends the stream with that failure and
 * closes the connection the ordinary way. A valid answer passes untouched, and the guard leaves the pipeline.
 */
final class UpgradeGuard extends ChannelDuplexHandler {

    static final String NAME = "wrenn.upgradeGuard";
    /** A failed upgrade, given the operation's name. */
    private static final AttributeKey<Function<String, WrennException>> FAILURE = AttributeKey.valueOf("wrenn.upgradeFailure");

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final int maxBodyBytes;
    private final StreamTimers timers;
    private String expectedAccept;
    private ScheduledFuture<?> timeout;
    private boolean decided;
    /** The status of a refused upgrade whose body is being read. */
    private int refusedStatus;
    private ByteArrayOutputStream refusedBody;

    private UpgradeGuard(int maxBodyBytes, StreamTimers timers) {
        this.maxBodyBytes = maxBodyBytes;
        this.timers = timers;
    }

    /**
     * Puts a guard on a new stream connection, which fails the upgrade if no answer comes within the
     * handshake timeout of {@code timers}. A connection without the HTTP/1.1 codec is left as it is.
     */
    static void install(Channel channel, int maxBodyBytes, StreamTimers timers) {
        if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new UpgradeGuard(maxBodyBytes, timers));
        }
    }

    /**
     * For the handler of an upgraded connection: the failure the guard left if the upgrade was refused, else
     * null. Either way the handshake's request and response headers are cleared: nothing reads them once the
     * stream is open, and an open connection would otherwise hold them (with the response's decoded strings)
     * for its whole life.
     */
    static @Nullable Function<String, WrennException> upgraded(WebsocketInbound in, Channel channel) {
        in.headers().clear();
        if (in instanceof HttpClientRequest handshake) {
            handshake.requestHeaders().clear();
        }
        // Looking an attribute up creates it: a connection whose upgrade went well gets none.
        return channel.hasAttr(FAILURE) ? channel.attr(FAILURE).getAndSet(null) : null;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpRequest request && request.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
            expectedAccept = accept(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY));
            timeout = timers.upgradeDeadline(ctx.executor(), () -> {
                if (!decided) {
                    fail(ctx, operation -> ErrorMapper.upgradeTimedOut(operation, timers.handshakeTimeout()));
                }
            });
        }
        ctx.write(msg, promise);
    }

    /**
     * A connection that closes before the answer is left to Reactor Netty, which reports it (and logs it): Netty's
     * handshake could not be completed on a channel being torn down.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        StreamTimers.cancel(timeout);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refusedBody != null) {
            if (msg instanceof HttpContent content) {
                keep(content.content());
                boolean last = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                if (last) {
                    refused(ctx);
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (!(msg instanceof HttpResponse response) || expectedAccept == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        int status = response.status().code();
        if (status == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            String accept = response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
            if (expectedAccept.equals(accept)) {
                decide(ctx);
                ctx.fireChannelRead(msg);
                return;
            }
            ReferenceCountUtil.release(msg);
            String what = accept == null ? "no Sec-WebSocket-Accept header" : "a wrong Sec-WebSocket-Accept value";
            fail(ctx, operation -> ErrorMapper.invalidUpgradeAnswer(operation, what));
            return;
        }
        refusedStatus = status;
        refusedBody = new ByteArrayOutputStream();
        if (msg instanceof HttpContent) {
            channelRead(ctx, msg); // a whole response at once: its content is the body
        } else {
            ReferenceCountUtil.release(msg); // a head: the body follows
        }
    }

    /** Keeps the start of a refused upgrade's body, enough for the service's JSON error or a proxy's page. */
    private void keep(ByteBuf content) {
        int length = Math.min(content.readableBytes(), maxBodyBytes - refusedBody.size());
        if (length > 0) {
            byte[] bytes = new byte[length];
            content.getBytes(content.readerIndex(), bytes);
            refusedBody.write(bytes, 0, length);
        }
    }

    private void refused(ChannelHandlerContext ctx) {
        int status = refusedStatus;
        byte[] body = refusedBody.toByteArray();
        fail(ctx, operation -> ErrorMapper.fromResponse(operation, status, body));
    }

    /** The answer is known: the guard's work is done. */
    private void decide(ChannelHandlerContext ctx) {
        decided = true;
        StreamTimers.cancel(timeout);
        ctx.pipeline().remove(this);
    }

    /** Leaves the failure for the session and lets Reactor Netty complete the upgrade, which the session then closes. */
    private void fail(ChannelHandlerContext ctx, Function<String, WrennException> failure) {
        if (decided) {
            return;
        }
        ctx.channel().attr(FAILURE).set(failure);
        DefaultFullHttpResponse upgraded = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER);
        upgraded.headers()
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, expectedAccept);
        decide(ctx);
        ctx.fireChannelRead(upgraded);
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
