package dev.wrenn.client.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Sits right after the HTTP codec of a REST connection and turns a response head the codec refused (a status
 * line, header or length it cannot read) into a {@link MalformedResponse}. Reactor Netty would otherwise log
 * the decoder's own exception with its stack trace, and that exception quotes the server's bytes, which may
 * echo the API key; this one says nothing until {@link ErrorMapper} turns it into a redacted
 * {@code ProtocolException}.
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
            Throwable cause = head.decoderResult().cause();
            ReferenceCountUtil.release(msg);
            ctx.fireExceptionCaught(new MalformedResponse(cause));
            ctx.close();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * A response the HTTP codec refused. Without a message, as a reset connection often is, so that Reactor
     * Netty does not log it as a warning before the client reports it as a typed error; and the codec's
     * exception is kept aside rather than as the cause, so that whatever is logged quotes nothing the server sent.
     */
    static final class MalformedResponse extends IOException {
        private final transient Throwable refusal;

        MalformedResponse(Throwable refusal) {
            super();
            this.refusal = refusal;
        }

        Throwable refusal() {
            return refusal;
        }
    }
}
