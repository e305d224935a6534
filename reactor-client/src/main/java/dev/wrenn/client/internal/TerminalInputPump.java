package dev.wrenn.client.internal;

import dev.wrenn.client.TerminalInput;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * Sends a caller's terminal input, paced for a service that DROPS input once its 64-message queue is full and
 * that cannot be asked how full it is. One message is in flight at a time: the next is written only when the
 * previous one has been flushed to the socket and the event loop has had a turn, so a slow connection slows the
 * input down. While a message is in flight, consecutive bytes are gathered into the next message, up to {@value #MAX_MESSAGE_BYTES} bytes, and input
 * is requested one element at a time only while there is room, so the caller's publisher is never asked for more
 * than can be held. A resize or kill goes ahead of gathered bytes, and is sent twice in a row: the service may lose
 * one control message that arrives while it coalesces a burst of input, never two in a row (it stops coalescing at
 * the first). Nothing is dropped here. All state is touched only on the connection's event loop.
 */
final class TerminalInputPump implements CoreSubscriber<TerminalInput> {

    static final int MAX_MESSAGE_BYTES = 32 * 1024;
    /** Control messages held before input is no longer requested: a burst of resizes waits in the publisher. */
    private static final int MAX_QUEUED_CONTROLS = 4;

    private final Channel channel;
    private final Consumer<Throwable> onInputError;
    private final ArrayDeque<byte[]> bytes = new ArrayDeque<>();
    private final ArrayDeque<TerminalInput> controls = new ArrayDeque<>();
    private int byteCount;
    private Subscription subscription;
    private boolean requested;
    private boolean inFlight;
    private boolean stopped;
    private long messagesSent;

    TerminalInputPump(Channel channel, Consumer<Throwable> onInputError) {
        this.channel = channel;
        this.onInputError = onInputError;
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.validate(subscription, s)) {
            onLoop(() -> {
                subscription = s;
                if (stopped) {
                    s.cancel(); // the session ended before the input was subscribed
                } else {
                    requestIfRoom();
                }
            });
        }
    }

    @Override
    public void onNext(TerminalInput input) {
        onLoop(() -> {
            requested = false;
            if (stopped) {
                return;
            }
            if (input instanceof TerminalInput.Bytes b) {
                if (b.length() > 0) {
                    bytes.add(b.data());
                    byteCount += b.length();
                }
            } else {
                controls.add(input);
            }
            sendNext();
            requestIfRoom();
        });
    }

    @Override
    public void onError(Throwable error) {
        onLoop(() -> {
            if (!stopped) {
                stopped = true;
                onInputError.accept(error);
            }
        });
    }

    @Override
    public void onComplete() {
        // The session goes on: the program's exit ends it.
    }

    /** Stops reading input; what is gathered is not sent. */
    void stop() {
        onLoop(() -> {
            stopped = true;
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        });
    }

    /** How many input messages were written to the connection. */
    long messagesSent() {
        return messagesSent;
    }

    private void requestIfRoom() {
        if (!stopped && !requested && subscription != null && byteCount < MAX_MESSAGE_BYTES
                && controls.size() < MAX_QUEUED_CONTROLS) {
            requested = true;
            subscription.request(1);
        }
    }

    private void sendNext() {
        if (inFlight || stopped || !channel.isActive()) {
            return;
        }
        TerminalInput control = controls.poll();
        if (control != null) {
            write(TerminalWire.control(control), false);
            write(TerminalWire.control(control), true);
        } else if (byteCount > 0) {
            write(TerminalWire.input(takeBytes()), true);
        }
    }

    /** Up to {@link #MAX_MESSAGE_BYTES} of the gathered bytes, in order. */
    private byte[] takeBytes() {
        int size = Math.min(byteCount, MAX_MESSAGE_BYTES);
        byte[] message = new byte[size];
        int filled = 0;
        while (filled < size) {
            byte[] head = bytes.poll();
            int take = Math.min(head.length, size - filled);
            System.arraycopy(head, 0, message, filled, take);
            filled += take;
            if (take < head.length) {
                byte[] rest = new byte[head.length - take];
                System.arraycopy(head, take, rest, 0, rest.length);
                bytes.addFirst(rest);
            }
        }
        byteCount -= size;
        return message;
    }

    private void write(WebSocketFrame frame, boolean last) {
        messagesSent++;
        ChannelFuture written = channel.writeAndFlush(frame);
        if (last) {
            inFlight = true;
            // The next message waits for this one's flush and then for the next turn of the event loop, so that
            // input arriving meanwhile, even from a publisher that emits as soon as asked, is gathered into it.
            written.addListener(done -> channel.eventLoop().execute(() -> {
                inFlight = false;
                if (done.isSuccess()) {
                    sendNext();
                    requestIfRoom();
                }
                // A failed write means the connection is failing: the session reports how it ended.
            }));
        }
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
            return;
        }
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException shutDown) {
            task.run(); // the event loops are shutting down: nothing else touches this state any more
        }
    }
}
