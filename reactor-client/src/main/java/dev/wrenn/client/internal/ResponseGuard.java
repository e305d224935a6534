package dev.wrenn.client.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * Sits right after the HTTP codec of a pooled REST connection, for its whole life, and catches, in each exchange, the two failures that can come before a
 * response: a response head the codec refused (a status line, header or length it cannot read), and the
 * connection closing after the request was sent but before any response. Reactor Netty would log either as a
 * warning with a stack trace, and the codec's exception quotes the server's bytes, which may echo the API key.
 * Instead the failure is recorded on the channel ({@link #failure}) and the exchange ends with an empty
 * placeholder response and a closed connection; {@link RestTransport} reads the record and reports the
 * failure as the typed error it is.
 */
final class ResponseGuard extends ChannelDuplexHandler {

    static final String NAME = "wrenn.responseGuard";
    private static final AttributeKey<Failure> FAILURE = AttributeKey.valueOf(NAME);

    /** Why an exchange ended without a response: the codec's refusal, or {@code null} for a lost connection. */
    record Failure(@Nullable Throwable refusal) {
    }

    private boolean requestSent;
    private boolean responseSeen;

    /**
     * Puts a guard on a new connection, once: a handler added per exchange would be added to and removed from
     * the pipeline on every call.
     */
    static void install(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(NAME) == null) {
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, NAME, new ResponseGuard());
            } else {
                pipeline.addFirst(NAME, new ResponseGuard());
            }
        }
    }

    /** The failure recorded for this channel's exchange, if it ended without a response. */
    static @Nullable Failure failure(Channel channel) {
        return channel.attr(FAILURE).get();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpRequest) { // a new exchange; after a failed one the connection is closed
            requestSent = false;
            responseSeen = false;
        }
        if (msg instanceof LastHttpContent) {
            promise = promise.unvoid().addListener(written -> requestSent |= written.isSuccess());
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpResponse head)) {
            ctx.fireChannelRead(msg);
        } else if (head.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            end(ctx, new Failure(head.decoderResult().cause()));
        } else {
            responseSeen = true;
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Before the request went out, Reactor Netty may safely send it again on a new connection: leave it be.
        if (requestSent && !responseSeen) {
            end(ctx, new Failure(null));
        }
        ctx.fireChannelInactive();
    }

    /** Ends the exchange once, with a placeholder response that carries nothing and closes the connection. */
    private void end(ChannelHandlerContext ctx, Failure failure) {
        if (responseSeen) {
            return; // a broken response may decode as several broken heads
        }
        responseSeen = true;
        ctx.channel().attr(FAILURE).set(failure);
        FullHttpResponse placeholder = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY,
                Unpooled.EMPTY_BUFFER);
        placeholder.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.fireChannelRead(placeholder);
        ctx.close();
    }
}
