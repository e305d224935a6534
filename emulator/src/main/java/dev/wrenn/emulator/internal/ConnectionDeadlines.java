package dev.wrenn.emulator.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import reactor.netty.NettyPipeline;

/**
 * Closes HTTP connections that hold a file descriptor without using it. A request must arrive in full (headers and
 * body) within the read timeout, counted from the start of the connection or from the request's first byte; a
 * kept-alive connection may wait at most the idle timeout for the next request. Neither applies while a complete
 * request is being answered (a long foreground exec), nor after an upgrade to WebSocket. The connection is closed
 * without an answer, as Go's server does.
 *
 * <p>One instance per connection; its two handlers sit on both sides of the HTTP codec, one seeing raw bytes (the
 * first byte of a request), the other whole requests and responses. All state is confined to the channel's event
 * loop.
 */
final class ConnectionDeadlines {

    private enum Deadline { NONE, READ, IDLE }

    private static final String BYTES = "wrenn.deadlines.bytes";
    private static final String MESSAGES = "wrenn.deadlines.messages";

    private final long readMillis;
    private final long idleMillis;
    private ChannelHandlerContext context;
    private ScheduledFuture<?> timer;
    private Deadline armed = Deadline.NONE;
    /** Requests read in full minus responses sent in full; positive while a request is being answered. */
    private int unanswered;
    /** A request has begun (or the connection is new) and has not been read in full. */
    private boolean partialRequest = true;
    private boolean upgraded;
    /** Closed by a deadline: what the codec still decodes from a cut request is dropped, not reported. */
    private boolean expired;

    private ConnectionDeadlines(Duration read, Duration idle) {
        this.readMillis = read.toMillis();
        this.idleMillis = idle.toMillis();
    }

    /** Adds the deadlines to a new connection's pipeline, around Reactor Netty's HTTP codec. */
    static void install(ChannelPipeline pipeline, Duration read, Duration idle) {
        ConnectionDeadlines deadlines = new ConnectionDeadlines(read, idle);
        pipeline.addBefore(NettyPipeline.HttpCodec, BYTES, deadlines.new BytesSeen());
        pipeline.addAfter(NettyPipeline.HttpCodec, MESSAGES, deadlines.new MessagesSeen());
    }

    private void update() {
        if (upgraded) {
            return;
        }
        Deadline wanted = unanswered > 0 ? Deadline.NONE : partialRequest ? Deadline.READ : Deadline.IDLE;
        if (wanted == armed) {
            return;
        }
        cancel();
        armed = wanted;
        if (wanted != Deadline.NONE && context.channel().isActive()) {
            timer = context.executor().schedule(this::expire,
                    wanted == Deadline.READ ? readMillis : idleMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void expire() {
        expired = true;
        context.channel().close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        armed = Deadline.NONE;
    }

    /** After a switch to WebSocket the connection is the stream's: no deadline applies any more. */
    private void uninstall() {
        upgraded = true;
        cancel();
        ChannelPipeline pipeline = context.pipeline();
        pipeline.remove(BYTES);
        pipeline.remove(MESSAGES);
    }

    private final class BytesSeen extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                partialRequest = true; // the codec below clears it if these bytes complete the request
            }
            ctx.fireChannelRead(msg);
            if (ctx.channel().isActive() && context != null) {
                update();
            }
        }
    }

    private final class MessagesSeen extends ChannelDuplexHandler {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
            update();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            cancel();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (expired) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof LastHttpContent) {
                unanswered++;
                partialRequest = false;
                update();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response
                    && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                uninstall();
                ctx.write(msg, promise);
                return;
            }
            boolean informational = msg instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL; // 100 Continue
            if (msg instanceof LastHttpContent && !informational) {
                // Counted once it is sent: a slow reader of a large answer is not idle.
                ChannelPromise sent = promise.unvoid();
                sent.addListener(future -> {
                    unanswered--;
                    update();
                });
                ctx.write(msg, sent);
                return;
            }
            ctx.write(msg, promise);
        }
    }
}
