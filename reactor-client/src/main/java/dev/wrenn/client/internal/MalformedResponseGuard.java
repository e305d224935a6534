package dev.wrenn.client.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits right after the HTTP codec of a REST connection and turns a response head the codec refused (a status
 * line, header or length it cannot read) into a {@link MalformedResponse}. Reactor Netty logs a failure before
 * the response with its stack trace; the codec's own exception quotes the server's bytes, which may echo the
 * API key, while this one quotes nothing and has no stack trace, until {@link ErrorMapper} turns it into a
 * redacted {@code ProtocolException}.
 */
@ChannelHandler.Sharable
final class MalformedResponseGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "wrenn.malformedResponse";
    static final MalformedResponseGuard INSTANCE = new MalformedResponseGuard();

    private MalformedResponseGuard() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse head && head.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            if (ctx.channel().isActive()) { // once: the rest of a broken response may decode as more broken heads
                ctx.fireExceptionCaught(new MalformedResponse(head.decoderResult().cause()));
                ctx.close();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** A response the HTTP codec refused; the codec's exception is kept aside, never logged with this one. */
    static final class MalformedResponse extends RuntimeException {
        private final transient Throwable refusal;

        MalformedResponse(Throwable refusal) {
            super("malformed HTTP response (reported to the caller as a ProtocolException)", null, false, false);
            this.refusal = refusal;
        }

        Throwable refusal() {
            return refusal;
        }
    }
}
