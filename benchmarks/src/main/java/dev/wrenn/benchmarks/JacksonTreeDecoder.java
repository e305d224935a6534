package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline decoder: what an application would write by hand with Jackson, a tree per frame and then
 * the event. Used by the decoder benchmark and by the raw Reactor Netty baseline client.
 */
public final class JacksonTreeDecoder {

    private final ObjectMapper mapper = JsonMapper.builder().build();

    /** Decodes one text frame; an {@code error} frame or an unknown type is an exception here. */
    public ProcessEvent decode(ByteBuf frame, String capsuleId, ProcessSelector selector) {
        JsonNode json = frame.hasArray()
                ? mapper.readTree(frame.array(), frame.arrayOffset() + frame.readerIndex(), frame.readableBytes())
                : mapper.readTree(ByteBufUtil.getBytes(frame));
        String type = json.path("type").asString();
        return switch (type) {
            case "stdout" -> new ProcessEvent.Stdout(capsuleId, selector, json.path("data").asString());
            case "stderr" -> new ProcessEvent.Stderr(capsuleId, selector, json.path("data").asString());
            case "start" -> new ProcessEvent.Started(capsuleId, selector, json.path("pid").asLong());
            case "exit" -> new ProcessEvent.Exited(capsuleId, selector, json.path("exit_code").asInt());
            case "error" -> throw new IllegalStateException("error frame: " + json.path("data").asString());
            default -> throw new IllegalStateException("unexpected frame type: " + type);
        };
    }
}
