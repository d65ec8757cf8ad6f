package dev.lightcone.gateway.ws;

import dev.lightcone.gateway.protocol.EncodedMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Writes one session's message batches straight to its socket. A batch becomes frames on the thread that produced it
 * (the database's delivery thread) and is written by its event loop's {@link EventLoopOutbox} task, together with
 * the batches of the loop's other connections from the same burst, and flushed once when that task ends. At most {@value #WINDOW} batches are
 * between the session and the kernel: the next is asked for when one has been flushed, so a client that stops reading
 * leaves its updates with the session, which counts them and cuts the client off.
 */
final class SessionWriter extends BaseSubscriber<List<EncodedMessage>> {
    /** Batches taken from the session and not yet flushed to the socket. */
    static final int WINDOW = 16;

    private final Channel channel;
    private final EventLoopOutbox outbox;
    private final Function<List<EncodedMessage>, List<WebSocketFrame>> framer;
    private final BooleanSupplier closing;
    private final Consumer<Throwable> ended;
    private final Runnable flush = this::flushNow;
    /** A flush is asked of the outbox for this run (event loop only). */
    private boolean flushAsked;
    private final ChannelFutureListener flushed = f -> {
        if (f.isSuccess()) {
            request(1);
        }
    };

    /**
     * @param framer  a batch's frames
     * @param closing true once the socket is being closed: nothing more is written
     * @param ended   on the event loop after the last batch was written: the session ended (null) or failed
     */
    SessionWriter(Channel channel, EventLoopOutbox outbox, Function<List<EncodedMessage>, List<WebSocketFrame>> framer,
            BooleanSupplier closing, Consumer<Throwable> ended) {
        this.channel = channel;
        this.outbox = outbox;
        this.framer = framer;
        this.closing = closing;
        this.ended = ended;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        subscription.request(WINDOW);
    }

    @Override
    protected void hookOnNext(List<EncodedMessage> batch) {
        List<WebSocketFrame> frames = framer.apply(batch);
        outbox.post(() -> write(frames));
    }

    @Override
    protected void hookOnComplete() {
        outbox.post(() -> ended.accept(null));
    }

    @Override
    protected void hookOnError(Throwable failure) {
        outbox.post(() -> ended.accept(failure));
    }

    /** On the event loop: writes a batch; the outbox flushes it when its run ends. */
    private void write(List<WebSocketFrame> frames) {
        if (frames.isEmpty()) {
            request(1);
            return;
        }
        if (closing.getAsBoolean() || !channel.isActive()) {
            frames.forEach(ReferenceCountUtil::release);
            return;
        }
        int last = frames.size() - 1;
        for (int i = 0; i < last; i++) {
            channel.write(frames.get(i));
        }
        channel.write(frames.get(last)).addListener(flushed);
        if (!flushAsked) {
            flushAsked = true;
            outbox.flushAtEnd(flush);
        }
    }

    private void flushNow() {
        flushAsked = false;
        channel.flush();
    }
}
