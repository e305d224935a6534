package dev.wrenn.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.logging.LoggingHandler;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Wire logging that never shows the API key: traffic is logged as text, and the key itself, anything that
 * looks like a Wrenn key, and the value of any {@code X-API-Key} header are replaced before a line reaches
 * the logger.
 */
@ChannelHandler.Sharable
final class RedactingWiretap extends LoggingHandler {

    static final String NAME = "wrenn.wiretap";
    static final String CATEGORY = "dev.wrenn.client.wire";
    private static final Pattern KEY_HEADER = Pattern.compile("(?i)(x-api-key\\s*:\\s*)[^\\r\\n]*");

    private final String secret;

    RedactingWiretap(String secret) {
        super(CATEGORY, LogLevel.DEBUG);
        this.secret = secret;
    }

    @Override
    protected String format(ChannelHandlerContext ctx, String eventName, Object arg) {
        ByteBuf content = arg instanceof ByteBuf buf ? buf : arg instanceof ByteBufHolder holder ? holder.content() : null;
        if (content == null) {
            return redact(super.format(ctx, eventName, arg));
        }
        String text = content.toString(content.readerIndex(), content.readableBytes(), StandardCharsets.UTF_8);
        return redact(ctx.channel() + " " + eventName + " " + content.readableBytes() + "B: " + text);
    }

    @Override
    protected String format(ChannelHandlerContext ctx, String eventName, Object first, Object second) {
        return redact(super.format(ctx, eventName, first, second));
    }

    @Override
    protected String format(ChannelHandlerContext ctx, String eventName) {
        return redact(super.format(ctx, eventName));
    }

    String redact(String line) {
        return KEY_HEADER.matcher(ErrorMapper.redact(line, secret)).replaceAll("$1" + ErrorMapper.REDACTED);
    }
}
