package dev.lightcone.gateway.ws;

import dev.lightcone.gateway.protocol.EncodedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Writes one session's message batches straight to its socket. A batch is framed on the thread that produced it (the
 * database's delivery thread); the connection's event loop copies its frames into one buffer of wire bytes
 * ({@link ServerFrames}) and writes it in one {@link EventLoopOutbox} task together with the batches of the loop's
 * other connections from the same burst, flushing each connection once when that task ends. At most {@value #WINDOW}
 * batches are between the session and the kernel: the next is asked for when one has been flushed, so a client that
 * stops reading leaves its updates with the session, which counts them and cuts the client off.
 */
final class SessionWriter extends BaseSubscriber<List<EncodedMessage>> {
    /** Batches taken from the session and not yet flushed to the socket. */
    static final int WINDOW = 16;

    private final Channel channel;
    private final EventLoopOutbox outbox;
    private final Function<List<EncodedMessage>, List<byte[][]>> framer;
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
     * @param framer  a batch's frames, each as the pieces of its payload
     * @param closing true once the socket is being closed: nothing more is written
     * @param ended   on the event loop after the last batch was written: the session ended (null) or failed
     */
    SessionWriter(Channel channel, EventLoopOutbox outbox, Function<List<EncodedMessage>, List<byte[][]>> framer,
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
        List<byte[][]> frames = framer.apply(batch);
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
    private void write(List<byte[][]> frames) {
        if (closing.getAsBoolean() || !channel.isActive()) {
            return;
        }
        channel.write(ServerFrames.of(frames, channel.alloc())).addListener(flushed);
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
